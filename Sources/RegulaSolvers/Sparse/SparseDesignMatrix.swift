/// A sparse design matrix for the solvers, stored by columns (CSC), as coordinate descent
/// reads it.
///
/// Build it from compressed sparse rows (the layout of RegulaData's `SparseMatrix` and of
/// LIBSVM files) or from compressed sparse columns (SciPy's `csc_matrix`):
///
///     let m = sparseDataset.features
///     let x = SparseDesignMatrix(rowCount: m.rowCount, columnCount: m.columnCount,
///                                rowOffsets: m.rowOffsets, columnIndices: m.columnIndices,
///                                values: m.values.map(Double.init))
///
/// Invariants: `columnOffsets` has `columnCount + 1` non-decreasing entries from 0 to
/// `values.count`; row indices are in `0..<rowCount`, increasing within each column.
public struct SparseDesignMatrix: Sendable, Equatable {
  public let rowCount: Int
  public let columnCount: Int
  /// Where each column starts in `rowIndices` and `values`.
  public let columnOffsets: [Int]
  /// The row of each stored entry.
  public let rowIndices: [Int]
  /// The stored entries, column by column.
  public let values: [Double]

  /// Creates a matrix from its CSC arrays.
  ///
  /// - Precondition: the arrays satisfy the invariants.
  public init(rowCount: Int, columnCount: Int, columnOffsets: [Int], rowIndices: [Int], values: [Double]) {
    precondition(rowCount >= 0 && columnCount >= 0, "negative shape [\(rowCount), \(columnCount)]")
    precondition(columnOffsets.count == columnCount + 1, "\(columnOffsets.count) column offsets for \(columnCount) columns")
    precondition(rowIndices.count == values.count, "\(rowIndices.count) row indices for \(values.count) values")
    precondition(columnOffsets.first == 0 && columnOffsets.last == values.count, "column offsets must run from 0 to \(values.count)")
    for j in 0..<columnCount {
      precondition(columnOffsets[j] <= columnOffsets[j + 1], "column offsets decrease at column \(j)")
      var previous = -1
      for k in columnOffsets[j]..<columnOffsets[j + 1] {
        precondition(rowIndices[k] > previous && rowIndices[k] < rowCount, "row index \(rowIndices[k]) in column \(j) is out of order or out of range")
        previous = rowIndices[k]
      }
    }
    self.rowCount = rowCount
    self.columnCount = columnCount
    self.columnOffsets = columnOffsets
    self.rowIndices = rowIndices
    self.values = values
  }

  /// Creates a matrix from CSR arrays (row offsets, column indices increasing within each
  /// row, values), converting to CSC.
  ///
  /// - Complexity: O(rowCount + columnCount + values.count).
  public init(rowCount: Int, columnCount: Int, rowOffsets: [Int], columnIndices: [Int], values: [Double]) {
    precondition(rowOffsets.count == rowCount + 1, "\(rowOffsets.count) row offsets for \(rowCount) rows")
    precondition(columnIndices.count == values.count, "\(columnIndices.count) column indices for \(values.count) values")
    var counts = [Int](repeating: 0, count: columnCount + 1)
    for j in columnIndices {
      precondition(j >= 0 && j < columnCount, "column index \(j) out of range for \(columnCount) columns")
      counts[j + 1] += 1
    }
    for j in 0..<columnCount { counts[j + 1] += counts[j] }
    var next = counts
    var rows = [Int](repeating: 0, count: values.count)
    var stored = [Double](repeating: 0, count: values.count)
    for i in 0..<rowCount {
      for k in rowOffsets[i]..<rowOffsets[i + 1] {
        let j = columnIndices[k]
        rows[next[j]] = i
        stored[next[j]] = values[k]
        next[j] += 1
      }
    }
    self.init(rowCount: rowCount, columnCount: columnCount, columnOffsets: counts, rowIndices: rows, values: stored)
  }

  /// The dense row-major matrix, shape `[rowCount, columnCount]`.
  public func densified() -> Tensor<Double> {
    var dense = [Double](repeating: 0, count: rowCount * columnCount)
    for j in 0..<columnCount {
      for k in columnOffsets[j]..<columnOffsets[j + 1] { dense[rowIndices[k] * columnCount + j] = values[k] }
    }
    return Tensor(shape: [rowCount, columnCount], scalars: dense)
  }
}

/// Sparse columns for coordinate descent: x̃_j = √s ⊙ x_j − x̄_j·√s, the sparse part stored
/// (already scaled by √s) and the centering applied implicitly.
///
/// Without an intercept the cost of a coordinate update is O(nnz(x_j)). With one, the
/// centering term touches every row, so an update costs O(nnz(x_j) + n).
final class SparseColumns: DesignColumns {
  let rowCount: Int
  let columnCount: Int
  let offsets: [Int]
  let rows: [Int]
  let scaledValues: [Double]
  let shift: [Double]
  /// √sᵢ, or nil for unit weights.
  let rowScale: [Double]?
  let centered: Bool
  let squaredColumnNorms: [Double]

