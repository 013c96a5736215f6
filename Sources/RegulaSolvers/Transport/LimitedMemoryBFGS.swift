/// Minimizes a smooth function of a vector by L-BFGS (two-loop recursion over the last
/// `memory` steps, backtracking line search on the Armijo condition). Internal: the
/// transport duals use it.
///
/// Stops when ‖∇f‖∞ ≤ `gradientTolerance` (converged) or after `maxIterations`.
/// - SeeAlso: Nocedal & Wright, "Numerical Optimization", 2006, Algorithm 7.4.
struct LimitedMemoryBFGS {
  var memory = 10
  var gradientTolerance = 1e-10
  var maxIterations = 1000

  struct Result {
    var point: [Double]
    var value: Double
    var iterations: Int
    var converged: Bool
  }

  func minimize(from start: [Double], _ f: ([Double]) -> (value: Double, gradient: [Double])) -> Result {
    var x = start
    var (value, gradient) = f(x)
    var steps: [(s: [Double], y: [Double], rho: Double)] = []
    for iteration in 0..<maxIterations {
      if maxNorm(gradient) <= gradientTolerance {
        return Result(point: x, value: value, iterations: iteration, converged: true)
      }
      // Two-loop recursion: direction = −H·∇f.
      var q = gradient
      var alphas = [Double](repeating: 0, count: steps.count)
      for k in steps.indices.reversed() {
        alphas[k] = steps[k].rho * dot(steps[k].s, q)
        for i in q.indices { q[i] -= alphas[k] * steps[k].y[i] }
      }
      if let last = steps.last {
        let scale = dot(last.s, last.y) / dot(last.y, last.y)
        for i in q.indices { q[i] *= scale }
      } else {
        let norm = dot(gradient, gradient).squareRoot()
        for i in q.indices { q[i] /= max(norm, 1) }
      }
      for k in steps.indices {
        let beta = steps[k].rho * dot(steps[k].y, q)
        for i in q.indices { q[i] += (alphas[k] - beta) * steps[k].s[i] }
      }
      var direction = q.map { -$0 }
      var slope = dot(direction, gradient)
      if slope >= 0 {  // not a descent direction: restart from steepest descent
        steps.removeAll()
        direction = gradient.map { -$0 }
        slope = -dot(gradient, gradient)
      }
      var t = 1.0
      var candidate = x, next = (value: value, gradient: gradient)
      var accepted = false
      for _ in 0..<60 {
        for i in x.indices { candidate[i] = x[i] + t * direction[i] }
        next = f(candidate)
        // Armijo, or — near the optimum, where the decrease drowns in rounding — a value
        // equal to rounding with a smaller gradient.
        let flat = next.value <= value + 1e-14 * abs(value) && maxNorm(next.gradient) < maxNorm(gradient)
        if next.value <= value + 1e-4 * t * slope || flat {
          accepted = true
          break
        }
        t /= 2
      }
      guard accepted else { return Result(point: x, value: value, iterations: iteration, converged: false) }
      let s = zip(candidate, x).map { $0 - $1 }, y = zip(next.gradient, gradient).map { $0 - $1 }
      let sy = dot(s, y)
      if sy > 1e-300 {
        steps.append((s, y, 1 / sy))
        if steps.count > memory { steps.removeFirst() }
      }
      (x, value, gradient) = (candidate, next.value, next.gradient)
    }
    let converged = maxNorm(gradient) <= gradientTolerance
    return Result(point: x, value: value, iterations: maxIterations, converged: converged)
  }

  private func maxNorm(_ a: [Double]) -> Double { a.reduce(0) { max($0, abs($1)) } }

  private func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
}
