import Foundation
import Regula

extension Bench {
  /// Lasso on the simulated 500×5000 AR(1) design of ../shared/peers/bench_lasso.py
  /// (ρ = 0.6, 50 nonzeros ±U[1, 2], SNR 10, standardized X, centered y, no intercept),
  /// at α = 0.1 and 0.01·α_max, tol 1e-8 in scikit-learn's sense, as the peers.
  ///
  /// The generator follows the script's steps with Regula's seeded generator (numpy's
  /// PCG64 stream is not reproduced), so the design has the same distribution, not the same
  /// numbers. Reports the median time, the support size, the objective and the achieved
  /// duality gap (recomputed here with the script's formula), and, from the solver's trace
  /// in one run at a tiny tolerance, the time at which the gap first fell below 1e-4 … 1e-10.
  ///
  /// Then the same on the high-dimensional sparse design of Tools/bench/bench_lasso_sparse.py
  /// (2000×20000, about 50 entries per row), which both sides draw from one SplitMix64 stream,
  /// so their objectives are comparable. With `--lasso-peers` (that script's output) the
  /// peers' numbers are added, and `--lasso-plot` draws the relative suboptimality
  /// (P − P*)/P* against log10 time for every solver (P* the best objective any of them
  /// reached; each peer point is a separate run at tolerance 1e-2 … 1e-10).
  func lassoBenchmark() -> Summary {
    let (x, y) = lassoBenchmarkData()
    let n = Double(y.count)
    var s = Summary()
    s.add("benchmark", "lasso_500x5000_rho0.6")
    let alphaMax = (try? Lasso.alphaMax(x, y, fitIntercept: false)) ?? .nan
    s.add("alpha_max", alphaMax, digits: 6)
    for fraction in [0.1, 0.01] {
      let alpha = fraction * alphaMax
      let key = fraction == 0.1 ? "a0.1" : "a0.01"
      _ = lassoCase(&s, key: key) { options in
        guard let solution = try? Lasso(alpha: alpha, fitIntercept: false, options: options).fit(x, y) else { return nil }
        return (solution, scriptGap(x, y, solution.coefficients, alpha, n: n))
      }
    }
    let (sparse, target) = sparseLassoBenchmarkData()
    s.add("sparse_benchmark", "lasso_sparse_\(sparse.rowCount)x\(sparse.columnCount)_nnz\(sparse.values.count)")
    let sparseAlphaMax = (try? PenalizedLinearRegression(penalty: L1Penalty(alpha: 1), fitIntercept: false).alphaMax(sparse, target)) ?? .nan
    s.add("sparse_alpha_max", sparseAlphaMax, digits: 6)
    var chart = LineChart(
      title: "Lasso, sparse \(sparse.rowCount)×\(sparse.columnCount) design, α = 0.1 and 0.01·α_max", xLabel: "log10 time (s)",
      yLabel: "relative suboptimality (P − P*)/P*", logarithmicY: true)
    let peers = lassoPeers.flatMap { try? JSONDecoder().decode(PeerLassoResults.self, from: Data(contentsOf: URL(fileURLWithPath: $0))) }
    for fraction in [0.1, 0.01] {
      let alpha = fraction * sparseAlphaMax
      let key = fraction == 0.1 ? "sparse_a0.1" : "sparse_a0.01"
      let trace = lassoCase(&s, key: key) { options in
        guard let solution = try? Lasso(alpha: alpha, fitIntercept: false, options: options).fit(sparse, target) else { return nil }
        return (solution, solution.dualityGap ?? .nan)
      }
      // Suboptimality against the best objective any solver reached at this α.
      let runs = peers?.results.filter { $0.alpha_fraction == fraction } ?? []
      let best = ([trace.map(\.objective).min() ?? .infinity] + runs.flatMap { $0.sweep.map(\.objective) + [$0.objective] }).min()!
      func relative(_ objective: Double) -> Double { max((objective - best) / best, 1e-16) }
      chart.add("Regula \(fraction)", points: trace.map { (log10($0.seconds), relative($0.objective)) })
      for run in runs {
        chart.add("\(run.solver) \(fraction)", points: run.sweep.map { (log10($0.seconds), relative($0.objective)) })
        s.add("\(key)_\(run.solver)_seconds", run.median_s, digits: 4)
        s.add("\(key)_\(run.solver)_objective", run.objective, digits: 12)
        s.add("\(key)_\(run.solver)_duality_gap", run.duality_gap, digits: 12)
      }
    }
    if let lassoPlot {
      do {
        try writeAtomically(Data(chart.svg(width: 900, height: 480).utf8), to: URL(fileURLWithPath: lassoPlot))
        s.add("plot", lassoPlot)
      } catch {
        s.add("plot_error", "\(error)")
      }
    }
    return s
  }

