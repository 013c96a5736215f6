/// Scales each tensor's update by the ratio of the parameter's norm to the update's: the
/// layer-wise trust ratio of LARS and LAMB.
///
///     u ← u · c·max(‖θ‖, n₀) / (max(‖u‖, n₀) + ε)
///
/// The ratio is 1 when either norm is 0 (a tensor at zero still moves).
///
/// - Parameter minNorm: n₀, a floor on both norms. Default `0`.
/// - Parameter trustCoefficient: c. Default `1`.
/// - Parameter epsilon: ε. Default `0`.
/// - Parameter mask: the paths to scale (all when `nil`).
/// - SeeAlso: "Large Batch Training of Convolutional Networks", You, Gitman & Ginsburg, 2017;
///   "Large Batch Optimization for Deep Learning: Training BERT in 76 minutes", You et al., ICLR 2020.
public struct ScaleByTrustRatio<Scalar: TensorScalar>: GradientTransformation {
  public var minNorm: Double
  public var trustCoefficient: Double
  public var epsilon: Double
  public var mask: (@Sendable (String) -> Bool)?

  public init(minNorm: Double = 0, trustCoefficient: Double = 1, epsilon: Double = 0, mask: (@Sendable (String) -> Bool)? = nil) {
    precondition(minNorm >= 0 && epsilon >= 0, "minNorm and epsilon must be non-negative")
    (self.minNorm, self.trustCoefficient, self.epsilon, self.mask) = (minNorm, trustCoefficient, epsilon, mask)
  }

  public func initialState(for parameters: ParameterSet<Scalar>) -> EmptyState { EmptyState() }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func update(_ updates: inout ParameterSet<Scalar>, state: inout EmptyState, parameters: ParameterSet<Scalar>) {
    for i in 0..<updates.count where mask?(updates.paths[i]) ?? true {
      let p = parameters.withReadBuffer(at: i) { Swift.max(euclideanNorm($0), minNorm) }
      updates.withBuffer(at: i) { u in
        let n = Swift.max(euclideanNorm(u), minNorm)
        let ratio = p == 0 || n == 0 ? 1 : trustCoefficient * p / (n + epsilon)
        let r = Scalar(ratio)
        for j in u.indices { u[j] *= r }
      }
    }
  }
}
