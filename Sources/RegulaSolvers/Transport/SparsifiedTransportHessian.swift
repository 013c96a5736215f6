import Dispatch
import Foundation

/// The negated Hessian of the entropic transport dual at a plan P, with its off-diagonal
/// blocks sparsified. Internal: ``SinkhornNewtonSparse`` solves its Newton systems with it.
///
///     L̃ = ⎡ diag(P1)   S        ⎤     S = P restricted to the kept entries (S ≤ P)
///         ⎣ Sᵀ         diag(Pᵀ1) ⎦
///
/// The diagonal keeps the full marginals of P, so L̃ is weakly diagonally dominant, hence
/// positive semidefinite, and positive definite as soon as one entry per connected block
/// is dropped (the dense matrix has the null vector (1, −1)). S is stored once, by rows
/// (CSR); a product L̃·v reads it in one pass, gathering for S·v_y and scattering into
/// per-core column buffers for Sᵀ·v_x.
struct SparsifiedTransportHessian {
  let rowCount: Int, columnCount: Int
  /// P1 and Pᵀ1, the diagonal.
  let rowSums: [Double], columnSums: [Double]
  let rowStarts: [Int]
  let columns: [Int32]
  let values: [Double]

  var nonzeroCount: Int { values.count }

  /// Keeps the entries of `plan` (n×m, row-major) that are positive and at least `threshold`.
  init(plan: UnsafeBufferPointer<Double>, rowCount n: Int, columnCount m: Int, rowSums: [Double], columnSums: [Double], threshold: Double) {
    (rowCount, columnCount, self.rowSums, self.columnSums) = (n, m, rowSums, columnSums)
    var counts = [Int](repeating: 0, count: n)
    counts.withUnsafeMutableBufferPointer { counts in
      parallelRows(n) { i in
        var c = 0
        for j in 0..<m where plan[i * m + j] >= threshold && plan[i * m + j] > 0 { c += 1 }
        counts[i] = c
      }
    }
    var starts = [Int](repeating: 0, count: n + 1)
    for i in 0..<n { starts[i + 1] = starts[i] + counts[i] }
    var columns = [Int32](repeating: 0, count: starts[n])
    var values = [Double](repeating: 0, count: starts[n])
    columns.withUnsafeMutableBufferPointer { columns in
      values.withUnsafeMutableBufferPointer { values in
        parallelRows(n) { i in
          var k = starts[i]
          for j in 0..<m where plan[i * m + j] >= threshold && plan[i * m + j] > 0 {
            columns[k] = Int32(j)
            values[k] = plan[i * m + j]
            k += 1
          }
        }
      }
    }
    (rowStarts, self.columns, self.values) = (starts, columns, values)
  }

  /// L̃·v for v = (v_x, v_y) of length n + m.
  func apply(_ v: [Double]) -> [Double] {
    let (n, m) = (rowCount, columnCount)
    var out = [Double](repeating: 0, count: n + m)
    let transposedProduct = v.withUnsafeBufferPointer { v in
      out.withUnsafeMutableBufferPointer { out in
        columns.withUnsafeBufferPointer { columns in
          values.withUnsafeBufferPointer { values in
            forEachRowChunk(rowCount: n, columnCount: m) { rows, part in
              let vy = v.baseAddress! + n
              for i in rows {
                var sum = 0.0
                let x = v[i]
                for k in rowStarts[i]..<rowStarts[i + 1] {
                  let j = Int(columns[k])
                  sum += values[k] * vy[j]
                  part[j] += values[k] * x
                }
                out[i] = rowSums[i] * x + sum
              }
            }
          }
        }
      }
    }
    for j in 0..<m { out[n + j] = columnSums[j] * v[n + j] + transposedProduct[j] }
    return out
  }

  /// Solves L̃·x = rhs by conjugate gradients preconditioned with the diagonal, from x = 0,
  /// until ‖residual‖₂ ≤ `relativeTolerance`·‖rhs‖₂ or `maxIterations`. Coordinates whose
  /// diagonal is zero (a zero weight) stay 0. Returns x and the iterations run.
  func solve(_ rhs: [Double], relativeTolerance: Double, maxIterations: Int) -> (solution: [Double], iterations: Int) {
    let inverseDiagonal = (rowSums + columnSums).map { $0 > 0 ? 1 / $0 : 0 }
    var x = [Double](repeating: 0, count: rhs.count)
    var residual = zip(rhs, inverseDiagonal).map { $1 > 0 ? $0 : 0 }
    let stop = relativeTolerance * squaredNorm(residual).squareRoot()
    var z = zip(residual, inverseDiagonal).map { $0 * $1 }
    var direction = z
    var rz = dot(residual, z)
    var iteration = 0
    while iteration < maxIterations && squaredNorm(residual).squareRoot() > stop {
      let product = apply(direction)
      let curvature = dot(direction, product)
      guard curvature > 0 else { break }
      let step = rz / curvature
      for k in x.indices {
        x[k] += step * direction[k]
        residual[k] -= step * product[k]
      }
      for k in z.indices { z[k] = residual[k] * inverseDiagonal[k] }
      let next = dot(residual, z)
      for k in direction.indices { direction[k] = z[k] + next / rz * direction[k] }
      rz = next
      iteration += 1
    }
    return (x, iteration)
  }

  private func dot(_ x: [Double], _ y: [Double]) -> Double { zip(x, y).reduce(0) { $0 + $1.0 * $1.1 } }
  private func squaredNorm(_ x: [Double]) -> Double { dot(x, x) }
}

/// The number of contiguous chunks ``forEachChunk(of:chunks:_:)`` splits `count` items into:
/// one per core, and one below 128 items (as ``parallelRows(_:_:)``).
func chunkCount(_ count: Int) -> Int {
  min(ProcessInfo.processInfo.activeProcessorCount, max(1, count / 64))
}

/// Runs `body(range, chunk)` on `chunks` contiguous ranges covering 0..<count, concurrently.
/// Unlike ``parallelRows(_:_:)``, the body knows its chunk, so it can accumulate into
/// storage of its own without races.
func forEachChunk(of count: Int, chunks: Int, _ body: (Range<Int>, Int) -> Void) {
  if chunks <= 1 {
    body(0..<count, 0)
    return
  }
  withoutActuallyEscaping(body) { body in
    let box = UncheckedSendable(body)
    DispatchQueue.concurrentPerform(iterations: chunks) { c in
      box.value((c * count / chunks)..<((c + 1) * count / chunks), c)
    }
  }
}

/// Runs `body(rows, columnAccumulator)` on contiguous ranges of 0..<rowCount concurrently;
/// each range adds into its own zeroed vector of `columnCount` values. Returns their sum:
/// column sums (or a transposed product) computed row by row without races.
func forEachRowChunk(rowCount: Int, columnCount: Int, _ body: (Range<Int>, UnsafeMutablePointer<Double>) -> Void) -> [Double] {
  let chunks = chunkCount(rowCount)
  var parts = [Double](repeating: 0, count: chunks * columnCount)
  parts.withUnsafeMutableBufferPointer { parts in
    forEachChunk(of: rowCount, chunks: chunks) { rows, chunk in body(rows, parts.baseAddress! + chunk * columnCount) }
  }
  var sums = [Double](parts[0..<columnCount])
  for c in 1..<max(chunks, 1) { for j in 0..<columnCount { sums[j] += parts[c * columnCount + j] } }
  return sums
}
