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
      let model = Lasso(alpha: alpha, fitIntercept: false, options: CoordinateDescentOptions(tolerance: 1e-8, maxIterations: 1000))
      var solution: SparseLinearModelSolution?
      let t = median(warmup: 1) { solution = try? model.fit(x, y) }
      guard let solution else { s.add("\(key)_error", "fit failed"); continue }
      s.add("\(key)_seconds", t, digits: 4)
      s.add("\(key)_nnz", solution.support.count)
      s.add("\(key)_objective", solution.objective, digits: 10)
      s.add("\(key)_duality_gap", scriptGap(x, y, solution.coefficients, alpha, n: n), digits: 12)
      s.add("\(key)_iterations", solution.iterations)
      s.add("\(key)_epochs", solution.epochs)
      // Time to reach each gap, from the trace of one run to a tiny tolerance.
      let tight = Lasso(alpha: alpha, fitIntercept: false, options: CoordinateDescentOptions(tolerance: 1e-15, maxIterations: 1000))
      var traces: [[SolverTrace]] = []
      _ = median(warmup: 1) { if let sol = try? tight.fit(x, y) { traces.append(sol.trace) } }
      s.add("\(key)_setup_and_first_gap_seconds", traces.first?.first?.seconds ?? .nan, digits: 4)
      for exponent in 4...10 {
        let target = pow(10, -Double(exponent))
        let times = traces.compactMap { trace in trace.first { ($0.dualityGap ?? .infinity) <= target }?.seconds }.sorted()
        s.add("\(key)_time_to_gap_1e-\(exponent)", times.isEmpty ? .nan : times[times.count / 2], digits: 4)
      }
    }
    return s
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