  init(_ x: SparseDesignMatrix, columnShift: [Double], rowScale: [Double]?) {
    rowCount = x.rowCount
    columnCount = x.columnCount
    offsets = x.columnOffsets
    rows = x.rowIndices
    var values = x.values
    if let rowScale { for k in values.indices { values[k] *= rowScale[x.rowIndices[k]] } }
    scaledValues = values
    shift = columnShift
    self.rowScale = rowScale
    centered = columnShift.contains { $0 != 0 }
    var norms = [Double](repeating: 0, count: x.columnCount)
    for j in 0..<x.columnCount {
      var aa = 0.0, ab = 0.0
      for k in offsets[j]..<offsets[j + 1] {
        aa += values[k] * values[k]
        ab += values[k] * (rowScale?[rows[k]] ?? 1)
      }
      // ‖a − x̄b‖² with b = √s, ‖b‖² = Σs = n.
      norms[j] = max(0, aa - 2 * columnShift[j] * ab + columnShift[j] * columnShift[j] * Double(x.rowCount))
    }
    squaredColumnNorms = norms
  }

  @inline(__always)
  private func scaleDot(_ v: UnsafePointer<Double>) -> Double {
    var t = 0.0
    if let rowScale {
      for i in 0..<rowCount { t += rowScale[i] * v[i] }
    } else {
      for i in 0..<rowCount { t += v[i] }
    }
    return t
  }

  func dot(column j: Int, _ v: UnsafePointer<Double>) -> Double {
    var s = 0.0
    for k in offsets[j]..<offsets[j + 1] { s += scaledValues[k] * v[rows[k]] }
    if centered && shift[j] != 0 { s -= shift[j] * scaleDot(v) }
    return s
  }

  func add(_ a: Double, timesColumn j: Int, to v: UnsafeMutablePointer<Double>) {
    for k in offsets[j]..<offsets[j + 1] { v[rows[k]] += a * scaledValues[k] }
    if centered && shift[j] != 0 {
      let c = a * shift[j]
      if let rowScale {
        for i in 0..<rowCount { v[i] -= c * rowScale[i] }
      } else {
        for i in 0..<rowCount { v[i] -= c }
      }
    }
  }

  func transposeMultiply(_ v: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>) {
    let t = centered ? scaleDot(v) : 0
    for j in 0..<columnCount {
      var s = 0.0
      for k in offsets[j]..<offsets[j + 1] { s += scaledValues[k] * v[rows[k]] }
      out[j] = s - shift[j] * t
    }
  }
}

extension QuadraticDatafit where Design == SparseColumns {
  /// Validates and prepares a sparse problem (see the dense initializer).
  init(x: SparseDesignMatrix, y: [Double], sampleWeights: [Double]?, fitIntercept: Bool) throws(SolverError) {
    let (n, p) = (x.rowCount, x.columnCount)
    guard n > 0, p > 0 else { throw .emptyDesign(rows: n, columns: p) }
    guard y.count == n else { throw .lengthMismatch(what: "targets for the rows of the design", expected: n, got: y.count) }
    for j in 0..<p {
      for k in x.columnOffsets[j]..<x.columnOffsets[j + 1] where !x.values[k].isFinite {
        throw .nonFiniteFeature(row: x.rowIndices[k], column: j, value: x.values[k])
      }
    }
    for (i, v) in y.enumerated() where !v.isFinite { throw .nonFiniteTarget(row: i, value: v) }
    let weights = try normalizedWeights(sampleWeights, count: n)
    var means = [Double](repeating: 0, count: p)
    var yMean = 0.0
    if fitIntercept {
      for i in 0..<n { yMean += (weights?[i] ?? 1) * y[i] }
      yMean /= Double(n)
      for j in 0..<p {
        var s = 0.0
        for k in x.columnOffsets[j]..<x.columnOffsets[j + 1] { s += (weights?[x.rowIndices[k]] ?? 1) * x.values[k] }
        means[j] = s / Double(n)
      }
    }
    let rowScale = weights?.map { $0.squareRoot() }
    let design = SparseColumns(x, columnShift: means, rowScale: rowScale)
    guard design.squaredColumnNorms.contains(where: { $0 > 1e-300 }) else { throw .constantDesign(columns: p) }
    self.design = design
    target = (0..<n).map { (rowScale?[$0] ?? 1) * (y[$0] - yMean) }
    featureMeans = means
    targetMean = yMean
  }
}
