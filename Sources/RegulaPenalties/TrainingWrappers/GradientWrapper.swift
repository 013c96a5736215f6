/// A rule for the gradient a training step follows, computed from evaluations of the
/// objective at nearby parameters.
///
/// The objective is a function `L(θ) ↦ (L(θ), ∇L(θ))` — in a classifier, the minibatch's
/// cross-entropy plus any penalties. A wrapper calls it at θ and at points it chooses
/// (SAM: θ + ρ·g/‖g‖) and returns the loss at θ together with the gradient the optimizer
/// should see; the parameters themselves are never changed, so "restore θ" is implicit.
///
///     let sam = SAM<Float>(rho: 0.05)
///     let (loss, g) = sam.lossAndGradient(at: parameters) { p in
///       valueWithGradient(at: p) { p in objective(p) }   // objective: ParameterSet → Float
///     }
///     optimizer.step(&parameters, gradient: g, state: &optimizerState)
///
/// Wrappers are stateless values: anything random or per-example (mixup, ELR's targets)
/// lives outside them, so a checkpoint of the parameters and optimizer state is enough to
/// resume a run that uses one.
public protocol GradientWrapper<Scalar>: Sendable {
  associatedtype Scalar: TensorScalar

  /// The loss at `parameters` and the gradient to follow there.
  ///
  /// - Parameters:
  ///   - parameters: θ.
  ///   - objective: (L(θ′), ∇L(θ′)) for any θ′ with the paths of θ, labelled as
  ///     `valueWithGradient(at:of:)` returns them. Its gradient may lack paths the loss does
  ///     not touch; they count as zeros.
  /// - Returns: L(θ) and the wrapper's gradient, with every path of θ.
  func lossAndGradient(
    at parameters: ParameterSet<Scalar>,
    of objective: (ParameterSet<Scalar>) -> (value: Scalar, gradient: ParameterSet<Scalar>)
  ) -> (value: Scalar, gradient: ParameterSet<Scalar>)
}

/// The plain gradient ∇L(θ): the identity wrapper, one evaluation. The gradient is returned
/// as the objective gives it (possibly with paths missing; optimizers align it).
public struct PlainGradient<Scalar: TensorScalar>: GradientWrapper {
  public init() {}

  public func lossAndGradient(
    at parameters: ParameterSet<Scalar>,
    of objective: (ParameterSet<Scalar>) -> (value: Scalar, gradient: ParameterSet<Scalar>)
  ) -> (value: Scalar, gradient: ParameterSet<Scalar>) {
    objective(parameters)
  }
}

/// `objective` at `parameters`, its gradient aligned with `parameters` (absent paths as zeros).
func evaluate<Scalar: TensorScalar>(
  _ objective: (ParameterSet<Scalar>) -> (value: Scalar, gradient: ParameterSet<Scalar>), at parameters: ParameterSet<Scalar>
) -> (value: Scalar, gradient: ParameterSet<Scalar>) {
  let (loss, gradient) = objective(parameters)
  return (loss, gradient.aligned(with: parameters))
}
