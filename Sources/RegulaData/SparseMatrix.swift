/// A matrix in compressed sparse row (CSR) form: only the stored entries are kept, row by row.
///
/// Row `i` holds the entries `values[k]` at columns `columnIndices[k]` for
/// `k` in `rowOffsets[i]..<rowOffsets[i + 1]`; every other entry is zero. This is the layout of
/// SciPy's `csr_matrix` (`indptr`, `indices`, `data`) with 0-based columns.
///
///     // [[0, 2, 0],
///     //  [1, 0, 3]]
///     let a = SparseMatrix<Double>(
///       rowCount: 2, columnCount: 3, rowOffsets: [0, 1, 3], columnIndices: [1, 0, 2],
///       values: [2, 1, 3])
///
/// Invariants: `rowOffsets` has `rowCount + 1` non-decreasing elements from 0 to
/// `values.count`; `columnIndices` has one index in `0..<columnCount` per value, strictly
/// increasing within each row. Explicitly stored zeros are allowed.
public struct SparseMatrix<Scalar: TensorScalar>: Sendable, Equatable {
  /// The number of rows.
  public let rowCount: Int
  /// The number of columns.
  public let columnCount: Int
  /// Where each row starts in `columnIndices` and `values`; `rowCount + 1` elements.
  public let rowOffsets: [Int]
  /// The 0-based column of each stored entry.
  public let columnIndices: [Int]
  /// The stored entries, row by row.
  public let values: [Scalar]

  /// Creates a matrix from its CSR arrays.
  ///
  /// - Precondition: the arrays satisfy the invariants in the type's description.
  /// - Complexity: O(rowCount + values.count) to check them.
  public init(
    rowCount: Int, columnCount: Int, rowOffsets: [Int], columnIndices: [Int], values: [Scalar]
  ) {
    precondition(rowCount >= 0 && columnCount >= 0, "negative shape [\(rowCount), \(columnCount)]")
    precondition(rowOffsets.count == rowCount + 1, "\(rowOffsets.count) row offsets for \(rowCount) rows")
    precondition(columnIndices.count == values.count, "\(columnIndices.count) indices for \(values.count) values")
    precondition(rowOffsets.first == 0 && rowOffsets.last == values.count, "row offsets must run from 0 to \(values.count)")
    for i in 0..<rowCount {
      precondition(rowOffsets[i] <= rowOffsets[i + 1], "row offsets decrease at row \(i)")
      var previous = -1
      for k in rowOffsets[i]..<rowOffsets[i + 1] {
        let j = columnIndices[k]
        precondition(j > previous && j < columnCount, "column index \(j) in row \(i) is out of order or out of range")
        previous = j
      }
    }
    self.rowCount = rowCount
    self.columnCount = columnCount
    self.rowOffsets = rowOffsets
    self.columnIndices = columnIndices
    self.values = values
  }

  /// Creates the sparse form of a dense matrix, keeping its nonzero entries.
  public init(_ dense: Tensor<Scalar>) {
    precondition(dense.rank == 2, "expected a matrix, got shape \(dense.shape)")
    let (n, d) = (dense.shape[0], dense.shape[1])
    var offsets = [0]
    var indices = [Int]()
    var stored = [Scalar]()
    offsets.reserveCapacity(n + 1)
    for i in 0..<n {
      for j in 0..<d where dense.scalars[i * d + j] != 0 {
        indices.append(j)
        stored.append(dense.scalars[i * d + j])
      }
      offsets.append(stored.count)
    }
    self.init(rowCount: n, columnCount: d, rowOffsets: offsets, columnIndices: indices, values: stored)
  }

  /// `[rowCount, columnCount]`, as a tensor's shape.
  public var shape: [Int] { [rowCount, columnCount] }

  /// The number of stored entries.
  public var storedCount: Int { values.count }

  /// The stored entries of row `i`: their columns and values.
  public func row(_ i: Int) -> (columns: ArraySlice<Int>, values: ArraySlice<Scalar>) {
    precondition(i >= 0 && i < rowCount, "row \(i) out of range for \(rowCount) rows")
    let range = rowOffsets[i]..<rowOffsets[i + 1]
    return (columnIndices[range], values[range])
  }

  /// The dense matrix, shape `[rowCount, columnCount]`.
  ///
  /// - Complexity: O(rowCount · columnCount) memory and time.
  public func densified() -> Tensor<Scalar> {
    var dense = [Scalar](repeating: 0, count: rowCount * columnCount)
    for i in 0..<rowCount {
      for k in rowOffsets[i]..<rowOffsets[i + 1] {
        dense[i * columnCount + columnIndices[k]] = values[k]
      }
    }
    return Tensor(shape: shape, scalars: dense)
  }

  /// The product A x of this matrix and a vector of `columnCount` elements.
  ///
  /// - Complexity: O(storedCount + rowCount).
  public func multiplied(by x: Tensor<Scalar>) -> Tensor<Scalar> {
    precondition(x.shape == [columnCount], "vector of shape \(x.shape) does not match \(shape)")
    let v = x.scalars
    return Tensor(shape: [rowCount]) { out in
      for i in 0..<rowCount {
        var sum: Scalar = 0
        for k in rowOffsets[i]..<rowOffsets[i + 1] { sum += values[k] * v[columnIndices[k]] }
        out[i] = sum
      }
    }
  }

  /// The product Aᵀ y of this matrix's transpose and a vector of `rowCount` elements.
  ///
  /// - Complexity: O(storedCount + columnCount).
  public func transposeMultiplied(by y: Tensor<Scalar>) -> Tensor<Scalar> {
    precondition(y.shape == [rowCount], "vector of shape \(y.shape) does not match \(shape)ᵀ")
    var out = [Scalar](repeating: 0, count: columnCount)
    for i in 0..<rowCount {
      let yi = y.scalars[i]
      for k in rowOffsets[i]..<rowOffsets[i + 1] { out[columnIndices[k]] += values[k] * yi }
    }
    return Tensor(shape: [columnCount], scalars: out)
  }
}

extension SparseMatrix {
  /// Construction without the O(n) checks, for readers that have validated the arrays.
  init(unchecked rowCount: Int, columnCount: Int, rowOffsets: [Int], columnIndices: [Int], values: [Scalar]) {
    self.rowCount = rowCount
    self.columnCount = columnCount
    self.rowOffsets = rowOffsets
    self.columnIndices = columnIndices
    self.values = values
  }
}
