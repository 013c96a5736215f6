import ArgumentParser
import Foundation
import Regula

/// Options shared by `regula fit` and `regula path`: the data, the model and the solver.
struct SparseModelOptions: ParsableArguments {
  enum Model: String, ExpressibleByArgument, CaseIterable {
    case lasso, elasticnet, mcp, scad, logistic, grouplasso, huber, poisson
    case multitask
  }

  @Argument(help: "The model: \(Model.allCases.map(\.rawValue).joined(separator: ", ")).")
  var model: Model

  @Option(help: "Data file (.csv, .libsvm/.svm, .npy); the target is the last column or the LIBSVM label.")
  var data: String

  @Option(help: "Format of --data, overriding its extension (csv, libsvm, npy).")
  var format: DataFormat?

  @Option(help: "CSV/NPY target column: a name or a 0-based index. Default: the last column.")
  var target: String?

  @Option(help: "multitask: the target columns, comma-separated names or 0-based indices (CSV/NPY); the other columns are the features.")
  var targets: String?

  @Option(help: "LIBSVM: the declared number of features; a larger index is an error.")
  var features: Int?

  @Option(help: "The share of the L1 term, in [0, 1]: ρ of the elastic net (default 0.5); τ of the sparse-group Lasso (grouplasso; default 0, the group Lasso).")
  var l1Ratio: Double?

  @Option(help: ArgumentHelp(
    "grouplasso: the groups, a partition of the features (0-based).",
    discussion: "Either a size k (contiguous groups of k features, the last one shorter), or groups separated by ';', each a comma-separated list of features and ranges a-b (inclusive): '0-2,7;3-6;8'."))
  var groups: String?

  @Flag(help: "grouplasso: weigh every group 1 (skglm's and celer's default) instead of √|g|.")
  var unitGroupWeights = false

  @Option(help: "huber: the threshold δ > 0 between the quadratic and linear parts of the loss. Default: 1.35.")
  var delta: Double?

  @Option(help: "MCP/SCAD concavity γ. Default: 3 (MCP), 3.7 (SCAD).")
  var gamma: Double?

  @Flag(help: "Fit no intercept (by default the intercept is fitted by centering).")
  var noIntercept = false

  @Option(help: "Stopping tolerance: duality gap relative to ‖y‖²/n (convex), KKT violation relative to α_max (MCP, SCAD).")
  var tolerance: Double = 1e-4

  @Option(help: "Outer iterations (working-set updates).")
  var maxIterations: Int = 100

  func validate() throws {
    if let l1Ratio {
      guard l1Ratio >= 0, l1Ratio <= 1 else { throw ValidationError("--l1-ratio must be in [0, 1], got \(l1Ratio).") }
      guard model == .elasticnet || model == .grouplasso else { throw ValidationError("--l1-ratio applies to elasticnet and grouplasso only.") }
    }
    if model == .grouplasso {
      guard let groups else { throw ValidationError("grouplasso needs --groups.") }
      _ = try GroupSpecification(parsing: groups)
    } else if groups != nil || unitGroupWeights {
      throw ValidationError("--groups and --unit-group-weights apply to grouplasso only.")
    }
    if let gamma {
      switch model {
      case .mcp: guard gamma > 0 else { throw ValidationError("--gamma must be positive for MCP, got \(gamma).") }
      case .scad: guard gamma > 2 else { throw ValidationError("--gamma must be greater than 2 for SCAD, got \(gamma).") }
      default: throw ValidationError("--gamma applies to mcp and scad only.")
      }
    }
    if model == .multitask {
      guard targets != nil else { throw ValidationError("multitask needs --targets.") }
      guard target == nil else { throw ValidationError("multitask reads its targets from --targets, not --target.") }
    } else if targets != nil {
      throw ValidationError("--targets applies to multitask only.")
    }
    if let delta {
      guard model == .huber else { throw ValidationError("--delta applies to huber only.") }
      guard delta > 0, delta.isFinite else { throw ValidationError("--delta must be positive, got \(delta).") }
    }
    guard tolerance >= 0, tolerance.isFinite else { throw ValidationError("--tolerance must be non-negative, got \(tolerance).") }
    guard maxIterations > 0 else { throw ValidationError("--max-iterations must be positive, got \(maxIterations).") }
    if let features, features <= 0 { throw ValidationError("--features must be positive, got \(features).") }
  }

