import Foundation
import RegulaData
import Testing

private func parseSparse(
  _ text: String, _ reader: LIBSVMReader = LIBSVMReader()
) throws(DataError) -> SparseDataset<Double> {
  try reader.parseSparse(Data(text.utf8), path: "data.svm")
}

@Suite("LIBSVM reader and writer")
struct LIBSVMTests {
  @Test func readsSparseRowsCommentsAndQid() throws {
    let text = """
      # a comment line
      +1 qid:3 1:0.5 3:-2   # trailing comment
      -1 2:1e2\r

      0.25
      3\t1:1\t4:4
      """
    let data = try parseSparse(text)
    #expect(data.targets == [1, -1, 0.25, 3])
    #expect(data.features.rowOffsets == [0, 2, 3, 3, 5])
    #expect(data.features.columnIndices == [0, 2, 1, 0, 3])
    #expect(data.features.values == [0.5, -2, 100, 1, 4])
    #expect(data.featureCount == 4)
    let dense: Dataset<Double> = try LIBSVMReader().parse(Data(text.utf8), path: "data.svm")
    #expect(dense.features.shape == [4, 4])
    #expect(dense.features.scalars == [0.5, 0, -2, 0, 0, 100, 0, 0, 0, 0, 0, 0, 1, 0, 0, 4])
    #expect(dense.targets == [1, -1, 0.25, 3])
    let declared = try parseSparse(text, LIBSVMReader(featureCount: 10))
    #expect(declared.featureCount == 10)
  }

  @Test func rejectsBadIndices() {
    let cases: [(String, DataError)] = [
      ("1 1:1\n0 0:2\n", .badIndex(path: "data.svm", line: 2, column: 3, message: "feature indices start at 1, found 0")),
      ("1 x:1\n", .badIndex(path: "data.svm", line: 1, column: 3, message: "expected a feature index (a positive integer), found \"x\"")),
      ("1 -3:1\n", .badIndex(path: "data.svm", line: 1, column: 3, message: "expected a feature index (a positive integer), found \"-3\"")),
      ("1 :1\n", .badIndex(path: "data.svm", line: 1, column: 3, message: "missing feature index before \":\"")),
      (
        "1 1:1 5:2 3:3\n",
        .badIndex(
          path: "data.svm", line: 1, column: 11,
          message: "feature index 3 is not greater than the previous index 5: indices must increase strictly along a line")
      ),
      (
        "1 2:1 2:1\n",
        .badIndex(
          path: "data.svm", line: 1, column: 7,
          message: "feature index 2 is not greater than the previous index 2: indices must increase strictly along a line")
      ),
      (
        "1 99999999999999999999999:1\n",
        .badIndex(
          path: "data.svm", line: 1, column: 3,
          message: "feature index \"99999999999999999999999\" is too large (the largest is 2147483647)")
      ),
    ]
    for (text, expected) in cases {
      #expect(caughtError { () throws(DataError) in try parseSparse(text) } == expected, "\(text.debugDescription)")
    }
  }

  @Test func rejectsIndexBeyondDeclaredWidth() {
    let error = caughtError { () throws(DataError) in try parseSparse("1 1:1\n-1 2:1 12:3\n", LIBSVMReader(featureCount: 10)) }
    #expect(error == .badIndex(path: "data.svm", line: 2, column: 8, message: "feature index 12 exceeds the declared feature count 10"))
    #expect(error?.description == "error: data.svm:2:8: feature index 12 exceeds the declared feature count 10")
  }

  @Test func rejectsBadLabelsAndValues() {
    let cases: [(String, DataError)] = [
      ("abc 1:2\n", .malformed(path: "data.svm", line: 1, column: 1, message: "expected a label (a number) at the start of the line, found \"abc\"")),
      ("1,2 1:2\n", .malformed(path: "data.svm", line: 1, column: 1, message: "expected a label (a number) at the start of the line, found \"1,2\"")),
      ("1 1:2\n  nan 1:2\n", .malformed(path: "data.svm", line: 2, column: 3, message: "found label \"nan\": NaN and infinite values are not accepted")),
      ("1 3:x\n", .malformed(path: "data.svm", line: 1, column: 5, message: "expected a number after \"3:\", found \"x\"")),
      ("1 3:\n", .malformed(path: "data.svm", line: 1, column: 5, message: "expected a number after \"3:\", found nothing")),
      ("1 3:inf\n", .malformed(path: "data.svm", line: 1, column: 5, message: "found \"inf\": NaN and infinite values are not accepted")),
      ("1 3 4\n", .malformed(path: "data.svm", line: 1, column: 3, message: "expected index:value, found \"3\"")),
      ("1 qid:a 1:1\n", .malformed(path: "data.svm", line: 1, column: 7, message: "expected an integer query id after \"qid:\", found \"a\"")),
      ("", .emptyData(path: "data.svm")),
      ("# only a comment\n\n", .emptyData(path: "data.svm")),
    ]
    for (text, expected) in cases {
      #expect(caughtError { () throws(DataError) in try parseSparse(text) } == expected, "\(text.debugDescription)")
    }
  }

