import Foundation
import Regula

extension Bench {
  /// Exact transport by the network simplex on the problem ../shared/peers/bench_pot.py
  /// gives POT's `ot.emd` (n = m ∈ {1000, 2000}); the time includes the dense n×m plan,
  /// which `ot.emd` returns. (The points come from Regula's generator, not NumPy's.)
  func emdBenchmark() -> Summary {
    var s = Summary()
    s.add("benchmark", "emd_network_simplex")
    for n in [1000, 2000] {
      let problem = benchmarkTransportProblem(size: n)
      var solution: NetworkSimplex.Solution?
      var sink = 0.0
      let time = median(warmup: 1) {
        let result = NetworkSimplex().solve(problem)
        sink += result.plan.scalars[0]
        solution = result
      }
      s.add("n\(n)_s", time, digits: 4)
      s.add("n\(n)_pivots", solution!.iterations)
      s.add("n\(n)_cost", solution!.cost, digits: 10)
      s.add("n\(n)_status", "\(solution!.status)")
    }
    return s
  }
}
