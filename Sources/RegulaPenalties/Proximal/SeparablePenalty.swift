/// A penalty that is a sum of one-dimensional terms, g(w) = Σⱼ gⱼ(wⱼ), described by what
/// coordinate descent, working sets and stopping rules need (the interface of skglm's
/// separable penalties, checked at compile time).
///
/// Penalties act on `Double`: the sparse solvers that use them work in float64 throughout,
/// as duality gaps of 1e-10 require.
///
/// - `value`: gⱼ(x).
/// - `prox`: argmin_z ½(z − x)² + s·gⱼ(z), the proximal operator of step s.
/// - `subdifferentialDistance`: dist(−∇ⱼf, ∂gⱼ(wⱼ)), the violation of the first-order
///   optimality condition 0 ∈ ∇ⱼf(w) + ∂gⱼ(wⱼ) for a datafit f. For a nonconvex gⱼ, ∂ is the
///   Fréchet subdifferential (the derivative of the concave part added to α·∂|·|).
/// - SeeAlso: Q. Bertrand et al., "Beyond L1: Faster and Better Sparse Models with skglm",
///   NeurIPS 2022.
public protocol SeparablePenalty: Sendable {
  /// gⱼ(x), the term of coordinate j.
  func value(_ x: Double, coordinate j: Int) -> Double

  /// argmin_z ½(z − x)² + stepSize·gⱼ(z). `stepSize` is ≥ 0; a step of 0 returns x.
  func prox(_ x: Double, stepSize: Double, coordinate j: Int) -> Double

  /// The distance from −`gj` (minus the datafit's partial derivative at w) to ∂gⱼ(`wj`);
  /// zero exactly when coordinate j satisfies its optimality condition.
  func subdifferentialDistance(_ wj: Double, gradient gj: Double, coordinate j: Int) -> Double

  /// Whether gⱼ is not identically zero. Unpenalized coordinates (a weight of 0) belong to
  /// every working set.
  func isPenalized(coordinate j: Int) -> Bool

  /// Whether `wj` is in the generalized support: the coordinates whose subdifferential is a
  /// single point. For L1-type penalties, wⱼ ≠ 0.
  func isInGeneralizedSupport(_ wj: Double, coordinate j: Int) -> Bool
}

extension SeparablePenalty {
  /// g(w) = Σⱼ gⱼ(wⱼ).
  @inlinable
  public func value(_ w: [Double]) -> Double {
    var total = 0.0
    for j in w.indices { total += value(w[j], coordinate: j) }
    return total
  }

  @inlinable
  public func isPenalized(coordinate j: Int) -> Bool { true }

  @inlinable
  public func isInGeneralizedSupport(_ wj: Double, coordinate j: Int) -> Bool { wj != 0 }
}

/// A separable penalty scaled by a regularization strength α, for regularization paths.
public protocol PathPenalty: SeparablePenalty {
  /// The regularization strength α.
  var alpha: Double { get }

  /// The same penalty with strength `alpha`.
  func withAlpha(_ alpha: Double) -> Self

  /// The smallest α for which w = 0 is optimal (stationary, for a nonconvex penalty), given
  /// the datafit's gradient at 0: every unpenalized coordinate aside, the largest
  /// |∇ⱼf(0)| relative to the penalty's slope at 0.
  func alphaMax(gradientAtZero gradient: [Double]) -> Double
}

/// A convex separable penalty whose conjugate is known, so that solvers can build a dual
/// point and stop on the duality gap.
///
/// For the datafit (1/2n)‖y − Xw‖² and a dual point θ ∈ ℝⁿ, the dual objective is
///
///     D(θ) = θᵀy/n − ‖θ‖²/(2n) − Σⱼ gⱼ*(x_jᵀθ/n),
///
/// and a residual r = y − Xw is made dual-feasible by scaling it with the smallest
/// ``dualScale(_:coordinate:)`` over the coordinates.
public protocol ConvexSeparablePenalty: SeparablePenalty {
  /// gⱼ*(u) = sup_z uz − gⱼ(z); `.infinity` outside its domain.
  func conjugate(_ u: Double, coordinate j: Int) -> Double

  /// The largest s in [0, 1] with gⱼ*(s·u) finite (1 for a penalty with a finite conjugate).
  /// For an unpenalized coordinate (gⱼ = 0, whose conjugate is the indicator of {0}) this is
  /// 1: solvers treat that constraint through the coordinate's optimality condition.
  func dualScale(_ u: Double, coordinate j: Int) -> Double

  /// r_j with ∂gⱼ(0) = [−r_j, r_j]: coordinate j is 0 at the optimum whenever
  /// |x_jᵀθ*/n| < r_j (the basis of gap-safe screening). 0 for an unpenalized coordinate.
  func subdifferentialRadiusAtZero(coordinate j: Int) -> Double
}
