import Foundation
import Regula

extension Bench {
  /// Sinkhorn in the kernel and log domains as ../shared/peers/bench_pot.py runs POT's:
  /// n = m ∈ {1000, 2000} uniform points in [0, 1]², uniform weights, squared Euclidean cost
  /// divided by its maximum, ε = 0.01, tolerance 1e-9 on ‖Pᵀ1 − b‖₂, checked every 10
  /// iterations. (The points come from Regula's generator, not NumPy's: same distribution.)
  /// Then Sinkhorn–Newton–Sparse with its defaults to the same tolerance, on both marginals.
  func sinkhornBenchmark() -> Summary {
    var s = Summary()
    s.add("benchmark", "sinkhorn_eps0.01_tol1e-9")
    for n in [1000, 2000] {
      let problem = benchmarkTransportProblem(size: n)
      for domain in [Sinkhorn.Domain.kernel, .logarithmic] {
        var solver = Sinkhorn(epsilon: .absolute(0.01), domain: domain)
        solver.tolerance = 1e-9
        var iterations = 0
        let time = median(warmup: 1) { iterations = try! solver.solve(problem).iterations }
        s.add("n\(n)_\(domain.rawValue)_s", time, digits: 4)
        s.add("n\(n)_\(domain.rawValue)_iterations", iterations)
      }
      // Sinkhorn–Newton–Sparse to the same tolerance (on both marginals).
      var sns = SinkhornNewtonSparse(epsilon: .absolute(0.01))
      sns.tolerance = 1e-9
      var solution: Sinkhorn.Solution?
      let time = median(warmup: 1) { solution = try! sns.solve(problem) }
      s.add("n\(n)_sns_s", time, digits: 4)
      s.add("n\(n)_sns_iterations", solution!.iterations)
      s.add("n\(n)_sns_error", String(format: "%.2e", solution!.errorHistory.last!))
      s.add("n\(n)_sns_note", solution!.notes[0])
    }
    return s
  }

  /// POT's benchmark problem (../shared/peers/bench_pot.py): n uniform points in [0, 1]² on
  /// each side, uniform weights, squared Euclidean cost divided by its maximum.
  func benchmarkTransportProblem(size n: Int) -> TransportProblem {
    var rng = RandomGenerator(seed: 0)
    let x = Tensor<Double>.randomUniform(shape: [n, 2], using: &rng)
    let y = Tensor<Double>.randomUniform(shape: [n, 2], using: &rng)
    return try! TransportProblem(sourcePoints: x, targetPoints: y, normalized: true)
  }
}
