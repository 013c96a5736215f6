import ArgumentParser
import Foundation
import Regula

/// `regula ot`: optimal transport between two point clouds.
struct OTCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ot",
    abstract: "Optimal transport between two point clouds (exact or entropic).",
    discussion: """
      Reads the source and target points (CSV or NPY, one point per row, every column a \
      coordinate), builds the squared Euclidean cost, and solves exactly (emd: network \
      simplex) or with entropic regularization (sinkhorn, ε from --eps; sns, the same problem \
      by Sinkhorn–Newton–Sparse; unbalanced, with KL \
      penalties of weight --marginal-penalty on the marginals, so the weights' totals may \
      differ), or with a quadratic regularizer of weight --eps whose plans are sparse (sparse; \
      --max-nonzeros k allows at most k sources per target), or moving only the mass --mass \
      (partial: exact, or entropic when --eps is given; the weights' totals may differ). \
      Prints the cost \
      ⟨P, C⟩, the status, the iterations and the time; writes the plan with --plan (dense \
      n×m, or the non-zeros as rows source,target,mass with --sparse) and, for 2-D points, \
      an SVG of the matching with --svg. Exits with status 3 when the solver stopped before \
      convergence.
      """)

  enum Method: String, ExpressibleByArgument, CaseIterable {
    case emd, sinkhorn, sns, unbalanced, sparse, partial
  }

  @Option(help: "Source points (.csv or .npy), one per row.")
  var source: String

  @Option(help: "Target points (.csv or .npy), one per row, with as many columns as the source.")
  var target: String

  @Option(help: "Source weights (.csv or .npy), one per point. Default: uniform.")
  var sourceWeights: String?

  @Option(help: "Target weights (.csv or .npy), one per point. Default: uniform.")
  var targetWeights: String?

  @Option(help: "The solver: \(Method.allCases.map(\.rawValue).joined(separator: ", ")).")
  var method: Method = .emd

  @Option(help: "Sinkhorn: the entropic regularization ε (> 0).")
  var eps: Double?

  @Option(help: "Unbalanced: the weight τ of the KL penalties on the marginals (> 0).")
  var marginalPenalty: Double?

  @Option(help: "Partial: the mass to transport, at most the smaller of the weights' totals.")
  var mass: Double?

  @Option(help: "Sparse: at most this many non-zeros in each column of the plan.")
  var maxNonzeros: Int?

  @Flag(help: "Sinkhorn: read --eps relative to the mean cost (ε = eps · mean C).")
  var relativeEps = false

  @Option(help: "Sinkhorn and unbalanced: kernel, logarithmic or automatic (kernel, falling back to the log domain on underflow).")
  var domain: String = "automatic"

  @Option(help: "Sinkhorn: stop when ‖Pᵀ1 − b‖₂ is below this.")
  var tolerance: Double = 1e-9

  @Option(help: "Iteration budget (pivots for emd).")
  var maxIterations: Int = 100_000

  @Option(help: "Where to write the plan (.csv or .npy).")
  var plan: String?

  @Flag(help: "Write only the plan's non-zeros, as rows (source, target, mass).")
  var sparse = false

  @Option(help: "Where to draw the matching (SVG; 2-D points only).")
  var svg: String?

  @Flag(help: "Print the summary as one JSON object.")
  var json = false

  func validate() throws {
    switch method {
    case .emd:
      guard eps == nil else { throw ValidationError("--eps applies to --method sinkhorn only.") }
    case .sinkhorn, .sns, .unbalanced, .sparse:
      guard eps != nil else { throw ValidationError("--method \(method.rawValue) needs --eps.") }
    case .partial:
      break
    }
    guard (method == .partial) == (mass != nil) else { throw ValidationError("--mass goes with --method partial (and it needs one).") }
    guard (method == .unbalanced) == (marginalPenalty != nil) else {
      throw ValidationError("--marginal-penalty goes with --method unbalanced (and it needs one).")
    }
    guard maxNonzeros == nil || method == .sparse else { throw ValidationError("--max-nonzeros goes with --method sparse.") }
    if let maxNonzeros, maxNonzeros < 1 { throw ValidationError("--max-nonzeros must be positive, got \(maxNonzeros).") }
    if let marginalPenalty, !(marginalPenalty > 0) {
      throw ValidationError("--marginal-penalty must be positive, got \(marginalPenalty).")
    }
    guard Sinkhorn.Domain(rawValue: domain) != nil else {
      throw ValidationError("--domain must be one of \(Sinkhorn.Domain.allCases.map(\.rawValue).joined(separator: ", ")), got '\(domain)'.")
    }
    guard tolerance > 0 else { throw ValidationError("--tolerance must be positive, got \(tolerance).") }
    guard maxIterations > 0 else { throw ValidationError("--max-iterations must be positive, got \(maxIterations).") }
  }

  func run() throws {
    let x: Dataset<Double> = try loadDataset(path: source, target: .absent)
    let y: Dataset<Double> = try loadDataset(path: target, target: .absent)
    guard x.featureCount == y.featureCount else {
      throw InputError("\(source) has \(x.featureCount) columns but \(target) has \(y.featureCount); the points must have the same dimension")
    }
    let a = try sourceWeights.map { try weights(from: $0, count: x.count, pointsFile: source) }
    let b = try targetWeights.map { try weights(from: $0, count: y.count, pointsFile: target) }
    let problem = try TransportProblem(
      sourcePoints: x.features, targetPoints: y.features, sourceWeights: a, targetWeights: b,
      relativeMassTolerance: method == .unbalanced || method == .partial ? .infinity : 1e-9)

    var s = Summary()
    s.add("method", method.rawValue)
    s.add("sources", problem.sourceCount)
    s.add("targets", problem.targetCount)
    let start = DispatchTime.now().uptimeNanoseconds
    let cost: Double, status: SolverStatus, iterations: Int, notes: [String]
    var flows: [NetworkSimplex.Flow] = []
    var dense: Tensor<Double>?
    switch method {
    case .emd:
      let solution = NetworkSimplex(maxIterations: maxIterations).solve(problem)
      (cost, status, iterations, notes, flows) = (solution.cost, solution.status, solution.iterations, solution.notes, solution.flows)
    case .sinkhorn:
      var solver = Sinkhorn(epsilon: relativeEps ? .relative(eps!) : .absolute(eps!), domain: Sinkhorn.Domain(rawValue: domain)!)
      solver.tolerance = tolerance
      solver.maxIterations = maxIterations
      let solution = try solver.solve(problem)
      (cost, status, iterations, notes) = (solution.cost, solution.status, solution.iterations, solution.notes)
      s.add("epsilon", solution.epsilon, digits: 8)
      s.add("domain", solution.domain.rawValue)
      dense = solution.plan
    case .sns:
      var solver = SinkhornNewtonSparse(epsilon: relativeEps ? .relative(eps!) : .absolute(eps!))
      solver.tolerance = tolerance
      solver.maxNewtonIterations = maxIterations
      let solution = try solver.solve(problem)
      (cost, status, iterations, notes) = (solution.cost, solution.status, solution.iterations, solution.notes)
      s.add("epsilon", solution.epsilon, digits: 8)
      dense = solution.plan
    case .unbalanced:
      var solver = UnbalancedSinkhorn(
        epsilon: relativeEps ? .relative(eps!) : .absolute(eps!), marginalPenalty: marginalPenalty!, domain: Sinkhorn.Domain(rawValue: domain)!)
      solver.tolerance = tolerance
      solver.maxIterations = maxIterations
      let solution = try solver.solve(problem)
      (cost, status, iterations, notes) = (solution.cost, solution.status, solution.iterations, solution.notes)
      s.add("epsilon", solution.epsilon, digits: 8)
      s.add("domain", solution.domain.rawValue)
      s.add("transported_mass", solution.plan.sum().scalar, digits: 10)
      dense = solution.plan
    case .sparse:
      let scale = relativeEps ? problem.cost.reduce(0, +) / Double(problem.cost.count) : 1
      var solver = SmoothTransport(gamma: eps! * scale, regularizer: maxNonzeros.map { .sparsityConstrained(maxNonzerosPerColumn: $0) } ?? .squaredL2)
      solver.tolerance = tolerance
      solver.maxIterations = maxIterations
      let solution = try solver.solve(problem)
      (cost, status, iterations, notes) = (solution.cost, solution.status, solution.iterations, [])
      s.add("gamma", solver.gamma, digits: 8)
      dense = solution.plan
    case .partial:
      if let eps {
        var solver = EntropicPartialTransport(epsilon: relativeEps ? .relative(eps) : .absolute(eps), mass: mass!)
        solver.tolerance = tolerance
        solver.maxIterations = maxIterations
        let solution = try solver.solve(problem)
        (cost, status, iterations, notes, dense) = (solution.cost, solution.status, solution.iterations, solution.notes, solution.plan)
        s.add("epsilon", solution.epsilon, digits: 8)
      } else {
        let solution = try PartialTransport(mass: mass!).solve(problem)
        (cost, status, iterations, notes, dense) = (solution.cost, solution.status, solution.iterations, solution.notes, solution.plan)
      }
      s.add("transported_mass", dense!.sum().scalar, digits: 10)
    }
    if let dense {
      let n = problem.targetCount
      for (k, mass) in dense.scalars.enumerated() where mass > 0 { flows.append(.init(source: k / n, target: k % n, mass: mass)) }
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    s.add("cost", cost, digits: 12)
    s.add("status", Self.describe(status))
    s.add("iterations", iterations)
    s.add("time", seconds: seconds)
    for (k, note) in notes.enumerated() { s.add(notes.count == 1 ? "note" : "note\(k + 1)", note) }

    if let plan {
      let tensor: Tensor<Double>
      if sparse {
        var triples: [Double] = []
        for f in flows { triples += [Double(f.source), Double(f.target), f.mass] }
        tensor = Tensor(shape: [flows.count, 3], scalars: triples)
      } else {
        tensor = dense ?? NetworkSimplex.Solution.densePlan(flows, sourceCount: problem.sourceCount, targetCount: problem.targetCount)
      }
      if plan.lowercased().hasSuffix(".npy") {
        try NPYWriter().write(tensor, to: plan)
      } else {
        let names = sparse ? ["source", "target", "mass"] : nil
        try CSVWriter(writesHeader: sparse).write(Dataset(features: tensor, featureNames: names), to: plan)
      }
      s.add("plan", plan)
    }
    if let svg {
      guard x.featureCount == 2 else { throw InputError("--svg draws 2-D points; \(source) has \(x.featureCount) columns") }
      try writeAtomically(Data(matchingSVG(x.features, y.features, flows).utf8), to: URL(fileURLWithPath: svg))
      s.add("svg", svg)
    }
    print(s.render(json: json))
    if status != .converged { throw ExitCode(3) }
  }

  /// One weight per point from a one-column file.
  func weights(from path: String, count: Int, pointsFile: String) throws -> [Double] {
    let data: Dataset<Double> = try loadDataset(path: path, target: .absent)
    guard data.featureCount == 1, data.count == count else {
      throw InputError("\(path) holds \(data.count)×\(data.featureCount) values; expected one weight per point of \(pointsFile) (\(count)×1)")
    }
    return data.features.scalars
  }

  static func describe(_ status: SolverStatus) -> String {
    switch status {
    case .converged: return "converged"
    case .maxIterationsReached: return "max_iterations_reached"
    case .numericalFailure(let iteration): return "numerical_failure_at_\(iteration)"
    }
  }

  /// The matching as line segments from each source to the targets it sends mass to, drawn
  /// with the shared chart (one two-point series per non-zero of the plan, up to 5,000).
  func matchingSVG(_ x: Tensor<Double>, _ y: Tensor<Double>, _ flows: [NetworkSimplex.Flow]) -> String {
    var chart = LineChart(title: "Transport plan: \(source) → \(target)", xLabel: "x₁", yLabel: "x₂", showsLegend: false)
    let largest = flows.map(\.mass).max() ?? 0
    for f in flows.sorted(by: { $0.mass > $1.mass }).prefix(5000) where f.mass >= largest * 1e-6 {
      chart.add("\(f.source) → \(f.target): \(f.mass)", points: [
        (x.scalars[2 * f.source], x.scalars[2 * f.source + 1]), (y.scalars[2 * f.target], y.scalars[2 * f.target + 1]),
      ])
    }
    return chart.svg()
  }
}