  var solverOptions: CoordinateDescentOptions {
    CoordinateDescentOptions(tolerance: tolerance, maxIterations: maxIterations)
  }

  /// Reads --data as float64 features and targets; LIBSVM files stay sparse.
  func loadData() throws -> LoadedData {
    let column: TargetColumn = target.map { Int($0).map(TargetColumn.index) ?? .name($0) } ?? .last
    let resolved = try format ?? DataFormat(path: data)
    if resolved == .libsvm {
      guard target == nil else { throw InputError("\(data): --target does not apply to LIBSVM files (the label is the target)") }
      let sparse: SparseDataset<Double> = try LIBSVMReader(featureCount: features).readSparse(from: data)
      guard sparse.count > 0, sparse.targets.count == sparse.count else { throw InputError("\(data): the data set has no targets") }
      let m = sparse.features
      let design = SparseDesignMatrix(
        rowCount: m.rowCount, columnCount: m.columnCount, rowOffsets: m.rowOffsets, columnIndices: m.columnIndices, values: m.values)
      return LoadedData(dense: nil, sparse: design, targets: sparse.targets, featureNames: (0..<m.columnCount).map { "x\($0 + 1)" })
    }
    guard features == nil else { throw InputError("--features applies to LIBSVM files only") }
    let dataset: Dataset<Double> = try loadDataset(path: data, format: resolved, target: column)
    guard dataset.hasTargets, dataset.count > 0 else { throw InputError("\(data): the data set has no targets") }
    return LoadedData(
      dense: dataset.features, sparse: nil, targets: dataset.targets,
      featureNames: dataset.featureNames ?? (0..<dataset.featureCount).map { "x\($0)" })
  }

  /// Runs `body` with the model's penalty at strength `alpha`.
  func withPenalty<R>(alpha: Double, _ body: (any PathPenalty) throws -> R) rethrows -> R {
    switch model {
    case .lasso: return try body(L1Penalty(alpha: alpha))
    case .elasticnet: return try body(ElasticNetPenalty(alpha: alpha, l1Ratio: l1Ratio ?? 0.5))
    case .mcp: return try body(MCPenalty(alpha: alpha, gamma: gamma ?? 3))
    case .scad: return try body(SCADPenalty(alpha: alpha, gamma: gamma ?? 3.7))
    case .logistic, .huber, .poisson: return try body(L1Penalty(alpha: alpha))
    case .grouplasso, .multitask: preconditionFailure("the \(model.rawValue) penalty is not separable; see FitCommand")
    }
  }

  /// A solver error as the one-line input error the CLI prints, naming the data file.
  func describe(_ error: SolverError) -> InputError { InputError("\(data): \(error.message)") }
}

/// A data file's features (dense, or sparse for LIBSVM) and targets.
struct LoadedData {
  var dense: Tensor<Double>?
  var sparse: SparseDesignMatrix?
  var targets: [Double]
  var featureNames: [String]
  var rowCount: Int { targets.count }
  var featureCount: Int { featureNames.count }
  /// The features as a dense matrix (densifying a sparse one).
  var denseFeatures: Tensor<Double> { dense ?? sparse!.densified() }
}

