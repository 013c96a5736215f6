/// What a step knows about the objective f beyond its gradient at the current parameters θ:
/// the value f(θ), and where the caller can give them, a way to evaluate f and ∇f elsewhere
/// (line searches, SAM's inner ascent) and Hessian–vector products at θ (Sophia).
///
/// Optax passes the same information as extra arguments of `update`: `value`, `value_fn`
/// (with `grad`), `grad_fn`, `obj_fn`. A training loop builds one per minibatch, for that
/// minibatch's loss; a test function builds one from its formulas.
///
///     let objective = Objective(value: f, valueAndGradient: { θ in problem.valueAndGradient(θ) })
///     optimizer.step(&parameters, gradient: g, objective: objective, state: &state)
public struct Objective<Scalar: TensorScalar> {
  /// f(θ) at the parameters of the step.
  public var value: Double
  /// θ′ ↦ (f(θ′), ∇f(θ′)), on the same data as `value`; `nil` where only the value is known.
  public var valueAndGradient: ((ParameterSet<Scalar>) -> (value: Double, gradient: ParameterSet<Scalar>))?
  /// v ↦ ∇²f(θ)·v at the parameters of the step; `nil` to let a method that needs it take
  /// central differences of `valueAndGradient` (``finiteDifferenceHessianVectorProduct(at:gradient:)``).
  public var hessianVectorProduct: ((ParameterSet<Scalar>) -> ParameterSet<Scalar>)?

  /// An objective known by its value at θ, and optionally by its value and gradient
  /// anywhere and its Hessian–vector products at θ.
  public init(
    value: Double, valueAndGradient: ((ParameterSet<Scalar>) -> (value: Double, gradient: ParameterSet<Scalar>))? = nil,
    hessianVectorProduct: ((ParameterSet<Scalar>) -> ParameterSet<Scalar>)? = nil
  ) {
    (self.value, self.valueAndGradient, self.hessianVectorProduct) = (value, valueAndGradient, hessianVectorProduct)
  }

  /// `valueAndGradient`, which a method that evaluates the objective away from θ requires.
  func requireValueAndGradient(for method: String) -> (ParameterSet<Scalar>) -> (value: Double, gradient: ParameterSet<Scalar>) {
    guard let valueAndGradient else {
      preconditionFailure("\(method) evaluates the objective away from the current parameters: give the Objective a valueAndGradient function")
    }
    return valueAndGradient
  }

  /// v ↦ H(θ)·v: the given products, else central differences of the gradient.
  func requireHessianVectorProduct(at parameters: ParameterSet<Scalar>, for method: String) -> (ParameterSet<Scalar>) -> ParameterSet<Scalar> {
    if let hessianVectorProduct { return hessianVectorProduct }
    let valueAndGradient = requireValueAndGradient(for: method)
    return finiteDifferenceHessianVectorProduct(at: parameters) { valueAndGradient($0).gradient }
  }
}
