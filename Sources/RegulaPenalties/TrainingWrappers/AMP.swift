/// Adversarial model perturbation: the gradient at a perturbation Δ of the parameters found
/// by a few steps of gradient ascent inside a ball of radius ε around θ, per tensor.
///
///     Δ = 0;  g = ∇L(θ)
///     repeat k times:
///       Δ ← Δ + η·g;   Δₜ ← c·Δₜ for each tensor t, c = ε/(‖Δₜ‖ + 1e-12), when c < 1
///       g ← ∇L(θ + Δ)
///
/// The base optimizer steps from θ with the last g (the gradient of min_θ max_Δ L(θ + Δ));
/// the loss returned is L(θ). k + 1 evaluations per step.
///
/// - Parameters:
///   - epsilon: ε ≥ 0, the per-tensor radius. Default `0.5`.
///   - innerLearningRate: η > 0. Default `1`.
///   - innerIterations: k ≥ 0. Default `1`.
/// - SeeAlso: Zheng, Zhang & Mao, "Regularizing Neural Networks via Adversarial Model
///   Perturbation", CVPR 2021; reference code hiyouga/AMP-Regularizer (`amp.py`).
public struct AMP<Scalar: TensorScalar>: GradientWrapper {
  public var epsilon: Double
  public var innerLearningRate: Double
  public var innerIterations: Int

  public init(epsilon: Double = 0.5, innerLearningRate: Double = 1, innerIterations: Int = 1) {
    precondition(epsilon >= 0 && epsilon.isFinite, "AMP: epsilon must be finite and non-negative, got \(epsilon)")
    precondition(innerLearningRate > 0 && innerLearningRate.isFinite, "AMP: innerLearningRate must be positive, got \(innerLearningRate)")
    precondition(innerIterations >= 0, "AMP: innerIterations must be non-negative, got \(innerIterations)")
    (self.epsilon, self.innerLearningRate, self.innerIterations) = (epsilon, innerLearningRate, innerIterations)
  }

  public func lossAndGradient(
    at parameters: ParameterSet<Scalar>,
    of objective: (ParameterSet<Scalar>) -> (value: Scalar, gradient: ParameterSet<Scalar>)
  ) -> (value: Scalar, gradient: ParameterSet<Scalar>) {
    let loss: Scalar
    var g: ParameterSet<Scalar>
    (loss, g) = evaluate(objective, at: parameters)
    var delta = parameters.zerosLike()
    for _ in 0..<innerIterations {
      delta = delta.adding(g, scaledBy: innerLearningRate)
      delta = delta.mapTensors { _, t in
        let shrink = epsilon / (Double(t.l2Norm().scalar) + 1e-12)
        return shrink < 1 ? t * Scalar(shrink) : t
      }
      g = evaluate(objective, at: parameters + delta).gradient
    }
    return (loss, g)
  }
}