  /// Times one Lasso fit at tolerance 1e-8 (median) and, from the trace of one run to a tiny
  /// tolerance, the time at which the duality gap first fell below 1e-4 … 1e-10; adds them
  /// to `s` under `key` and returns that trace. `fit` returns the solution and the gap to
  /// report.
  func lassoCase(
    _ s: inout Summary, key: String, fit: (CoordinateDescentOptions) -> (SparseLinearModelSolution, Double)?
  ) -> [SolverTrace] {
    var result: (SparseLinearModelSolution, Double)?
    let t = median(warmup: 1) { result = fit(CoordinateDescentOptions(tolerance: 1e-8, maxIterations: 1000)) }
    guard let (solution, gap) = result else {
      s.add("\(key)_error", "fit failed")
      return []
    }
    s.add("\(key)_seconds", t, digits: 4)
    s.add("\(key)_nnz", solution.support.count)
    s.add("\(key)_objective", solution.objective, digits: 12)
    s.add("\(key)_duality_gap", gap, digits: 12)
    s.add("\(key)_iterations", solution.iterations)
    s.add("\(key)_epochs", solution.epochs)
    var traces: [[SolverTrace]] = []
    _ = median(warmup: 1) { if let (tight, _) = fit(CoordinateDescentOptions(tolerance: 1e-15, maxIterations: 1000)) { traces.append(tight.trace) } }
    s.add("\(key)_setup_and_first_gap_seconds", traces.first?.first?.seconds ?? .nan, digits: 4)
    for exponent in 4...10 {
      let target = pow(10, -Double(exponent))
      let times = traces.compactMap { trace in trace.first { ($0.dualityGap ?? .infinity) <= target }?.seconds }.sorted()
      s.add("\(key)_time_to_gap_1e-\(exponent)", times.isEmpty ? .nan : times[times.count / 2], digits: 4)
    }
    return traces.count > 0 ? traces[traces.count / 2] : []
  }

  /// Tools/bench/bench_lasso_sparse.py's output: the peers on the same sparse design.
  struct PeerLassoResults: Decodable {
    struct Run: Decodable {
      struct Point: Decodable {
        let seconds: Double
        let objective: Double
      }
      let solver: String
      let alpha_fraction: Double
      let median_s: Double
      let objective: Double
      let duality_gap: Double
      let sweep: [Point]
    }
    let results: [Run]
  }

