/// The notes an iterative entropic solve ends with: none on convergence; the last error and
/// what to raise when the budget ran out; the underflow, what was returned and the remedy
/// when the iterates stopped being finite.
///
/// - Parameters:
///   - lastError: the last recorded error, `nil` for solvers that keep no history.
///   - measure: what the error history holds ("error", "change", "spread").
///   - returned: what the solve returns on a breakdown ("plan", "barycenter").
///   - remedy: what to do about an underflow ("raise ε, or use the log domain").
func entropicSolveNotes(
  _ status: SolverStatus, maxIterations: Int, lastError: Double?, measure: String, epsilon: Double, returned: String,
  remedy: String
) -> [String] {
  switch status {
  case .converged:
    return []
  case .maxIterationsReached:
    let last = lastError.map { " (last \(measure) \($0))" } ?? ""
    return ["no convergence in \(maxIterations) iterations\(last); raise maxIterations or ε"]
  case .numericalFailure(let at):
    return ["exp(−C/ε) underflows at ε = \(epsilon): the iterates stopped being finite at iteration \(at); returned the last finite \(returned) (\(remedy))"]
  }
}
