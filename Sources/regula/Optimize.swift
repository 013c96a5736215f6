import ArgumentParser
import Foundation
import Regula

/// `regula optimize`: optimizers side by side on a test function.
struct Optimize: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run optimizers on a test function and plot their paths.",
    discussion: """
      Runs every --optimizer (a spec string such as "adamw(lr=1e-3, weight_decay=0.1)") for \
      --steps steps from the function's starting point, in float64. Writes <output>/trajectories.csv \
      (optimizer, step, loss, then one column per variable), <output>/loss.svg (loss against step) \
      and, for the two-dimensional functions, <output>/contours.svg with every optimizer's path. \
      Functions: rosenbrock, beale, rastrigin, quadratic (--condition-number, --dimension), \
      logistic (L2-regularized logistic regression on --data with binary targets). Optimizers that \
      read the objective run too: polyak_sgd, momo, momo_adam, reduce_on_plateau(base=...), sophia \
      (exact Hessian-vector products for quadratic, rosenbrock and rastrigin, central differences of \
      the gradient otherwise) and lbfgs without lr (Optax's zoom line search).
      """)

  @Option(help: "The test function (\(TestProblem.names.joined(separator: ", "))).")
  var function: String = "rosenbrock"

  @Option(name: .customLong("optimizer"), help: "An optimizer spec string; repeat the flag to compare several.")
  var optimizers: [String] = ["sgd(lr=1e-3, momentum=0.9)", "adam(lr=0.05)", "lion(lr=0.01)"]

  @Option(help: "Steps per optimizer.")
  var steps: Int = 500

  @Option(help: "quadratic: the condition number κ = λ_max/λ_min.")
  var conditionNumber: Double = 100

  @Option(help: "quadratic: the number of variables.")
  var dimension: Int = 2

  @Option(help: "logistic: the data file (.csv, .libsvm/.svm, .npy) with binary targets.")
  var data: String?

  @Option(help: "logistic: format of --data, overriding its extension (csv, libsvm, npy).")
  var format: DataFormat?

  @Option(help: "logistic: CSV/NPY target column, a name or a 0-based index. Default: the last column.")
  var target: String?

  @Option(help: "logistic: the L2 penalty λ on the weights.")
  var l2: Double = 1e-3

  @Option(help: "Directory for trajectories.csv, loss.svg and contours.svg.")
  var output: String = "optimize"

  @Flag(help: "Print the results as JSON.")
  var json = false

  func validate() throws {
    guard TestProblem.names.contains(function) else {
      throw ValidationError("--function: unknown function \"\(function)\"; valid functions: \(TestProblem.names.joined(separator: ", "))")
    }
    guard steps >= 1 else { throw ValidationError("--steps must be at least 1, got \(steps).") }
    guard !optimizers.isEmpty else { throw ValidationError("--optimizer: give at least one optimizer.") }
    guard conditionNumber >= 1 else { throw ValidationError("--condition-number must be at least 1, got \(conditionNumber).") }
    guard dimension >= 2 else { throw ValidationError("--dimension must be at least 2, got \(dimension).") }
    guard l2 >= 0 else { throw ValidationError("--l2 must be non-negative, got \(l2).") }
    guard (function == "logistic") == (data != nil) else {
      throw ValidationError(function == "logistic" ? "--function logistic needs --data." : "--data applies to --function logistic only.")
    }
    for spec in optimizers {
      do { _ = try OptimizerRegistry.makeLossAware(spec) as AnyLossAwareTransformation<Double> } catch {
        throw ValidationError("--optimizer \(spec): \(error.message)")
      }
    }
  }

  /// One optimizer's outcome, as printed.
  struct Result: Encodable {
    var optimizer: String
    var finalLoss: Double?
    var bestLoss: Double?
    var stepsToTolerance: Int?
    var diverged: Bool
  }

  func run() throws {
    let problem = try makeProblem()
    var runs: [(spec: String, trajectory: OptimizerTrajectory)] = []
    for spec in optimizers {
      let optimizer: AnyLossAwareTransformation<Double> = try OptimizerRegistry.makeLossAware(spec)
      runs.append((spec, OptimizerTrajectory(optimizer, on: problem, steps: steps)))
    }
    let directory = URL(fileURLWithPath: output, isDirectory: true)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    try writeAtomically(Data(csv(runs, dimension: problem.dimension).utf8), to: directory.appendingPathComponent("trajectories.csv"))
    var lossChart = LineChart(title: "\(problem.name): loss", xLabel: "step", yLabel: problem.minimum == nil ? "f(x)" : "f(x) − f*", logarithmicY: true)
    for (spec, trajectory) in runs {
      lossChart.add(spec, points: trajectory.losses.enumerated().map { (Double($0), $1 - (problem.minimum ?? 0)) })
    }
    try writeAtomically(Data(lossChart.svg().utf8), to: directory.appendingPathComponent("loss.svg"))
    if let region = problem.region {
      var contours = ContourChart(title: "\(problem.name): paths", xLabel: "x₁", yLabel: "x₂", region: region) { x, y in
        problem.value(at: [x, y])
      }
      contours.minimizer = problem.minimizer.map { (x: $0[0], y: $0[1]) }
      for (spec, trajectory) in runs { contours.addPath(spec, points: trajectory.points.map { ($0[0], $0[1]) }) }
      try writeAtomically(Data(contours.svg().utf8), to: directory.appendingPathComponent("contours.svg"))
    }
    let results = runs.map { spec, t in
      Result(
        optimizer: spec, finalLoss: t.losses.last.flatMap { $0.isFinite ? $0 : nil }, bestLoss: t.losses.filter(\.isFinite).min(),
        stepsToTolerance: problem.minimum.flatMap { t.firstStep(within: 1e-6, of: $0) }, diverged: t.diverged)
    }
    print(json ? try jsonText(results) : table(results, problem: problem))
  }

  func makeProblem() throws -> TestProblem {
    switch function {
    case "rosenbrock": return .rosenbrock
    case "beale": return .beale
    case "rastrigin": return .rastrigin
    case "quadratic": return .quadratic(conditionNumber: conditionNumber, dimension: dimension)
    default:
      let path = data!
      let column: TargetColumn = target.map { Int($0).map(TargetColumn.index) ?? .name($0) } ?? .last
      let dataset: Dataset<Double> = try loadDataset(path: path, format: format, target: column)
      let classes = Set(dataset.targets).sorted()
      guard dataset.count > 0, classes.count == 2 else {
        throw InputError("\(path): logistic regression needs targets with exactly two distinct values, found \(classes.count)")
      }
      return .logisticRegression(features: dataset.features, labels: dataset.targets.map { $0 == classes[1] ? 1 : 0 }, l2: l2)
    }
  }

  func csv(_ runs: [(spec: String, trajectory: OptimizerTrajectory)], dimension: Int) -> String {
    var out = (["optimizer", "step", "loss"] + (1...dimension).map { "x\($0)" }).joined(separator: ",") + "\n"
    for (spec, t) in runs {
      let name = "\"" + spec.replacingOccurrences(of: "\"", with: "\"\"") + "\""
      for (step, (loss, x)) in zip(t.losses, t.points).enumerated() {
        out += ([name, String(step), String(loss)] + x.map { String($0) }).joined(separator: ",") + "\n"
      }
    }
    return out
  }

  func table(_ results: [Result], problem: TestProblem) -> String {
    let header = ["optimizer", "final loss", "best loss", problem.minimum == nil ? nil : "steps to f − f* ≤ 1e-6"].compactMap { $0 }
    let rows = results.map { r in
      [r.optimizer, r.diverged ? "diverged" : format(r.finalLoss), format(r.bestLoss),
       problem.minimum == nil ? nil : r.stepsToTolerance.map(String.init) ?? "not reached"].compactMap { $0 }
    }
    return textTable(header: header, rows: rows)
  }

  func format(_ x: Double?) -> String { x.map { String(format: "%.6g", $0) } ?? "—" }

  func jsonText(_ results: [Result]) throws -> String {
    let encoder = JSONEncoder()
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.outputFormatting = [.sortedKeys]
    return String(decoding: try encoder.encode(results), as: UTF8.self)
  }
}