  /// Tools/bench/bench_lasso_sparse.py's `make_data()`, from the same counter-based
  /// SplitMix64 stream (so both sides fit the same design): `perRow` draws of a column in
  /// 0..<p per row (repeats dropped) with values U[0.1, 1); w* with `k` nonzeros ±U[1, 2];
  /// y = Xw* + uniform noise of standard deviation 0.1·rms(Xw*).
  func sparseLassoBenchmarkData(n: Int = 2000, p: Int = 20000, perRow: Int = 50, k: Int = 100, seed: UInt64 = 1) -> (SparseDesignMatrix, [Double]) {
    func mix(_ seed: UInt64, _ k: Int) -> UInt64 {
      var z = seed &+ UInt64(k + 1) &* 0x9E37_79B9_7F4A_7C15
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    func unit(_ seed: UInt64, _ k: Int) -> Double { Double(mix(seed, k) >> 11) * 0x1.0p-53 }
    var offsets = [0], columns = [Int](), values = [Double]()
    for i in 0..<n {
      var row = [Int: Double]()
      for t in 0..<perRow {
        let c = Int(mix(seed, i * 2 * perRow + t) % UInt64(p))
        if row[c] == nil { row[c] = 0.1 + 0.9 * unit(seed, i * 2 * perRow + perRow + t) }
      }
      for c in row.keys.sorted() {
        columns.append(c)
        values.append(row[c]!)
      }
      offsets.append(columns.count)
    }
    var w = [Int: Double]()
    var t = 0
    while w.count < k {
      let c = Int(mix(seed + 1000, 3 * t) % UInt64(p))
      if w[c] == nil { w[c] = (mix(seed + 1000, 3 * t + 1) & 1 == 1 ? 1.0 : -1.0) * (1 + unit(seed + 1000, 3 * t + 2)) }
      t += 1
    }
    var xw = [Double](repeating: 0, count: n)
    for i in 0..<n { for q in offsets[i]..<offsets[i + 1] { xw[i] += values[q] * (w[columns[q]] ?? 0) } }
    let rms = (xw.reduce(0) { $0 + $1 * $1 } / Double(n)).squareRoot()
    let y = (0..<n).map { xw[$0] + 0.1 * rms * 12.0.squareRoot() * (unit(seed + 2000, $0) - 0.5) }
    return (SparseDesignMatrix(rowCount: n, columnCount: p, rowOffsets: offsets, columnIndices: columns, values: values), y)
  }

  /// The script's `make_data()`: columns X_j = ρX_{j−1} + √(1−ρ²)Z_j, w* with 50 entries
  /// ±U[1, 2], y = Xw* + noise of standard deviation std(Xw*)/√10, then X standardized
  /// column by column (population std) and y centered.
  func lassoBenchmarkData(n: Int = 500, p: Int = 5000, k: Int = 50, rho: Double = 0.6, seed: UInt64 = 0) -> (Tensor<Double>, [Double]) {
    var rng = RandomGenerator(seed: seed)
    var columns = [Double](repeating: 0, count: n * p)  // column-major while generating
    for i in 0..<n { columns[i] = rng.nextNormal() }
    let innovation = (1 - rho * rho).squareRoot()
    for j in 1..<p {
      for i in 0..<n { columns[j * n + i] = rho * columns[(j - 1) * n + i] + innovation * rng.nextNormal() }
    }
    var w = [Double](repeating: 0, count: p)
    for j in rng.permutation(p).prefix(k) { w[j] = (rng.nextUnit() < 0.5 ? -1.0 : 1.0) * (1 + rng.nextUnit()) }
    var y = [Double](repeating: 0, count: n)
    for j in 0..<p where w[j] != 0 { for i in 0..<n { y[i] += columns[j * n + i] * w[j] } }
    let mean = y.reduce(0, +) / Double(n)
    let sd = (y.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n)).squareRoot()
    for i in 0..<n { y[i] += rng.nextNormal() * sd / 10.0.squareRoot() }
    var x = [Double](repeating: 0, count: n * p)
    for j in 0..<p {
      var m = 0.0
      for i in 0..<n { m += columns[j * n + i] }
      m /= Double(n)
      var v = 0.0
      for i in 0..<n { v += (columns[j * n + i] - m) * (columns[j * n + i] - m) }
      let scale = 1 / (v / Double(n)).squareRoot()
      for i in 0..<n { x[i * p + j] = (columns[j * n + i] - m) * scale }
    }
    let yMean = y.reduce(0, +) / Double(n)
    return (Tensor(shape: [n, p], scalars: x), y.map { $0 - yMean })
  }

  /// The script's `gap()`: P(w) − D(s·r) with s = min(1, nα/‖Xᵀr‖_∞).
  func scriptGap(_ x: Tensor<Double>, _ y: [Double], _ w: [Double], _ alpha: Double, n: Double) -> Double {
    let p = w.count
    let xs = x.scalars
    var r = y
    for i in r.indices {
      var sum = 0.0
      for j in 0..<p where w[j] != 0 { sum += xs[i * p + j] * w[j] }
      r[i] -= sum
    }
    var xtr = [Double](repeating: 0, count: p)
    for i in r.indices { for j in 0..<p { xtr[j] += xs[i * p + j] * r[i] } }
    let dualNorm = xtr.map(abs).max() ?? 0
    let scale = dualNorm > 0 ? min(1, n * alpha / dualNorm) : 1
    let rr = r.reduce(0) { $0 + $1 * $1 }
    let primal = 0.5 * rr / n + alpha * w.reduce(0) { $0 + abs($1) }
    let ry = zip(r, y).reduce(0) { $0 + $1.0 * $1.1 }
    let dual = scale * ry / n - 0.5 * scale * scale * rr / n
    return primal - dual
  }
}
