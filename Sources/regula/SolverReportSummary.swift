import Regula

extension Summary {
  /// A sparse solver's report, as every `regula fit` and `regula path` model prints it:
  /// objective, duality gap (convex models), KKT violation, iterations, epochs, status, time.
  mutating func add(_ report: SolverReport) {
    add("objective", report.objective, digits: 12)
    if let gap = report.dualityGap { add("duality_gap", String(format: "%.3e", gap)) }
    add("kkt_violation", String(format: "%.3e", report.kktViolation))
    add("iterations", report.iterations)
    add("epochs", report.epochs)
    add("status", "\(report.status)")
    add("time", seconds: report.seconds)
  }
}
