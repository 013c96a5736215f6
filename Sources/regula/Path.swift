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
      per feature; for multitask, one intercept:TARGET column per target and one FEATURE:TARGET \
      column per coefficient) and an SVG plot of the coefficients against log10 α. For \
      grouplasso, α_max = max_g ‖X_gᵀy‖₂/(nω_g); for multitask, maxⱼ ‖XⱼᵀY‖₂/n. Exits with status 3 \
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
    guard ![.logistic, .huber, .poisson].contains(options.model) else {
      throw ValidationError("regula path supports lasso, elasticnet, mcp, scad, grouplasso and multitask; fit \(options.model.rawValue) models with regula fit.")
    }
    guard alphas >= 2 else { throw ValidationError("--alphas must be at least 2, got \(alphas).") }
    guard minRatio > 0, minRatio < 1 else { throw ValidationError("--min-ratio must be in (0, 1), got \(minRatio).") }
  }

  /// A fitted path in the model-neutral form the CSV and the plot are written from: one
  /// coefficient column per name (one per feature, or per feature and target).
  struct Table {
    struct Row {
      var report: SolverReport
      var supportSize: Int
      var intercepts: [Double]
      var coefficients: [Double]
    }
    var alphas: [Double]
    var alphaMax: Double
    var sampleCount: Int
    var featureCount: Int
    var columnNames: [String]
    var interceptNames: [String]
    var rows: [Row]
  }

  func run() throws {
    let table: Table
    do {
      table = try fitTable()
    } catch let error as SolverError {
      throw options.describe(error)
    }
    var csv = (["alpha", "objective", "duality_gap", "kkt_violation", "support_size"] + table.interceptNames + table.columnNames)
      .joined(separator: ",") + "\n"
    for (alpha, row) in zip(table.alphas, table.rows) {
      let r = row.report
      let fields = [String(alpha), String(r.objective), r.dualityGap.map { String($0) } ?? "", String(r.kktViolation),
        String(row.supportSize)] + row.intercepts.map { String($0) } + row.coefficients.map { String($0) }
      csv += fields.joined(separator: ",") + "\n"
    }
    try writeAtomically(Data(csv.utf8), to: URL(fileURLWithPath: output))
    try writeAtomically(Data(svg(table).utf8), to: URL(fileURLWithPath: plot))

    var s = Summary()
    s.add("model", options.model.rawValue)
    s.add("rows", table.sampleCount)
    s.add("features", table.featureCount)
    s.add("alpha_max", table.alphaMax, digits: 8)
    s.add("alphas", table.alphas.count)
    s.add("final_support_size", table.rows.last?.supportSize ?? 0)
    let unconverged = table.rows.filter { !$0.report.isConverged }.count
    s.add("unconverged_fits", unconverged)
    s.add("time", seconds: table.rows.reduce(0) { $0 + $1.report.seconds })
    s.add("path", output)
    s.add("plot", plot)
    print(s.render(json: json))
    if unconverged > 0 { throw ExitCode(3) }
  }

  private func fitTable() throws -> Table {
    switch options.model {
    case .multitask:
      let data = try options.loadMultiTaskData()
      let path = try MultiTaskLasso(alpha: 1, fitIntercept: !options.noIntercept, options: options.solverOptions)
        .path(data.features, data.targets, alphaCount: alphas, minRatio: minRatio)
      return Table(
        alphas: path.alphas, alphaMax: path.alphaMax, sampleCount: data.features.shape[0], featureCount: data.featureNames.count,
        columnNames: data.featureNames.flatMap { f in data.targetNames.map { "\(f):\($0)" } },
        interceptNames: data.targetNames.map { "intercept:\($0)" },
        rows: path.solutions.map {
          Table.Row(report: $0.report, supportSize: $0.support.count, intercepts: $0.intercepts, coefficients: $0.coefficients.scalars)
        })
    case .grouplasso:
      let data = try options.loadData()
      let groups = try GroupSpecification(parsing: options.groups ?? "").groups(featureCount: data.featureCount)
      let model = GroupLasso(
        alpha: 1, groups: groups, weights: options.unitGroupWeights ? groups.map { _ in 1 } : nil,
        l1Ratio: options.l1Ratio ?? 0, fitIntercept: !options.noIntercept, options: options.solverOptions)
      let path = try data.sparse.map { x throws(SolverError) in try model.path(x, data.targets, alphaCount: alphas, minRatio: minRatio) }
        ?? model.path(data.denseFeatures, data.targets, alphaCount: alphas, minRatio: minRatio)
      return singleTargetTable(path, data: data)
    default:
      let data = try options.loadData()
      let path = try options.withPenalty(alpha: 1) { (unit: any PathPenalty) throws(SolverError) -> RegularizationPath<SparseLinearModelSolution> in
        try fitPath(unit, data: data)
      }
      return singleTargetTable(path, data: data)
    }
  }

  private func singleTargetTable(_ path: RegularizationPath<SparseLinearModelSolution>, data: LoadedData) -> Table {
    Table(
      alphas: path.alphas, alphaMax: path.alphaMax, sampleCount: data.rowCount, featureCount: data.featureCount,
      columnNames: data.featureNames, interceptNames: ["intercept"],
      rows: path.solutions.map {
        Table.Row(report: $0.report, supportSize: $0.support.count, intercepts: [$0.intercept], coefficients: $0.coefficients)
      })
  }

  private func fitPath<P: PathPenalty>(_ unit: P, data: LoadedData) throws(SolverError) -> RegularizationPath<SparseLinearModelSolution> {
    let model = PenalizedLinearRegression(penalty: unit, fitIntercept: !options.noIntercept, options: options.solverOptions)
    if let x = data.sparse { return try model.path(x, data.targets, alphaCount: alphas, minRatio: minRatio) }
    return try model.path(data.denseFeatures, data.targets, alphaCount: alphas, minRatio: minRatio)
  }

  /// Coefficients against log10(α_max/α) (α decreasing to the right, as is usual for Lasso
  /// paths), one curve per coefficient column that is ever nonzero; a legend only when there
  /// are few.
  func svg(_ table: Table) -> String {
    let x = table.alphas.map { log10(table.alphaMax / $0) }
    let active = table.columnNames.indices.filter { j in table.rows.contains { $0.coefficients[j] != 0 } }
    var chart = LineChart(
      title: "\(options.model.rawValue) path (α_max = \(String(format: "%.4g", table.alphaMax)))",
      xLabel: "log10(α_max / α)", yLabel: "coefficient", showsLegend: active.count <= 12)
    for j in active { chart.add(table.columnNames[j], points: zip(x, table.rows).map { ($0, $1.coefficients[j]) }) }
    return chart.svg(width: 720, height: 440)
  }
}
