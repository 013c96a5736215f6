/// The path of an optimizer on a ``TestProblem``: every iterate and its loss.
///
///     let run = OptimizerTrajectory(adam(learningRate: 0.05) as Chained<…>, on: .rosenbrock, steps: 500)
///     run.losses.last
///
/// Optimizers that read the objective (``AnyLossAwareTransformation``: Polyak, MoMo, Sophia,
/// L-BFGS with a line search) run too.
///
/// The problem's variables are one parameter tensor `"x"`. A run stops early, marked
/// ``diverged``, at the first non-finite loss or iterate.
public struct OptimizerTrajectory: Sendable {
  /// x₀, x₁, …: one more point than steps taken.
  public var points: [[Double]]
  /// f(xₜ) for every point.
  public var losses: [Double]
  /// Whether the run stopped at a non-finite loss or iterate.
  public var diverged: Bool

  /// Runs `optimizer` for `steps` steps from the problem's start.
  public init<O: GradientTransformation>(_ optimizer: O, on problem: TestProblem, steps: Int) where O.Scalar == Double {
    self.init(AnyLossAwareTransformation(optimizer), on: problem, steps: steps)
  }

  /// Runs an optimizer that may read the objective for `steps` steps from the problem's
  /// start. Each step's ``Objective`` has the problem's value, its value and gradient
  /// anywhere, and its Hessian–vector products where the problem writes them out.
  public init(_ optimizer: AnyLossAwareTransformation<Double>, on problem: TestProblem, steps: Int) {
    precondition(steps >= 0, "steps must be non-negative, got \(steps)")
    var parameters = ParameterSet([("x", Tensor<Double>(problem.start))])
    var state = optimizer.initialState(for: parameters)
    var (value, gradient) = problem.valueAndGradient(at: problem.start)
    (points, losses, diverged) = ([problem.start], [value], !value.isFinite)
    let valueAndGradient = { (p: ParameterSet<Double>) -> (value: Double, gradient: ParameterSet<Double>) in
      let (f, g) = problem.valueAndGradient(at: p["x"].scalars)
      return (f, ParameterSet([("x", Tensor(g))]))
    }
    for _ in 0..<steps where !diverged {
      let x = parameters["x"].scalars
      let product = problem.hessianVectorProduct.map { hv in { (v: ParameterSet<Double>) in ParameterSet([("x", Tensor(hv(x, v["x"].scalars)))]) } }
      let objective = Objective(value: value, valueAndGradient: valueAndGradient, hessianVectorProduct: product)
      optimizer.step(&parameters, gradient: ParameterSet([("x", Tensor(gradient))]), objective: objective, state: &state)
      let next = parameters["x"].scalars
      (value, gradient) = problem.valueAndGradient(at: next)
      points.append(next)
      losses.append(value)
      diverged = !value.isFinite || !next.allSatisfy(\.isFinite)
    }
  }

  /// The first step t at which f(xₜ) − f* ≤ `tolerance`, if any (needs a known minimum).
  public func firstStep(within tolerance: Double, of minimum: Double) -> Int? {
    losses.firstIndex { $0 - minimum <= tolerance }
  }
}
