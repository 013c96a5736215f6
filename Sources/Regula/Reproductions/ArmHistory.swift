/// The record of one arm of a reproduction: its metrics at every evaluation step.
///
/// Metric names are snake_case (`train_accuracy`, `test_accuracy`, `train_loss`, `seconds`);
/// every metric has one value per recorded step.
public struct ArmHistory: Codable, Sendable, Equatable {
  /// The arm's name, as tables and legends show it.
  public var name: String
  /// The steps at which the arm was evaluated, increasing.
  public private(set) var steps: [Int] = []
  /// Each metric's values, aligned with `steps`.
  public private(set) var metrics: [String: [Double]] = [:]

  public init(name: String) { self.name = name }

  /// Records `values` at `step`; every step records the same metrics.
  public mutating func record(step: Int, _ values: [String: Double]) {
    precondition(steps.last.map { step > $0 } ?? true, "\(name): step \(step) recorded after step \(steps.last!)")
    precondition(steps.isEmpty || Set(values.keys) == Set(metrics.keys),
      "\(name): metrics \(values.keys.sorted()) differ from \(metrics.keys.sorted())")
    steps.append(step)
    for (key, value) in values { metrics[key, default: []].append(value) }
  }

  /// (step, value) pairs of one metric, for a chart.
  public func curve(_ metric: String) -> [(Double, Double)] {
    zip(steps, metrics[metric] ?? []).map { (Double($0), $1) }
  }

  /// The first recorded step at which `metric` reaches `threshold` or more.
  public func firstStep(where metric: String, reaches threshold: Double) -> Int? {
    guard let values = metrics[metric] else { return nil }
    return values.firstIndex { $0 >= threshold }.map { steps[$0] }
  }

  /// The last recorded value of `metric`.
  public func last(_ metric: String) -> Double? { metrics[metric]?.last }
}
