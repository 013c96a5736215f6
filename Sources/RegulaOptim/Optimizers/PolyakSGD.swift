/// SGD with Polyak's step size: the step that would reach f* if the objective were linear,
/// capped at η_max.
///
///     θ ← θ − s(t) · min((f(θ) − f*)/(‖g‖² + ε), η_max) · g
///
/// It needs the objective's value at every step, so it is a ``LossAwareTransformation``:
/// call `step(_:gradient:value:state:)`.
///
/// - Parameter maxLearningRate: η_max. Default `1`.
/// - Parameter scaling: s, a constant or a schedule. Default `1`.
/// - Parameter minimumValue: f*, a lower bound on the objective (0 for models that
///   interpolate their data). Default `0`.
/// - Parameter epsilon: ε, added to ‖g‖². Default `0`.
/// - Parameter variant: `.sps` or `.spsPlus` (the gap's positive part). Default `.sps`.
/// - Note: Optax's `polyak_sgd` applies `scaling` before the Polyak step, whose norm then
///   sees s·g: for s ≠ 1 it computes s·min((f − f*)/(s²‖g‖² + ε), η_max)·g instead of its
///   documented formula. Regula computes the documented formula above; the two agree for
///   s = 1 and whenever the cap η_max is active.
/// - SeeAlso: "Stochastic Polyak Step-size for SGD: An Adaptive Learning Rate for Fast
///   Convergence", Loizou et al., AISTATS 2021.
public struct PolyakSGD<Scalar: TensorScalar>: LossAwareTransformation {
  public var polyak: ScaleByPolyak<Scalar>
  public var scaling: ScaleByLearningRate<Scalar>

  public init(
    maxLearningRate: Double = 1, scaling: Schedule = 1, minimumValue: Double = 0, epsilon: Double = 0, variant: PolyakVariant = .sps
  ) {
    polyak = ScaleByPolyak(minimumValue: minimumValue, maxLearningRate: maxLearningRate, epsilon: epsilon, variant: variant)
    self.scaling = ScaleByLearningRate(scaling)
  }

  public func initialState(for parameters: ParameterSet<Scalar>) -> CountState { CountState() }

  public func update(_ updates: inout ParameterSet<Scalar>, state: inout CountState, parameters: ParameterSet<Scalar>, loss value: Double) {
    var empty = EmptyState()
    polyak.update(&updates, state: &empty, parameters: parameters, loss: value)
    scaling.update(&updates, state: &state, parameters: parameters)
  }
}

/// SGD with Polyak's step size (Optax's `polyak_sgd`); see ``PolyakSGD``.
public func polyakSGD<Scalar: TensorScalar>(
  maxLearningRate: Double = 1, scaling: Schedule = 1, minimumValue: Double = 0, epsilon: Double = 0, variant: PolyakVariant = .sps
) -> PolyakSGD<Scalar> {
  PolyakSGD(maxLearningRate: maxLearningRate, scaling: scaling, minimumValue: minimumValue, epsilon: epsilon, variant: variant)
}
