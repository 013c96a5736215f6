/// A Euclidean projection onto a convex set: P_C(x) = argmin_{y ∈ C} ‖x − y‖².
///
/// The sets are Optax's (`optax.projections`), and each projection matches Optax's value.
/// A projection acts on one whole tensor (all its elements jointly, as Optax acts on a
/// whole pytree); apply it per parameter with ``ProjectedUpdates``.
///
///     nonNegative      y = max(x, 0)
///     box(l, u)        y = min(max(x, l), u)
///     hypercube(s)     box(0, s)
///     simplex(s)       y ≥ 0, Σy = s           (sort-based, Duchi et al.)
///     l1Sphere(r)      ‖y‖₁ = r:  sign(x) ⊙ simplex_r(|x|)
///     l1Ball(r)        ‖y‖₁ ≤ r:  x if inside, else l1Sphere(r)
///     l2Sphere(r)      y = r·x/‖x‖₂
///     l2Ball(r)        y = x·r / max(‖x‖₂, r)
///     lInfinityBall(r) box(−r, r)
///     hyperplane(a, b) ⟨a, y⟩ = b:  y = x + (b − ⟨a, x⟩)/⟨a, a⟩ · a
///     halfspace(a, b)  ⟨a, y⟩ ≤ b:  y = x − max(⟨a, x⟩ − b, 0)/⟨a, a⟩ · a
///
/// - SeeAlso: Duchi, Shalev-Shwartz, Singer & Chandra, "Efficient Projections onto the
///   ℓ1-Ball for Learning in High Dimensions", ICML 2008.
public enum Projection<Scalar: TensorScalar>: Sendable, Equatable {
  case nonNegative
  case box(lower: Scalar, upper: Scalar)
  case hypercube(scale: Scalar)
  case simplex(scale: Scalar)
  case l1Sphere(radius: Scalar)
  case l1Ball(radius: Scalar)
  case l2Sphere(radius: Scalar)
  case l2Ball(radius: Scalar)
  case lInfinityBall(radius: Scalar)
  case hyperplane(normal: Tensor<Scalar>, offset: Scalar)
  case halfspace(normal: Tensor<Scalar>, offset: Scalar)

  /// P_C(x).
  ///
  /// Preconditions: positive scales and radii, `lower ≤ upper`, a normal of x's shape and
  /// not zero. The ℓ2 sphere maps 0 to NaN, as Optax does (every direction is closest).
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public func project(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
    switch self {
    case .nonNegative:
      return x.map { Swift.max($0, 0) }
    case .box(let lower, let upper):
      precondition(lower <= upper, "box: lower \(lower) exceeds upper \(upper)")
      return x.map { Swift.min(Swift.max($0, lower), upper) }
    case .hypercube(let scale):
      precondition(scale > 0, "hypercube: scale must be positive, got \(scale)")
      return Projection.box(lower: 0, upper: scale).project(x)
    case .simplex(let scale):
      precondition(scale > 0, "simplex: scale must be positive, got \(scale)")
      return Tensor(shape: x.shape, scalars: simplexProjection(x.scalars, scale: scale))
    case .l1Sphere(let radius):
      precondition(radius > 0, "l1Sphere: radius must be positive, got \(radius)")
      let magnitudes = simplexProjection(x.scalars.map { Swift.abs($0) }, scale: radius)
      return Tensor(shape: x.shape, scalars: zip(x.scalars, magnitudes).map { $0 < 0 ? -$1 : ($0 > 0 ? $1 : 0) })
    case .l1Ball(let radius):
      precondition(radius > 0, "l1Ball: radius must be positive, got \(radius)")
      return x.scalars.reduce(0) { $0 + Swift.abs($1) } <= radius ? x : Projection.l1Sphere(radius: radius).project(x)
    case .l2Sphere(let radius):
      precondition(radius > 0, "l2Sphere: radius must be positive, got \(radius)")
      return x * (radius / squaredNorm(x).squareRoot())
    case .l2Ball(let radius):
      precondition(radius > 0, "l2Ball: radius must be positive, got \(radius)")
      return x * (radius / Swift.max(squaredNorm(x), radius * radius).squareRoot())
    case .lInfinityBall(let radius):
      precondition(radius > 0, "lInfinityBall: radius must be positive, got \(radius)")
      return Projection.box(lower: -radius, upper: radius).project(x)
    case .hyperplane(let a, let b):
      let (ax, aa) = products(x, a)
      return x + a * ((b - ax) / aa)
    case .halfspace(let a, let b):
      let (ax, aa) = products(x, a)
      return x - a * (Swift.max(ax - b, 0) / aa)
    }
  }

