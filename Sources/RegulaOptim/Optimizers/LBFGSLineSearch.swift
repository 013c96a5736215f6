/// L-BFGS with Optax's zoom line search: the type of ``lbfgs(memorySize:scaleInitialPreconditioner:lineSearch:)``.
public typealias LBFGS<Scalar: TensorScalar> = LineSearchStep<Chained<ScaleByLBFGS<Scalar>, ScaleByLearningRate<Scalar>>>

extension ZoomLineSearch {
  /// The search of Optax's `lbfgs`: at most 20 evaluations, starting from η = 1 every step,
  /// the other constants at their defaults (c₁ = 1e-4, c₂ = 0.9).
  public static let lbfgs = ZoomLineSearch(maxSteps: 20, initialGuess: .one)
}

/// L-BFGS with a line search (Optax's `lbfgs` with its defaults): the quasi-Newton direction
/// −H̃g of ``ScaleByLBFGS``, scaled by a step size that meets the strong Wolfe conditions
/// (``ZoomLineSearch``).
///
///     u = −H̃ₖ gₖ;   θₖ₊₁ = θₖ + ηₖ·u,   f(θₖ₊₁) ≤ f(θₖ) + c₁ηₖ⟨gₖ, u⟩,  |⟨gₖ₊₁, u⟩| ≤ c₂|⟨gₖ, u⟩|
///
/// Each step needs the objective (``Objective`` with `valueAndGradient`); see
/// ``LineSearchStep``.
///
/// - Parameter memorySize: the number of (s, y) pairs kept. Default `10`.
/// - Parameter scaleInitialPreconditioner: scale the initial inverse Hessian by ⟨s, y⟩/‖y‖²
///   (and the first direction by min(1, 1/‖g‖)). Default `true`.
/// - Parameter lineSearch: the search. Default ``ZoomLineSearch/lbfgs`` (at most 20
///   evaluations, η = 1 first, c₁ = 1e-4, c₂ = 0.9).
/// - Note: Optax's `lbfgs(learning_rate=η)` keeps the line search and scales the direction
///   by η before it; here that is `LineSearchStep(chain { ScaleByLBFGS(); ScaleByLearningRate(η) }, lineSearch:)`,
///   and ``lbfgs(learningRate:memorySize:scaleInitialPreconditioner:)`` is the fixed step
///   without a search.
/// - SeeAlso: "On the limited memory BFGS method for large scale optimization", Liu &
///   Nocedal, Mathematical Programming 1989; Nocedal & Wright, "Numerical Optimization",
///   algorithms 3.5, 3.6 and 7.4.
public func lbfgs<Scalar: TensorScalar>(
  memorySize: Int = 10, scaleInitialPreconditioner: Bool = true, lineSearch: ZoomLineSearch = .lbfgs
) -> LBFGS<Scalar> {
  LineSearchStep(
    Chained(ScaleByLBFGS(memorySize: memorySize, scaleInitialPreconditioner: scaleInitialPreconditioner), ScaleByLearningRate(1)),
    lineSearch: lineSearch)
}
