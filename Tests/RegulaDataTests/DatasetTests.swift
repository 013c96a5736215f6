import Foundation
import RegulaData
import Testing

@Suite("Dataset")
struct DatasetTests {
  let dataset = Dataset<Double>(
    features: Tensor(shape: [5, 2], scalars: [0, 10, 1, 11, 2, 12, 3, 13, 4, 14]), targets: [0, 1, 2, 1, 0],
    featureNames: ["a", "b"], targetName: "y")

  @Test func countsAndSubsets() {
    #expect(dataset.count == 5)
    #expect(dataset.featureCount == 2)
    let subset = dataset.subset([4, 0, 0])
    #expect(subset.features.scalars == [4, 14, 0, 10, 0, 10])
    #expect(subset.targets == [0, 0, 0])
    #expect(subset.featureNames == ["a", "b"])
  }

  @Test func splitIsAShuffledPartitionDeterminedByTheSeed() {
    let big = Dataset<Double>(
      features: Tensor(shape: [101, 1], scalars: (0..<101).map(Double.init)), targets: (0..<101).map(Double.init))
    let (train, test) = big.split(testFraction: 0.25, seed: 42)
    #expect(test.count == 26)  // ⌈0.25 · 101⌉, as scikit-learn
    #expect(train.count == 75)
    let all = (train.targets + test.targets).sorted()
    #expect(all == (0..<101).map(Double.init))
    #expect(train.features.scalars == train.targets)  // rows stay with their targets
    #expect(train.targets != train.targets.sorted())  // shuffled
    let (train2, test2) = big.split(testFraction: 0.25, seed: 42)
    #expect(train2 == train && test2 == test)
    let (train3, _) = big.split(testFraction: 0.25, seed: 43)
    #expect(train3 != train)
  }

  @Test func classLabels() throws {
    #expect(try dataset.classLabels() == [0, 1, 2, 1, 0])
    var bad = dataset
    bad.targets[3] = 1.5
    #expect(caughtError { () throws(DataError) in try bad.classLabels() } == .notClassLabel(row: 3, value: 1.5))
    bad.targets[3] = -1
    #expect(caughtError { () throws(DataError) in try bad.classLabels() } == .notClassLabel(row: 3, value: -1))
    #expect(
      DataError.notClassLabel(row: 3, value: -1).description
        == "error: target -1.0 of row 3 is not a class label (a non-negative integer)")
    let (labels, classes) = bad.encodedClassLabels()
    #expect(classes == [-1, 0, 1, 2])
    #expect(labels == [1, 2, 3, 0, 1])
  }

  @Test func standardizationFitsOnTrainAndAppliesToTest() {
    let train = Tensor<Double>(shape: [4, 3], scalars: [1, 5, 7, 2, 5, 7, 3, 5, 7, 4, 5, 7.5])
    let scaler = Standardization(fitting: train)
    #expect(scaler.mean == [2.5, 5, 7.125])
    #expect(abs(scaler.scale[0] - 1.25.squareRoot()) < 1e-15)  // population standard deviation
    #expect(scaler.scale[1] == 1)  // constant column
    let z = scaler.apply(to: train)
    for j in 0..<3 {
      let column = (0..<4).map { z.scalars[$0 * 3 + j] }
      #expect(abs(column.reduce(0, +)) < 1e-12)
    }
    let column0: [Double] = (0..<4).map { z.scalars[$0 * 3] }
    let variance0: Double = column0.map { $0 * $0 }.reduce(0, +) / 4
    #expect(abs(variance0 - 1) < 1e-12)
    let test = Dataset(features: Tensor<Double>(shape: [1, 3], scalars: [2.5, 6, 7.125]), targets: [1])
    let standardized = test.standardized(using: scaler)
    #expect(standardized.features.scalars == [0, 1, 0])
    #expect(standardized.targets == [1])
    #expect(scaler.invert(z).scalars.enumerated().allSatisfy { abs($1 - train.scalars[$0]) < 1e-12 })
  }

  @Test func standardizationIsCodable() throws {
    let scaler = Standardization<Float>(mean: [1, 2], scale: [3, 4])
    let decoded = try JSONDecoder().decode(Standardization<Float>.self, from: JSONEncoder().encode(scaler))
    #expect(decoded == scaler)
  }
}

