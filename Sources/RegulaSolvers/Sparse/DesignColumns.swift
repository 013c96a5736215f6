/// Column access to a design matrix, the one thing coordinate descent needs from it.
///
/// Implementations own their storage; the solver reads it through raw pointers so that a
/// coordinate update allocates nothing.
protocol DesignColumns {
  /// n, the number of rows.
  var rowCount: Int { get }
  /// p, the number of columns.
  var columnCount: Int { get }
  /// x_jᵀv for a vector v of n elements.
  func dot(column j: Int, _ v: UnsafePointer<Double>) -> Double
  /// v ← v + a·x_j.
  func add(_ a: Double, timesColumn j: Int, to v: UnsafeMutablePointer<Double>)
  /// out ← Xᵀv (p elements).
  func transposeMultiply(_ v: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>)
  /// ‖x_j‖² for every column.
  var squaredColumnNorms: [Double] { get }
}

/// A dense design stored column by column (column-major, float64), so that each column is
/// contiguous for the dot products and updates of coordinate descent. Xᵀv is one `gemv`
/// on the row-major p×n matrix Xᵀ.
final class DenseColumns: DesignColumns {
  let rowCount: Int
  let columnCount: Int
  /// Column j occupies `storage[j·n ..< (j+1)·n]`.
  let storage: UnsafeMutablePointer<Double>
  let squaredColumnNorms: [Double]

  /// Copies X, given row-major with `n` rows and `p` columns, transforming each entry
  /// x_ij into rowScale_i·(x_ij − columnShift_j), in one blocked pass that also sums the
  /// squared column norms. `hasNonFinite` tells whether X held a NaN or an infinity (the
  /// copy is then unusable).
  init(rowMajor x: UnsafeBufferPointer<Double>, rows n: Int, columns p: Int, columnShift: [Double], rowScale: [Double]?) {
    rowCount = n
    columnCount = p
    let destination = UnsafeMutablePointer<Double>.allocate(capacity: max(n * p, 1))
    var norms = [Double](repeating: 0, count: p)
    var poison = 0.0  // v − v is 0 for finite v and NaN otherwise
    let source = x.baseAddress!
    let block = 64
    norms.withUnsafeMutableBufferPointer { norms in
      columnShift.withUnsafeBufferPointer { shift in
        for first in stride(from: 0, to: p, by: block) {
          let last = min(first + block, p)
          for i in 0..<n {
            let scale = rowScale?[i] ?? 1
            let row = source + i * p
            for j in first..<last {
              let v = row[j]
              poison += v - v
              let t = scale * (v - shift[j])
              destination[j * n + i] = t
              norms[j] += t * t
            }
          }
        }
      }
    }
    storage = destination
    squaredColumnNorms = norms
    hasNonFinite = poison.isNaN
  }

  /// Whether the source matrix held a NaN or an infinity.
  let hasNonFinite: Bool

  deinit { storage.deallocate() }

  @inline(__always)
  func dot(column j: Int, _ v: UnsafePointer<Double>) -> Double {
    BLAS.dot(count: rowCount, storage + j * rowCount, v)
  }

  @inline(__always)
  func add(_ a: Double, timesColumn j: Int, to v: UnsafeMutablePointer<Double>) {
    BLAS.axpy(count: rowCount, a, storage + j * rowCount, v)
  }

  func transposeMultiply(_ v: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>) {
    BLAS.gemv(transpose: false, m: columnCount, n: rowCount, alpha: 1, a: storage, lda: rowCount, x: v, beta: 0, y: out)
  }
}

