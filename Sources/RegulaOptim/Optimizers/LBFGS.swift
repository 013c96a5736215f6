/// L-BFGS with a fixed step size: the limited-memory quasi-Newton direction scaled by −η
/// (Optax's `lbfgs(learning_rate, memory_size, scale_init_precond, linesearch=None)`).
///
///     θ ← θ − η(t) · H̃ₖ g     (H̃ₖ: the two-loop recursion of ``ScaleByLBFGS``)
///
/// - Parameter learningRate: η, a constant or a schedule.
/// - Parameter memorySize: the number of (s, y) pairs kept. Default `10`.
/// - Parameter scaleInitialPreconditioner: scale the initial inverse Hessian by ⟨s, y⟩/‖y‖²
///   (and the first step by min(1, 1/‖g‖)). Default `true`.
/// - Note: This is Optax's `lbfgs(learning_rate, linesearch=None)`. Optax's default, a zoom
///   line search that needs the objective, is ``lbfgs(memorySize:scaleInitialPreconditioner:lineSearch:)``.
/// - SeeAlso: "On the limited memory BFGS method for large scale optimization", Liu &
///   Nocedal, Mathematical Programming 1989.
public func lbfgs<Scalar: TensorScalar>(
  learningRate: Schedule, memorySize: Int = 10, scaleInitialPreconditioner: Bool = true
) -> Chained<ScaleByLBFGS<Scalar>, ScaleByLearningRate<Scalar>> {
  Chained(ScaleByLBFGS(memorySize: memorySize, scaleInitialPreconditioner: scaleInitialPreconditioner), ScaleByLearningRate(learningRate))
}
