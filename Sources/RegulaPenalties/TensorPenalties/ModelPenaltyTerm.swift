import RegulaNN
import _Differentiation

/// A penalty of the whole model rather than of single tensors: λ(t)·R(θ; x), where R may
/// run the model on the step's minibatch inputs x (path-norm ignores them; the Jacobian
/// penalty uses them). ``PenaltyTerm`` applies one R to each selected tensor; this applies
/// one R to all the parameters at once.
///
///     let term = ModelPenaltyTerm.pathNorm(of: mlp, inputSize: 64, weight: 1e-4)
///     let objective = loss + term.value(parameters, inputs: x, step: t)   // differentiable in parameters
public struct ModelPenaltyTerm<Scalar: TensorScalar>: Sendable {
  /// What metrics and errors call the term (e.g. `path_norm(1e-4)`).
  public var name: String
  /// λ(t), the strength at optimizer step t (0-based).
  public var weight: Schedule
  private let function: Function

  /// The differentiable R(θ; x), stored so that automatic differentiation sees a concrete function.
  private struct Function: @unchecked Sendable {
    let apply: @differentiable(reverse) (ParameterSet<Scalar>, @noDerivative Tensor<Scalar>, @noDerivative Int) -> Tensor<Scalar>
  }

  /// - Parameters:
  ///   - name: what metrics and errors call the term.
  ///   - weight: λ(t). Default 1.
  ///   - penalty: R(θ; x, t), differentiable in θ (t the step, e.g. to seed noise).
  public init(name: String, weight: Schedule = 1, penalty: @escaping @differentiable(reverse) (ParameterSet<Scalar>, @noDerivative Tensor<Scalar>, @noDerivative Int) -> Tensor<Scalar>) {
    (self.name, self.weight, function) = (name, weight, Function(apply: penalty))
  }

  /// λ(step)·R(θ; `inputs`), a rank-0 tensor, differentiable in `parameters`.
  @differentiable(reverse, wrt: parameters)
  public func value(_ parameters: ParameterSet<Scalar>, inputs: Tensor<Scalar>, step: Int = 0) -> Tensor<Scalar> {
    function.apply(parameters, inputs, step) * withoutDerivative(at: Scalar(weight(step)))
  }
}

extension ModelPenaltyTerm {
  /// λ·``pathNorm(of:parameters:inputSize:exponent:)`` of `model` (the inputs are not used).
  public static func pathNorm<Model: Layer>(of model: Model, inputSize: Int, exponent: Int = 1, weight: Schedule = 1, name: String? = nil) -> Self
  where Model.Scalar == Scalar {
    Self(name: name ?? "path_norm", weight: weight) { p, _, _ in RegulaPenalties.pathNorm(of: model, parameters: p, inputSize: inputSize, exponent: exponent) }
  }

  /// λ·``denoisingJacobianPenalty(of:parameters:at:sigma:samples:seed:)`` of `model` at the
  /// inputs, its noise drawn from `seed` + the step.
  public static func jacobian<Model: Layer>(of model: Model, sigma: Double = 0.01, samples: Int = 1, seed: UInt64 = 0, weight: Schedule = 1, name: String? = nil) -> Self
  where Model.Scalar == Scalar {
    Self(name: name ?? "jacobian", weight: weight) { p, x, step in
      denoisingJacobianPenalty(of: model, parameters: p, at: x, sigma: sigma, samples: samples, seed: seed &+ UInt64(step))
    }
  }
}
