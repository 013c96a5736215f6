extension Sinkhorn {
  /// Solves `problem` at this solver's ε by ε-scaling: a sequence of solves at
  /// ε₀ > ε₁ > … > ε, εₖ₊₁ = max(ε, εₖ · `factor`), each warm-started from the previous
  /// one's dual potentials (f, g), which vary slowly with ε.
  ///
  /// At small ε Sinkhorn's contraction is slow (its rate degrades like 1 − e^{−‖C‖∞/ε}); the
  /// early, cheap solves at large ε bring the potentials close to the target's, so the final
  /// solve needs far fewer iterations than one started from zero. The intermediate solves
  /// only produce a start, so they stop at a loose marginal error, max(`tolerance`, 10⁻³);
  /// the last uses `tolerance`.
  ///
  /// - Parameters:
  ///   - startingEpsilon: ε₀. Default: the largest cost (the potentials are then nearly
  ///     constant, the problem nearly separable).
  ///   - factor: the ratio εₖ₊₁/εₖ, in (0, 1). Default `0.5`.
  /// - Returns: the last solve, with `iterations` and `errorHistory` summed and
  ///   concatenated over all stages, and a note listing the ε schedule.
  /// - Note: POT's `sinkhorn_epsilon_scaling` instead decays ε as (ε₀ − ε)·e^{−k} + ε inside
  ///   its stabilized solver with absorption; this runs the plain solver (in the chosen
  ///   domain — the log domain is the one that survives the small ε) once per stage.
  /// - SeeAlso: Schmitzer, "Stabilized Sparse Scaling Algorithms for Entropy Regularized
  ///   Transport Problems", SIAM J. Sci. Comput., 2019, §3.2.
  public func solveWithEpsilonScaling(
    _ problem: TransportProblem, startingEpsilon: Double? = nil, factor: Double = 0.5
  ) throws(TransportError) -> Solution {
    precondition(factor > 0 && factor < 1, "factor must be in (0, 1), got \(factor)")
    let target = try epsilon.value(forCost: problem.cost)
    var schedule = [max(startingEpsilon ?? problem.cost.max()!, target)]
    while schedule.last! > target { schedule.append(max(target, schedule.last! * factor)) }
    var stage = self
    var warm: (source: [Double], target: [Double])?
    var (iterations, history) = (0, [Double]())
    var last: Solution?
    for (k, eps) in schedule.enumerated() {
      stage.epsilon = .absolute(eps)
      stage.tolerance = k == schedule.count - 1 ? tolerance : max(tolerance, 1e-3)
      let solution = try stage.solve(problem, warmStart: warm)
      iterations += solution.iterations + 1
      history += solution.errorHistory
      warm = (solution.sourcePotential, solution.targetPotential)
      last = solution
    }
    var result = last!
    result.iterations = iterations - 1
    result.errorHistory = history
    result.notes.append("ε-scaling over \(schedule.count) stages: " + schedule.map { "\($0)" }.joined(separator: " → "))
    return result
  }
}