/// `regula fit`: one sparse linear model at one α.
struct FitCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "fit",
    abstract: "Fit a sparse linear model (Lasso, elastic net, MCP, SCAD, L1 logistic, Huber, Poisson, group Lasso, multitask Lasso) by coordinate descent.",
    discussion: """
      The objective is (1/2n)‖y − Xw − b‖² + penalty(w), scikit-learn's scaling; for logistic, \
      (1/n)Σ log(1 + exp(−yᵢ(xᵢᵀw + b))) + α‖w‖₁ with two classes of labels; for huber, \
      (1/n)Σ h_δ(yᵢ − xᵢᵀw − b) + α‖w‖₁ (h_δ quadratic up to δ = --delta, then linear); for poisson, \
      (1/n)Σ (exp(zᵢ) − yᵢzᵢ) + α‖w‖₁ with zᵢ = xᵢᵀw + b and counts yᵢ ≥ 0 (proximal Newton); for grouplasso, \
      the penalty is α(τ‖w‖₁ + (1 − τ)Σ_g ω_g‖w_g‖₂) over --groups (τ = --l1-ratio, ω_g = √|g|); for multitask, \
      (1/2n)‖Y − XW − 1bᵀ‖²_F + α Σⱼ‖W[j, :]‖₂ with Y the --targets columns (one coefficient column per \
      target in the CSV). Prints the \
      objective, duality gap (convex models), KKT violation, support size and time, and writes \
      the coefficients as CSV (feature,coefficient; the intercept last). Exits with status 3 \
      when the solver stops before reaching the tolerance.
      """)

  @OptionGroup var options: SparseModelOptions

  @Option(help: "The regularization strength α > 0 (a fraction of α_max with --relative).")
  var alpha: Double

  @Flag(help: "Read --alpha as a fraction of α_max, the smallest α whose solution is 0.")
  var relative = false

  @Option(help: "Where to write the coefficients (CSV).")
  var output: String = "coefficients.csv"

  @Flag(help: "Print the summary as one JSON object.")
  var json = false

  func validate() throws {
    guard alpha > 0, alpha.isFinite else { throw ValidationError("--alpha must be positive, got \(alpha).") }
  }

  func run() throws {
    if options.model == .multitask { return try runMultiTask() }
    let dataset = try options.loadData()
    let solution: SparseLinearModelSolution
    var effectiveAlpha = alpha
    do {
      if options.model == .grouplasso {
        solution = try fitGroupLasso(dataset, alpha: &effectiveAlpha)
      } else {
        solution = try options.withPenalty(alpha: 1) { (unit: any PathPenalty) throws(SolverError) -> SparseLinearModelSolution in
          try fit(unit, data: dataset, alpha: &effectiveAlpha)
        }
      }
    } catch let error as SolverError {
      throw options.describe(error)
    }
    var s = Summary()
    s.add("model", options.model.rawValue)
    s.add("rows", dataset.rowCount)
    s.add("features", dataset.featureCount)
    s.add("alpha", effectiveAlpha, digits: 8)
    s.add(solution.report)
    s.add("support_size", solution.support.count)
    s.add("intercept", solution.intercept, digits: 8)
    s.add("coefficients", output)
    var csv = "feature,coefficient\n"
    for (name, w) in zip(dataset.featureNames, solution.coefficients) { csv += "\(name),\(w)\n" }
    csv += "intercept,\(solution.intercept)\n"
    try writeAtomically(Data(csv.utf8), to: URL(fileURLWithPath: output))
    print(s.render(json: json))
    if !solution.isConverged { throw ExitCode(3) }
  }

  /// `regula fit multitask`: W and one intercept per target, written as CSV with one column
  /// per target (feature,t₁,…,t_T; the intercepts last).
  private func runMultiTask() throws {
    let data = try options.loadMultiTaskData()
    var model = MultiTaskLasso(alpha: alpha, fitIntercept: !options.noIntercept, options: options.solverOptions)
    let solution: MultiTaskLassoSolution
    do throws(SolverError) {
      if relative { model.alpha *= try model.alphaMax(data.features, data.targets) }
      solution = try model.fit(data.features, data.targets)
    } catch {
      throw options.describe(error)
    }
    var s = Summary()
    s.add("model", options.model.rawValue)
    s.add("rows", data.features.shape[0])
    s.add("features", data.featureNames.count)
    s.add("targets", data.targetNames.joined(separator: ","))
    s.add("alpha", model.alpha, digits: 8)
    s.add(solution.report)
    s.add("support_size", solution.support.count)
    s.add("coefficients", output)
    let T = data.targetNames.count, w = solution.coefficients.scalars
    var csv = (["feature"] + data.targetNames).joined(separator: ",") + "\n"
    for (j, name) in data.featureNames.enumerated() { csv += ([name] + (0..<T).map { String(w[j * T + $0]) }).joined(separator: ",") + "\n" }
    csv += (["intercept"] + solution.intercepts.map { String($0) }).joined(separator: ",") + "\n"
    try writeAtomically(Data(csv.utf8), to: URL(fileURLWithPath: output))
    print(s.render(json: json))
    if !solution.isConverged { throw ExitCode(3) }
  }

  private func fitGroupLasso(_ data: LoadedData, alpha: inout Double) throws -> SparseLinearModelSolution {
    let groups = try GroupSpecification(parsing: options.groups ?? "").groups(featureCount: data.featureCount)
    var model = GroupLasso(
      alpha: alpha, groups: groups, weights: options.unitGroupWeights ? groups.map { _ in 1 } : nil,
      l1Ratio: options.l1Ratio ?? 0, fitIntercept: !options.noIntercept, options: options.solverOptions)
    if let x = data.sparse {
      if relative { alpha *= try model.alphaMax(x, data.targets) }
      model.alpha = alpha
      return try model.fit(x, data.targets)
    }
    let x = data.denseFeatures
    if relative { alpha *= try model.alphaMax(x, data.targets) }
    model.alpha = alpha
    return try model.fit(x, data.targets)
  }

  private func fit<P: PathPenalty>(_ unit: P, data: LoadedData, alpha: inout Double) throws(SolverError) -> SparseLinearModelSolution {
    let intercept = !options.noIntercept, solver = options.solverOptions
    switch options.model {
    case .logistic:
      return try fit(PenalizedLogisticRegression(penalty: unit, fitIntercept: intercept, options: solver), data, alpha: &alpha)
    case .huber:
      let model = PenalizedHuberRegression(penalty: unit, delta: options.delta ?? 1.35, fitIntercept: intercept, options: solver)
      return try fit(model, data, alpha: &alpha)
    case .poisson:
      return try fit(PenalizedPoissonRegression(penalty: unit, fitIntercept: intercept, options: solver), data, alpha: &alpha)
    default:
      var model = PenalizedLinearRegression(penalty: unit, fitIntercept: intercept, options: solver)
      guard let x = data.sparse else { return try fit(model, data, alpha: &alpha) }
      if relative { alpha *= try model.alphaMax(x, data.targets) }
      guard alpha > 0, alpha.isFinite else { throw .nonPositiveAlpha(alpha) }
      model.penalty = unit.withAlpha(alpha)
      return try model.fit(x, data.targets)
    }
  }

  /// Fits `model` to the dense design at α (times the model's α_max with --relative).
  private func fit<Model: SeparablyPenalizedModel>(
    _ model: Model, _ data: LoadedData, alpha: inout Double
  ) throws(SolverError) -> SparseLinearModelSolution {
    let x = data.denseFeatures
    if relative { alpha *= try model.alphaMax(x, data.targets, sampleWeights: nil) }
    guard alpha > 0, alpha.isFinite else { throw .nonPositiveAlpha(alpha) }
    var atAlpha = model
    atAlpha.penalty = model.penalty.withAlpha(alpha)
    return try atAlpha.fit(x, data.targets, sampleWeights: nil, warmStart: nil)
  }
}

/// What `regula fit` needs of a separably penalized estimator: α_max on the data, a penalty
/// whose α can be replaced, and a fit.
protocol SeparablyPenalizedModel {
  associatedtype Penalty: PathPenalty
  var penalty: Penalty { get set }
  func alphaMax(_ x: Tensor<Double>, _ y: [Double], sampleWeights: [Double]?) throws(SolverError) -> Double
  func fit(_ x: Tensor<Double>, _ y: [Double], sampleWeights: [Double]?, warmStart: [Double]?) throws(SolverError)
    -> SparseLinearModelSolution
}

extension PenalizedLinearRegression: SeparablyPenalizedModel where Penalty: PathPenalty {}
extension PenalizedLogisticRegression: SeparablyPenalizedModel where Penalty: PathPenalty {}
extension PenalizedHuberRegression: SeparablyPenalizedModel where Penalty: PathPenalty {}
extension PenalizedPoissonRegression: SeparablyPenalizedModel where Penalty: PathPenalty {}
