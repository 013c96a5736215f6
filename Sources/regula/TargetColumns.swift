import Foundation
import Regula

/// Bad `--targets` of `regula fit|path multitask`: printed as one `error:` line naming the
/// data file and the column, exit status 1.
enum TargetColumnsError: Error, Equatable, CustomStringConvertible {
  /// `--targets` lists no column.
  case empty(file: String)
  /// A name that is not in the file's header (`columns` lists the header, or is empty when
  /// the file has none).
  case unknownName(file: String, name: String, columns: [String])
  /// A 0-based index beyond the file's `columnCount` columns.
  case indexOutOfRange(file: String, index: Int, columnCount: Int)
  /// The same column listed twice.
  case repeated(file: String, column: String)
  /// Every column is a target: no feature is left.
  case noFeatures(file: String)

  var description: String {
    switch self {
    case .empty(let file):
      return "error: \(file): --targets lists no column"
    case .unknownName(let file, let name, let columns):
      let known = columns.isEmpty ? "the file has no header; use 0-based indices" : "columns: " + columns.joined(separator: ", ")
      return "error: \(file): --targets: no column named '\(name)' (\(known))"
    case .indexOutOfRange(let file, let index, let columnCount):
      return "error: \(file): --targets: column \(index) is beyond the file's \(columnCount) columns (0-based)"
    case .repeated(let file, let column):
      return "error: \(file): --targets lists column '\(column)' twice"
    case .noFeatures(let file):
      return "error: \(file): --targets takes every column; no feature is left"
    }
  }
}

/// The targets of a multitask model: several columns of a table, the rest its features.
struct TargetColumns: Equatable {
  /// The columns as written: names or 0-based indices.
  let tokens: [String]

  /// Reads a comma-separated `--targets` value.
  init(parsing text: String) {
    tokens = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
  }

  /// The 0-based columns of a table of `columnCount` columns headed `names` (`nil` without a
  /// header), in the order listed. A token that is an integer is an index, unless the
  /// header has a column of that name.
  ///
  /// - Throws: ``TargetColumnsError`` naming `file` and the column.
  func resolve(names: [String]?, columnCount: Int, file: String) throws(TargetColumnsError) -> [Int] {
    guard !(tokens.count == 1 && tokens[0].isEmpty) else { throw .empty(file: file) }
    var columns = [Int]()
    for token in tokens {
      let column: Int
      if let names, let named = names.firstIndex(of: token) {
        column = named
      } else if let index = Int(token) {
        guard index >= 0, index < columnCount else { throw .indexOutOfRange(file: file, index: index, columnCount: columnCount) }
        column = index
      } else {
        throw .unknownName(file: file, name: token, columns: names ?? [])
      }
      guard !columns.contains(column) else { throw .repeated(file: file, column: token) }
      columns.append(column)
    }
    guard columns.count < columnCount else { throw .noFeatures(file: file) }
    return columns
  }
}

/// A multitask data set: the design X `[n, p]`, the targets Y `[n, T]` and their names.
struct MultiTaskData {
  var features: Tensor<Double>
  var targets: Tensor<Double>
  var featureNames: [String]
  var targetNames: [String]
}

extension SparseModelOptions {
  /// Reads --data (CSV or NPY) as a table and splits it into the --targets columns and the
  /// features.
  func loadMultiTaskData() throws -> MultiTaskData {
    let resolved = try format ?? DataFormat(path: data)
    guard resolved != .libsvm else { throw InputError("\(data): multitask needs a CSV or NPY table (a LIBSVM file has one label)") }
    let table: Dataset<Double> = try loadDataset(path: data, format: resolved, target: .absent)
    guard table.count > 0 else { throw InputError("\(data): the data set has no rows") }
    let columnCount = table.featureCount
    let names = table.featureNames ?? (0..<columnCount).map { "x\($0)" }
    let targetColumns = try TargetColumns(parsing: targets ?? "").resolve(names: table.featureNames, columnCount: columnCount, file: data)
    let featureColumns = (0..<columnCount).filter { !targetColumns.contains($0) }
    let s = table.features.scalars
    func gather(_ columns: [Int]) -> Tensor<Double> {
      var out = [Double]()
      out.reserveCapacity(table.count * columns.count)
      for i in 0..<table.count { for j in columns { out.append(s[i * columnCount + j]) } }
      return Tensor(shape: [table.count, columns.count], scalars: out)
    }
    return MultiTaskData(
      features: gather(featureColumns), targets: gather(targetColumns), featureNames: featureColumns.map { names[$0] },
      targetNames: targetColumns.map { names[$0] })
  }
}
