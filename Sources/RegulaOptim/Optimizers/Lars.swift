/// LARS: SGD with momentum whose per-tensor step is scaled by a trust ratio.
///
///     r = g + λ·θ;   r ← c·‖θ‖/(‖r‖ + ε) · r;   m ← −η·r + β·m;   θ ← θ + m
///
/// - Parameter weightDecay: λ (coupled, before the trust ratio). Default `0`.
/// - Parameter weightDecayMask: paths that decay (all when `nil`).
/// - Parameter trustCoefficient: c. Default `0.001`.
/// - Parameter epsilon: ε. Default `0`.
/// - Parameter trustRatioMask: paths scaled by the trust ratio (all when `nil`).
/// - Parameter momentum: β. Default `0.9`.  - Parameter nesterov: Default `false`.
/// - SeeAlso: "Large Batch Training of Convolutional Networks", You, Gitman & Ginsburg, 2017.
public func lars<Scalar: TensorScalar>(
  learningRate: Schedule, weightDecay: Double = 0, weightDecayMask: (@Sendable (String) -> Bool)? = nil,
  trustCoefficient: Double = 0.001, epsilon: Double = 0, trustRatioMask: (@Sendable (String) -> Bool)? = nil,
  momentum: Double = 0.9, nesterov: Bool = false
) -> some GradientTransformation<Scalar> {
  chain {
    AddDecayedWeights<Scalar>(weightDecay, mask: weightDecayMask)
    ScaleByTrustRatio<Scalar>(trustCoefficient: trustCoefficient, epsilon: epsilon, mask: trustRatioMask)
    ScaleByLearningRate<Scalar>(learningRate)
    Trace<Scalar>(decay: momentum, nesterov: nesterov)
  }
}
