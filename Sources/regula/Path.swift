import ArgumentParser
import Foundation
import Regula

/// `regula path`: a sparse linear model along a log grid of α, warm-started.
struct PathCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "path",
    abstract: "Fit a sparse linear model along a regularization path and plot it.",
    discussion: """
      Fits the model at α on a log grid from α_max (where every coefficient is 0) down to \
      α_max·--min-ratio, each fit warm-started from the previous one. Writes one CSV row per α \
      (alpha, objective, duality_gap, kkt_violation, support_size, intercept, then one column \
      per feature) and an SVG plot of the coefficients against log10 α. Exits with status 3 \
      when a fit stops before reaching the tolerance.
      """)

  @OptionGroup var options: SparseModelOptions

  @Option(help: "Number of α on the grid.")
  var alphas: Int = 100

  @Option(help: "α_min / α_max, in (0, 1).")
  var minRatio: Double = 1e-3

  @Option(help: "Where to write the path (CSV).")
  var output: String = "path.csv"

  @Option(help: "Where to write the plot (SVG).")
  var plot: String = "path.svg"

  @Flag(help: "Print the summary as one JSON object.")
  var json = false

  func validate() throws {
    guard ![.logistic, .grouplasso, .huber, .poisson].contains(options.model) else {
      throw ValidationError("regula path supports lasso, elasticnet, mcp and scad; fit \(options.model.rawValue) models with regula fit.")
    }
    guard alphas >= 2 else { throw ValidationError("--alphas must be at least 2, got \(alphas).") }
    guard minRatio > 0, minRatio < 1 else { throw ValidationError("--min-ratio must be in (0, 1), got \(minRatio).") }
  }

  func run() throws {
    let dataset = try options.loadData()
    let path: RegularizationPath
    do {
      path = try options.withPenalty(alpha: 1) { (unit: any PathPenalty) throws(SolverError) -> RegularizationPath in
        try fitPath(unit, data: dataset)
      }
    } catch let error as SolverError {
      throw options.describe(error)
    }
    let names = dataset.featureNames
    var csv = (["alpha", "objective", "duality_gap", "kkt_violation", "support_size", "intercept"] + names).joined(separator: ",") + "\n"
    for (alpha, s) in zip(path.alphas, path.solutions) {
      let fields = [String(alpha), String(s.objective), s.dualityGap.map { String($0) } ?? "", String(s.kktViolation),
        String(s.support.count), String(s.intercept)] + s.coefficients.map { String($0) }
      csv += fields.joined(separator: ",") + "\n"
    }
    try writeAtomically(Data(csv.utf8), to: URL(fileURLWithPath: output))
    try writeAtomically(Data(svg(path, names: names).utf8), to: URL(fileURLWithPath: plot))

    var s = Summary()
    s.add("model", options.model.rawValue)
    s.add("rows", dataset.rowCount)
    s.add("features", dataset.featureCount)
    s.add("alpha_max", path.alphaMax, digits: 8)
    s.add("alphas", path.alphas.count)
    s.add("final_support_size", path.solutions.last?.support.count ?? 0)
    let unconverged = path.solutions.filter { !$0.isConverged }.count
    s.add("unconverged_fits", unconverged)
    s.add("time", seconds: path.solutions.reduce(0) { $0 + $1.seconds })
    s.add("path", output)
    s.add("plot", plot)
    print(s.render(json: json))
    if unconverged > 0 { throw ExitCode(3) }
  }

  private func fitPath<P: PathPenalty>(_ unit: P, data: LoadedData) throws(SolverError) -> RegularizationPath {
    let model = PenalizedLinearRegression(penalty: unit, fitIntercept: !options.noIntercept, options: options.solverOptions)
    if let x = data.sparse { return try model.path(x, data.targets, alphaCount: alphas, minRatio: minRatio) }
    return try model.path(data.denseFeatures, data.targets, alphaCount: alphas, minRatio: minRatio)
  }

  /// Coefficients against log10(α_max/α) (α decreasing to the right, as is usual for Lasso
  /// paths), one curve per feature that is ever nonzero; a legend only when there are few.
  func svg(_ path: RegularizationPath, names: [String]) -> String {
    let x = path.alphas.map { log10(path.alphaMax / $0) }
    let active = names.indices.filter { j in path.solutions.contains { $0.coefficients[j] != 0 } }
    var chart = LineChart(
      title: "\(options.model.rawValue) path (α_max = \(String(format: "%.4g", path.alphaMax)))",
      xLabel: "log10(α_max / α)", yLabel: "coefficient", showsLegend: active.count <= 12)
    for j in active { chart.add(names[j], points: zip(x, path.solutions).map { ($0, $1.coefficients[j]) }) }
    return chart.svg(width: 720, height: 440)
  }
}