@Suite("Formats and loading")
struct LoadingTests {
  @Test func detectsFormatFromExtension() throws {
    #expect(try DataFormat(path: "a/b.csv") == .csv)
    #expect(try DataFormat(path: "b.CSV") == .csv)
    #expect(try DataFormat(path: "b.libsvm") == .libsvm)
    #expect(try DataFormat(path: "b.svm") == .libsvm)
    #expect(try DataFormat(path: "b.npy") == .npy)
    let error = caughtError { () throws(DataError) in try DataFormat(path: "data.txt") }
    #expect(error == .unknownFormat(path: "data.txt", extension: "txt"))
    #expect(
      error?.description
        == "error: data.txt: cannot tell the data format from extension \".txt\"; use .csv, .libsvm, .svm or .npy, or name the format")
    #expect(caughtError { () throws(DataError) in try DataFormat(path: "data") } == .unknownFormat(path: "data", extension: ""))
  }

  @Test func savesAndLoadsEveryFormat() throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    let dataset = Synthetic.gaussianBlobs(count: 30, centers: [[0, 0, 0], [5, 5, 5]], seed: 1, as: Float.self)
    for format in DataFormat.allCases {
      let path = directory.path("blobs.\(format.rawValue)")
      try saveDataset(dataset, path: path)
      let back: Dataset<Float> = try loadDataset(path: path)
      #expect(back.features == dataset.features, "\(format)")
      #expect(back.targets == dataset.targets, "\(format)")
      let unlabeled: Dataset<Float> = try loadDataset(path: path, target: .absent)
      #expect(unlabeled.targets.isEmpty)
      #expect(unlabeled.featureCount == (format == .libsvm ? 3 : 4))
    }
    // An explicit format overrides the extension.
    let odd = directory.path("blobs.data")
    try saveDataset(dataset, path: odd, format: .csv)
    let back: Dataset<Float> = try loadDataset(path: odd, format: .csv)
    #expect(back.features == dataset.features)
  }

  @Test func npyTablesNeedTwoDimensions() throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    let path = directory.path("vector.npy")
    try NPYWriter().write(Tensor<Double>([1, 2, 3]), to: path)
    let error = caughtError { () throws(DataError) in try loadDataset(path: path, as: Double.self) }
    #expect(
      error == .npyFormat(
        path: path, message: "a data set must be a two-dimensional array (examples × columns), found shape (3,)"))
    let table = directory.path("table.npy")
    try NPYWriter().write(Tensor<Double>(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6]), to: table)
    let first: Dataset<Double> = try loadDataset(path: table, target: .index(0))
    #expect(first.targets == [1, 4])
    #expect(first.features.scalars == [2, 3, 5, 6])
    let named = caughtError { () throws(DataError) in try loadDataset(path: table, target: .name("y"), as: Double.self) }
    #expect(named == .missingTarget(path: table, target: .name("y"), columnCount: 3, columnNames: nil))
  }

  @Test func missingFilesAndDirectories() throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    for name in ["none.csv", "none.svm", "none.npy"] {
      let path = directory.path(name)
      #expect(caughtError { () throws(DataError) in try loadDataset(path: path, as: Double.self) } == .fileNotFound(path: path))
    }
    let folder = directory.path("folder.csv")
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
    #expect(caughtError { () throws(DataError) in try loadDataset(path: folder, as: Double.self) } == .unreadable(path: folder, reason: "it is a directory"))
  }

  @Test func atomicWriteReplacesAndLeavesNoTemporaryFiles() throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    let url = directory.url.appendingPathComponent("checkpoint.json")
    try writeAtomically(Data("first".utf8), to: url)
    try writeAtomically(Data("second".utf8), to: url)
    #expect(try String(contentsOf: url, encoding: .utf8) == "second")
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path) == ["checkpoint.json"])
    let missing = directory.url.appendingPathComponent("no/such/dir/file")
    let error = caughtError { () throws(DataError) in try writeAtomically(Data("x".utf8), to: missing) }
    #expect(error == .unwritable(path: missing.path, reason: "No such file or directory"))
  }
}
