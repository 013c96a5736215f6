import RegulaNN
import _Differentiation

/// ‖J‖²_F of a model's input–output Jacobian, averaged over a batch, exactly: one pullback
/// per output unit, (1/N) Σᵢ Σₖ ‖∂f_k(xᵢ)/∂xᵢ‖². For small models and diagnostics (a value,
/// not differentiable in the parameters: that would need second derivatives).
///
/// - Parameters:
///   - model: applied in inference mode; examples must not interact (no batch statistics).
///   - input: [N, d].
/// - SeeAlso: J. Hoffman, D. Roberts & S. Yaida, "Robust Learning with Jacobian
///   Regularization", 2019.
public func jacobianFrobeniusNormSquared<Model: Layer>(of model: Model, parameters: ParameterSet<Model.Scalar>, at input: Tensor<Model.Scalar>) -> Double {
  precondition(input.rank == 2, "jacobianFrobeniusNormSquared: input must be [N, d], got \(input.shape)")
  let (output, pullback) = valueWithPullback(at: input) { x in model(x, parameters: parameters) }
  precondition(output.rank == 2, "jacobianFrobeniusNormSquared: output must be [N, k], got \(output.shape)")
  var total = 0.0
  for k in 0..<output.shape[1] {
    let direction = Tensor<Model.Scalar>.oneHot(Array(repeating: k, count: output.shape[0]), depth: output.shape[1])
    total += Double(square(pullback(direction)).sum().scalar)
  }
  return total / Double(Swift.max(input.shape[0], 1))
}

/// The denoising (Jacobian-free) estimate of ‖J‖²_F, differentiable in the parameters with
/// first-order automatic differentiation only:
///
///     ‖J_f(x)‖²_F ≈ (1/S) Σₛ ‖f(x + σεₛ) − f(x)‖² / σ²,   εₛ ~ N(0, I)
///
/// averaged over the batch. It is unbiased for a linear f and tends to the exact value as
/// σ → 0 and S grows.
///
/// - Parameters:
///   - sigma: σ > 0, the noise scale. Default 0.01.
///   - samples: S ≥ 1. Default 1.
///   - seed: the noise's seed (a run passes its step's seed). Default 0.
/// - SeeAlso: C. Scarvelis & J. Solomon, "Nuclear Norm Regularization for Deep Learning",
///   2024 (the denoising estimator of ‖J‖²_F).
@differentiable(reverse, wrt: parameters)
public func denoisingJacobianPenalty<Model: Layer>(
  of model: Model, parameters: ParameterSet<Model.Scalar>, at input: Tensor<Model.Scalar>,
  sigma: Double = 0.01, samples: Int = 1, seed: UInt64 = 0
) -> Tensor<Model.Scalar> {
  precondition(sigma > 0 && samples >= 1, "denoisingJacobianPenalty: sigma must be positive and samples ≥ 1, got \(sigma), \(samples)")
  let clean = model(input, parameters: parameters)
  let noises = withoutDerivative(at: gaussianNoise(like: input, count: samples, scale: sigma, seed: seed))
  var total = Tensor<Model.Scalar>(0)
  for noise in noises {
    total = total + square(model(input + noise, parameters: parameters) - clean).sum()
  }
  let scale = withoutDerivative(at: Model.Scalar(1 / (sigma * sigma * Double(samples) * Double(Swift.max(input.shape[0], 1)))))
  return total * scale
}

/// `count` tensors of N(0, scale²) noise shaped like `x`.
func gaussianNoise<S: TensorScalar>(like x: Tensor<S>, count: Int, scale: Double, seed: UInt64) -> [Tensor<S>] {
  var random = RandomGenerator(seed: seed)
  return (0..<count).map { _ in Tensor<S>.randomNormal(shape: x.shape, standardDeviation: S(scale), using: &random) }
}