  /// Whether x lies in the set, up to `tolerance` (absolute, on the defining quantity).
  public func contains(_ x: Tensor<Scalar>, tolerance: Scalar) -> Bool {
    let s = x.scalars
    switch self {
    case .nonNegative: return s.allSatisfy { $0 >= -tolerance }
    case .box(let l, let u): return s.allSatisfy { $0 >= l - tolerance && $0 <= u + tolerance }
    case .hypercube(let scale): return Projection.box(lower: 0, upper: scale).contains(x, tolerance: tolerance)
    case .simplex(let scale): return s.allSatisfy { $0 >= -tolerance } && Swift.abs(s.reduce(0, +) - scale) <= tolerance
    case .l1Sphere(let r): return Swift.abs(s.reduce(0) { $0 + Swift.abs($1) } - r) <= tolerance
    case .l1Ball(let r): return s.reduce(0) { $0 + Swift.abs($1) } <= r + tolerance
    case .l2Sphere(let r): return Swift.abs(squaredNorm(x).squareRoot() - r) <= tolerance
    case .l2Ball(let r): return squaredNorm(x).squareRoot() <= r + tolerance
    case .lInfinityBall(let r): return s.allSatisfy { Swift.abs($0) <= r + tolerance }
    case .hyperplane(let a, let b): return Swift.abs(products(x, a).0 - b) <= tolerance
    case .halfspace(let a, let b): return products(x, a).0 <= b + tolerance
    }
  }

  private func squaredNorm(_ x: Tensor<Scalar>) -> Scalar { x.scalars.reduce(0) { $0 + $1 * $1 } }

  /// (⟨a, x⟩, ⟨a, a⟩).
  private func products(_ x: Tensor<Scalar>, _ a: Tensor<Scalar>) -> (Scalar, Scalar) {
    precondition(a.shape == x.shape, "the normal's shape \(a.shape) differs from the tensor's \(x.shape)")
    let aa = squaredNorm(a)
    precondition(aa > 0, "the normal must not be zero")
    return (zip(a.scalars, x.scalars).reduce(0) { $0 + $1.0 * $1.1 }, aa)
  }
}

/// The projection of `v` onto {y ≥ 0, Σy = s}: y = max(v − τ, 0), with τ from the sorted values.
///
/// Sort u descending; ρ = the number of k with s/k + u_k − (Σ_{j≤k} u_j)/k > 0;
/// τ = (Σ_{j≤ρ} u_j − s)/ρ. O(n log n).
@_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
func simplexProjection<Scalar: TensorScalar>(_ v: [Scalar], scale s: Scalar) -> [Scalar] {
  guard !v.isEmpty else { return v }
  let u = v.sorted(by: >)
  var cumulative: Scalar = 0, rho = 0, sumAtRho: Scalar = 0
  for (k, value) in u.enumerated() {
    cumulative += value
    if s / Scalar(k + 1) + (value - cumulative / Scalar(k + 1)) > 0 {
      rho = k + 1
      sumAtRho = cumulative
    }
  }
  let tau = (sumAtRho - s) / Scalar(rho)
  return v.map { Swift.max($0 - tau, 0) }
}
