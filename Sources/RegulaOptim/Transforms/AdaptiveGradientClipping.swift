/// Adaptive gradient clipping, unit-wise: clips each unit's gradient norm to a multiple of
/// its weight norm (Optax's `adaptive_grad_clip`).
///
///     for each unit i:  ‖gᵢ‖ ≥ λ·max(‖θᵢ‖, ε)  ⇒  gᵢ ← gᵢ · λ·max(‖θᵢ‖, ε)/max(‖gᵢ‖, 10⁻⁶)
///
/// A unit is the whole tensor for scalars and vectors, a column (reduction over axis 0) for
/// rank-2 [in, out] and rank-3 tensors, and an output channel (reduction over all axes but
/// the last) for rank-4 HWIO and rank-5 DHWIO kernels.
///
/// - Parameter clipping: λ.
/// - Parameter epsilon: ε, so zero-initialized weights still move. Default `1e-3`.
/// - SeeAlso: "High-Performance Large-Scale Image Recognition Without Normalization",
///   Brock, De, Smith & Simonyan, ICML 2021.
public struct AdaptiveGradientClipping<Scalar: TensorScalar>: GradientTransformation {
  public var clipping: Double
  public var epsilon: Double

  public init(clipping: Double, epsilon: Double = 1e-3) {
    precondition(clipping > 0, "clipping must be positive, got \(clipping)")
    (self.clipping, self.epsilon) = (clipping, epsilon)
  }

  public func initialState(for parameters: ParameterSet<Scalar>) -> EmptyState { EmptyState() }

  /// The number of leading axes reduced for a unit-wise norm (0: the whole tensor).
  static func reducedAxes(_ shape: [Int]) -> Int {
    if shape.filter({ $0 != 1 }).count <= 1 { return 0 }
    switch shape.count {
    case 2, 3: return 1
    case 4, 5: return shape.count - 1
    default: preconditionFailure("AdaptiveGradientClipping: unsupported shape \(shape) (ranks 0–5)")
    }
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func update(_ updates: inout ParameterSet<Scalar>, state: inout EmptyState, parameters: ParameterSet<Scalar>) {
    for i in 0..<updates.count {
      let shape = updates.tensors[i].shape
      let r = Self.reducedAxes(shape)
      let count = updates.tensors[i].scalarCount
      let units = r == 0 ? 1 : shape[r...].reduce(1, *)
      guard count > 0 else { continue }
      var gNorm = [Double](repeating: 0, count: units), pNorm = gNorm
      parameters.withReadBuffer(at: i) { p in
        updates.withBuffer(at: i) { g in
          for j in g.indices {
            let u = j % units
            gNorm[u] += Double(g[j]) * Double(g[j])
            pNorm[u] += Double(p[j]) * Double(p[j])
          }
          var scale = [Scalar](repeating: 1, count: units)
          for u in 0..<units {
            let (gn, maxNorm) = (gNorm[u].squareRoot(), clipping * Swift.max(pNorm[u].squareRoot(), epsilon))
            if !(gn < maxNorm) { scale[u] = Scalar(maxNorm / Swift.max(gn, 1e-6)) }
          }
          for j in g.indices { g[j] *= scale[j % units] }
        }
      }
    }
  }
}