  @Test func refusesToDensifyHugeWidths() {
    let error = caughtError { () throws(DataError) in
      try LIBSVMReader().parse(Data("1 2147483647:1\n0 1:1\n".utf8), path: "wide.svm", as: Double.self)
    }
    guard case .tooLarge(let path, _) = error else {
      Issue.record("expected tooLarge, got \(String(describing: error))")
      return
    }
    #expect(path == "wide.svm")
    // The sparse form is fine.
    #expect((try? parseSparse("1 2147483647:1\n"))?.featureCount == 2_147_483_647)
  }

  private func roundTrip<Scalar: TensorScalar>(_: Scalar.Type) throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    var rng = RandomGenerator(seed: 5)
    let dense = Tensor<Scalar>.randomNormal(shape: [40, 7], using: &rng)
    let mask = Tensor<Scalar>.randomBernoulli(shape: [40, 7], probability: 0.3, using: &rng)
    let features = Tensor(shape: [40, 7], scalars: zip(dense.scalars, mask.scalars).map { $0 * $1 })
    let dataset = Dataset(features: features, targets: (0..<40).map { $0 % 2 == 0 ? 1 : -1 })
    let path = directory.path("round.libsvm")
    try LIBSVMWriter().write(dataset, to: path)
    let back: Dataset<Scalar> = try LIBSVMReader(featureCount: 7).read(from: path)
    #expect(bitwiseEqual(back.features.scalars, features.scalars.map { $0 == 0 ? 0 : $0 }))
    #expect(back.targets == dataset.targets)
    let sparse: SparseDataset<Scalar> = try LIBSVMReader(featureCount: 7).readSparse(from: path)
    #expect(sparse == SparseDataset(dataset))
  }

  @Test func roundTripsFloat() throws { try roundTrip(Float.self) }
  @Test func roundTripsDouble() throws { try roundTrip(Double.self) }

  @Test func writesCompactLines() throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    let dataset = Dataset<Double>(features: Tensor(shape: [2, 3], scalars: [0, 2.5, 0, 1, 0, -3]), targets: [1, -1])
    let path = directory.path("small.svm")
    try LIBSVMWriter().write(dataset, to: path)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "1 2:2.5\n-1 1:1 3:-3\n")
    let unlabeled = Dataset<Double>(features: Tensor(shape: [1, 1], scalars: [1]))
    let error = caughtError { () throws(DataError) in try LIBSVMWriter().write(unlabeled, to: path) }
    #expect(error == .unwritable(path: path, reason: "LIBSVM files need a target (label) for every example"))
  }
}

@Suite("Sparse matrix")
struct SparseMatrixTests {
  let matrix = SparseMatrix<Double>(
    rowCount: 2, columnCount: 3, rowOffsets: [0, 1, 3], columnIndices: [1, 0, 2], values: [2, 1, 3])

  @Test func densifiesAndConvertsBack() {
    let dense = matrix.densified()
    #expect(dense == Tensor(shape: [2, 3], scalars: [0, 2, 0, 1, 0, 3]))
    #expect(SparseMatrix(dense) == matrix)
    #expect(matrix.storedCount == 3)
    #expect(Array(matrix.row(1).columns) == [0, 2])
    #expect(Array(matrix.row(1).values) == [1, 3])
  }

  @Test func multipliesLikeTheDenseMatrix() {
    let x = Tensor<Double>([1, 10, 100])
    #expect(matrix.multiplied(by: x) == Tensor([20, 301]))
    let y = Tensor<Double>([1, 2])
    #expect(matrix.transposeMultiplied(by: y) == Tensor([2, 2, 6]))
  }
}
