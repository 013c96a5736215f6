/// Anderson extrapolation of coordinate-descent iterates (skglm's `AndersonAcceleration`).
///
/// After K + 1 recorded iterates w₀ … w_K (restricted to the working set), with residuals
/// r₀ … r_K, let U be the K differences u_k = w_{k+1} − w_k. Solve (UᵀU)z = 1, normalize
/// c = z/Σz, and extrapolate
///
///     w_e = Σ_k c_k w_{k+1},   r_e = Σ_k c_k r_{k+1}
///
/// (Σc = 1, so r_e = y − Xw_e). The caller keeps w_e only if it lowers the objective, so an
/// extrapolation can never slow convergence. A singular or non-finite system is skipped.
/// The memory restarts after every attempt.
///
/// - SeeAlso: M. Massias et al., "Dual Extrapolation for Sparse Generalized Linear Models",
///   JMLR 2020; Q. Bertrand & M. Massias, "Anderson Acceleration of Coordinate Descent",
///   AISTATS 2021.
final class AndersonExtrapolation {
  let memory: Int
  let maxCoordinates: Int
  let rowCount: Int
  /// Iterate k occupies `iterates[k·maxCoordinates ..< k·maxCoordinates + count]`.
  private let iterates: UnsafeMutablePointer<Double>
  private let residuals: UnsafeMutablePointer<Double>
  private var gram: [Double]
  private var coefficients: [Double]
  private(set) var recorded = 0

  init(memory K: Int, maxCoordinates p: Int, rowCount n: Int) {
    memory = K
    maxCoordinates = max(p, 1)
    rowCount = n
    iterates = .allocate(capacity: (K + 1) * max(p, 1))
    residuals = .allocate(capacity: (K + 1) * max(n, 1))
    gram = [Double](repeating: 0, count: K * (K + 1))
    coefficients = [Double](repeating: 0, count: K)
  }

  deinit {
    iterates.deallocate()
    residuals.deallocate()
  }

  /// Forgets the recorded iterates (when the working set changes).
  func reset() { recorded = 0 }

  /// Records the current iterate; returns whether K + 1 iterates are now stored.
  func record(coordinates ws: UnsafeBufferPointer<Int>, of w: UnsafePointer<Double>, residual r: UnsafePointer<Double>) -> Bool {
    let k = recorded
    let slot = iterates + k * maxCoordinates
    for (i, j) in ws.enumerated() { slot[i] = w[j] }
    (residuals + k * rowCount).update(from: r, count: rowCount)
    recorded += 1
    return recorded == memory + 1
  }

  /// Writes the extrapolated working-set coordinates (in working-set order) to `wOut` and
  /// residual to `rOut`, and restarts the memory. Returns `false` (writing nothing) when the
  /// system is singular or the result not finite.
  func extrapolate(count m: Int, coordinatesInto wOut: UnsafeMutablePointer<Double>, residualInto rOut: UnsafeMutablePointer<Double>) -> Bool {
    defer { recorded = 0 }
    let K = memory
    guard recorded == K + 1, K > 0 else { return false }
    // Gram matrix of the differences, as an augmented K×(K+1) system [UᵀU | 1].
    for a in 0..<K {
      for b in a..<K {
        var s = 0.0
        let ua0 = iterates + a * maxCoordinates, ua1 = iterates + (a + 1) * maxCoordinates
        let ub0 = iterates + b * maxCoordinates, ub1 = iterates + (b + 1) * maxCoordinates
        for i in 0..<m { s += (ua1[i] - ua0[i]) * (ub1[i] - ub0[i]) }
        gram[a * (K + 1) + b] = s
        gram[b * (K + 1) + a] = s
      }
      gram[a * (K + 1) + K] = 1
    }
    guard solveInPlace(K) else { return false }
    let total = coefficients.reduce(0, +)
    guard total != 0, total.isFinite else { return false }
    for k in 0..<K { coefficients[k] /= total }
    for i in 0..<m {
      var s = 0.0
      for k in 0..<K { s += coefficients[k] * iterates[(k + 1) * maxCoordinates + i] }
      wOut[i] = s
    }
    rOut.update(repeating: 0, count: rowCount)
    for k in 0..<K {
      let c = coefficients[k]
      let rk = residuals + (k + 1) * rowCount
      for i in 0..<rowCount { rOut[i] += c * rk[i] }
    }
    for i in 0..<m where !wOut[i].isFinite { return false }
    return true
  }

  /// Gaussian elimination with partial pivoting on the K×(K+1) augmented `gram`; the
  /// solution goes to `coefficients`. Returns `false` on a zero pivot.
  private func solveInPlace(_ K: Int) -> Bool {
    let width = K + 1
    var scale = 0.0
    for a in 0..<K { scale = max(scale, abs(gram[a * width + a])) }
    guard scale > 0, scale.isFinite else { return false }
    for col in 0..<K {
      var pivot = col
      for row in (col + 1)..<K where abs(gram[row * width + col]) > abs(gram[pivot * width + col]) { pivot = row }
      guard abs(gram[pivot * width + col]) > scale * 1e-300 else { return false }
      if pivot != col {
        for c in 0..<width { gram.swapAt(col * width + c, pivot * width + c) }
      }
      let d = gram[col * width + col]
      for row in (col + 1)..<K {
        let factor = gram[row * width + col] / d
        if factor == 0 { continue }
        for c in col..<width { gram[row * width + c] -= factor * gram[col * width + c] }
      }
    }
    for row in stride(from: K - 1, through: 0, by: -1) {
      var s = gram[row * width + K]
      for c in (row + 1)..<K { s -= gram[row * width + c] * coefficients[c] }
      coefficients[row] = s / gram[row * width + row]
    }
    return coefficients.allSatisfy(\.isFinite)
  }
}
