/// The path of an optimizer on a ``TestProblem``: every iterate and its loss.
///
///     let run = OptimizerTrajectory(adam(learningRate: 0.05) as Chained<…>, on: .rosenbrock, steps: 500)
///     run.losses.last
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
    precondition(steps >= 0, "steps must be non-negative, got \(steps)")
    var parameters = ParameterSet([("x", Tensor<Double>(problem.start))])
    var state = optimizer.initialState(for: parameters)
    var (value, gradient) = problem.valueAndGradient(at: problem.start)
    (points, losses, diverged) = ([problem.start], [value], !value.isFinite)
    for _ in 0..<steps where !diverged {
      optimizer.step(&parameters, gradient: ParameterSet([("x", Tensor(gradient))]), state: &state)
      let x = parameters["x"].scalars
      (value, gradient) = problem.valueAndGradient(at: x)
      points.append(x)
      losses.append(value)
      diverged = !value.isFinite || !x.allSatisfy(\.isFinite)
    }
  }

  /// The first step t at which f(xₜ) − f* ≤ `tolerance`, if any (needs a known minimum).
  public func firstStep(within tolerance: Double, of minimum: Double) -> Int? {
    losses.firstIndex { $0 - minimum <= tolerance }
  }
}
