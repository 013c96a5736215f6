import Foundation
import RegulaData
import Testing

private func parse<Scalar: TensorScalar>(
  _ text: String, _ reader: CSVReader = CSVReader(), as _: Scalar.Type = Double.self
) throws(DataError) -> Dataset<Scalar> {
  try reader.parse(Data(text.utf8), path: "data.csv")
}

@Suite("CSV reader")
struct CSVReaderTests {
  @Test func readsHeaderAndTargetInLastColumn() throws {
    let data: Dataset<Double> = try parse("a,b,y\n1,2,0\n3.5,-4e2,1\n")
    #expect(data.count == 2)
    #expect(data.featureCount == 2)
    #expect(data.features.scalars == [1, 2, 3.5, -400])
    #expect(data.targets == [0, 1])
    #expect(data.featureNames == ["a", "b"])
    #expect(data.targetName == "y")
  }

  @Test func detectsMissingHeader() throws {
    let data: Dataset<Double> = try parse("1,2,3\n4,5,6\n")
    #expect(data.count == 2)
    #expect(data.features.scalars == [1, 2, 4, 5])
    #expect(data.targets == [3, 6])
    #expect(data.featureNames == nil)
  }

  @Test func choosesTargetByNameIndexOrNone() throws {
    let text = "x,label,z\n1,7,2\n3,8,4\n"
    let byName: Dataset<Double> = try parse(text, CSVReader(target: .name("label")))
    #expect(byName.features.scalars == [1, 2, 3, 4])
    #expect(byName.targets == [7, 8])
    #expect(byName.featureNames == ["x", "z"])
    let byIndex: Dataset<Double> = try parse(text, CSVReader(target: .index(0)))
    #expect(byIndex.features.scalars == [7, 2, 8, 4])
    #expect(byIndex.targets == [1, 3])
    let none: Dataset<Double> = try parse(text, CSVReader(target: .absent))
    #expect(none.featureCount == 3)
    #expect(none.targets.isEmpty)
  }

  @Test func forcedHeaderPolicies() throws {
    let numericHeader: Dataset<Double> = try parse("1,2\n3,4\n", CSVReader(header: .present))
    #expect(numericHeader.featureNames == ["1"])
    #expect(numericHeader.targetName == "2")
    #expect(numericHeader.count == 1)
    let error = caughtError { () throws(DataError) in try parse("a,b\n1,2\n", CSVReader(header: .absent)) as Dataset<Double> }
    #expect(error == .malformed(path: "data.csv", line: 1, column: 1, message: "expected a number, found \"a\""))
  }

  @Test func handlesQuotesCRLFBlankLinesAndSpaces() throws {
    let text = "\u{FEFF}\"first, name\",\"say \"\"hi\"\"\",\"multi\nline\"\r\n\r\n \"1.5\" , 2 ,3\r\n\n4,\"5\",6\r\n\n\n  \n"
    let data: Dataset<Double> = try parse(text)
    #expect(data.featureNames == ["first, name", "say \"hi\""])
    #expect(data.targetName == "multi\nline")
    #expect(data.features.scalars == [1.5, 2, 4, 5])
    #expect(data.targets == [3, 6])
  }

  @Test func otherDelimiters() throws {
    let data: Dataset<Double> = try parse("a;b\n1;2\n", CSVReader(delimiter: ";"))
    #expect(data.features.scalars == [1])
    let tabs: Dataset<Double> = try parse("1\t2\t3\n", CSVReader(delimiter: "\t"))
    #expect(tabs.features.scalars == [1, 2])
  }

  @Test func parsesNumbersExactlyAtBothPrecisions() throws {
    let texts = [
      "0", "-0", "+7", "0.1", ".5", "5.", "1e-3", "1E+3", "123456789012345678901234567890",
      "3.141592653589793238462643383279", "2.2250738585072014e-308", "4.9e-324", "1e-400",
      "1.7976931348623157e308", "0.000000000000000000000000000001234", "9007199254740993",
      "16777217", "0.30000000000000004", "1.00000005960464477539062500000001",
    ]
    let line = texts.joined(separator: ",") + ",0\n"
    let doubles: Dataset<Double> = try parse(line)
    #expect(bitwiseEqual(doubles.features.scalars, texts.map { Double($0)! }))
    let floatTexts = texts.filter { Float($0)!.isFinite }
    let floats: Dataset<Float> = try parse(floatTexts.joined(separator: ",") + ",0\n", as: Float.self)
    #expect(bitwiseEqual(floats.features.scalars, floatTexts.map { Float($0)! }))
  }

  @Test func randomDecimalsMatchTheStandardLibrary() throws {
    var rng = RandomGenerator(seed: 11)
    var texts = [String]()
    for _ in 0..<2000 {
      let digits = 1 + Int(rng.next() % 25)
      var text = rng.next() % 2 == 0 ? "-" : ""
      let point = Int(rng.next() % UInt64(digits + 1))
      for k in 0..<digits {
        if k == point { text += "." }
        text += String(rng.next() % 10)
      }
      if rng.next() % 3 == 0 { text += "e" + String(Int(rng.next() % 80) - 40) }
      texts.append(text)
    }
    let line = texts.joined(separator: ",") + ",0\n"
    let doubles: Dataset<Double> = try parse(line)
    #expect(bitwiseEqual(doubles.features.scalars, texts.map { Double($0)! }))
    let floatTexts = texts.filter { Float($0)!.isFinite }
    let floats: Dataset<Float> = try parse(floatTexts.joined(separator: ",") + ",0\n", as: Float.self)
    #expect(bitwiseEqual(floats.features.scalars, floatTexts.map { Float($0)! }))
  }

  @Test func rejectsNonNumericField() {
    let error = caughtError { () throws(DataError) in try parse("a,b,c\n1,2,3\n4,abc,6\n") as Dataset<Double> }
    #expect(error == .malformed(path: "data.csv", line: 3, column: 3, message: "expected a number, found \"abc\""))
    #expect(error?.description == "error: data.csv:3:3: expected a number, found \"abc\"")
  }

  @Test func rejectsEmptyFieldNaNAndInfinity() {
    let empty = caughtError { () throws(DataError) in try parse("a,b,c\n1,,3\n") as Dataset<Double> }
    #expect(
      empty == .malformed(
        path: "data.csv", line: 2, column: 3, message: "expected a number, found an empty field (missing values are not supported)"))
    let nan = caughtError { () throws(DataError) in try parse("1,2\n3,NaN\n") as Dataset<Double> }
    #expect(nan == .malformed(path: "data.csv", line: 2, column: 3, message: "found \"NaN\": NaN and infinite values are not accepted"))
    let inf = caughtError { () throws(DataError) in try parse("x,y\n-inf,2\n") as Dataset<Double> }
    #expect(inf == .malformed(path: "data.csv", line: 2, column: 1, message: "found \"-inf\": NaN and infinite values are not accepted"))
    let overflow = caughtError { () throws(DataError) in try parse("1e39,0\n", as: Float.self) }
    #expect(overflow == .malformed(path: "data.csv", line: 1, column: 1, message: "the number \"1e39\" is out of range for Float"))
    #expect((try? parse("1e39,0\n", as: Double.self))?.features.scalars == [1e39])
  }

  @Test func rejectsRaggedRows() {
    let short = caughtError { () throws(DataError) in try parse("a,b,c\n1,2,3\n4,5\n7,8,9\n") as Dataset<Double> }
    #expect(short == .raggedRow(path: "data.csv", line: 3, expected: 3, found: 2))
    #expect(short?.description == "error: data.csv:3: expected 3 fields as in the first row, found 2")
    let long = caughtError { () throws(DataError) in try parse("1,2\n3,4,x,6\n") as Dataset<Double> }
    #expect(long == .raggedRow(path: "data.csv", line: 2, expected: 2, found: 4))
  }

  @Test func rejectsTruncatedFiles() {
    // Cut in the middle of a row.
    let cut = caughtError { () throws(DataError) in try parse("a,b,c\n1,2,3\n4,5") as Dataset<Double> }
    #expect(cut == .raggedRow(path: "data.csv", line: 3, expected: 3, found: 2))
    // Cut inside a quoted field.
    let quote = caughtError { () throws(DataError) in try parse("a,b\n1,\"2") as Dataset<Double> }
    #expect(
      quote == .malformed(
        path: "data.csv", line: 2, column: 3, message: "unterminated quoted field: no closing quote before the end of the file"))
    // Cut in an exponent.
    let exponent = caughtError { () throws(DataError) in try parse("1,2\n3,4e") as Dataset<Double> }
    #expect(exponent == .malformed(path: "data.csv", line: 2, column: 3, message: "expected a number, found \"4e\""))
  }

  @Test func rejectsTextAfterClosingQuote() {
    let error = caughtError { () throws(DataError) in try parse("\"a\"b,c\n1,2\n") as Dataset<Double> }
    #expect(error == .malformed(path: "data.csv", line: 1, column: 4, message: "unexpected \"b\" after the closing quote of a quoted field"))
  }

  @Test func rejectsEmptyFilesAndHeaderOnly() {
    for text in ["", "\n\n  \n", "a,b,c\n", "a,b,c"] {
      let error = caughtError { () throws(DataError) in try parse(text) as Dataset<Double> }
      #expect(error == .emptyData(path: "data.csv"), "\(text.debugDescription)")
    }
  }

  @Test func reportsMissingTargetColumn() {
    let byName = caughtError { () throws(DataError) in try parse("a,b\n1,2\n", CSVReader(target: .name("price"))) as Dataset<Double> }
    #expect(byName == .missingTarget(path: "data.csv", target: .name("price"), columnCount: 2, columnNames: ["a", "b"]))
    #expect(byName?.description == "error: data.csv: no column named \"price\"; the columns are \"a\", \"b\"")
    let noHeader = caughtError { () throws(DataError) in try parse("1,2\n", CSVReader(target: .name("price"))) as Dataset<Double> }
    #expect(noHeader == .missingTarget(path: "data.csv", target: .name("price"), columnCount: 2, columnNames: nil))
    let byIndex = caughtError { () throws(DataError) in try parse("1,2\n", CSVReader(target: .index(5))) as Dataset<Double> }
    #expect(byIndex?.description == "error: data.csv: no column 5: the file has 2 columns, numbered from 0")
  }

  @Test func missingFile() {
    let error = caughtError { () throws(DataError) in try CSVReader().read(from: "/nonexistent/regula/data.csv", as: Double.self) }
    #expect(error == .fileNotFound(path: "/nonexistent/regula/data.csv"))
    #expect(error?.description == "error: /nonexistent/regula/data.csv: no such file")
  }
}

@Suite("CSV writer")
struct CSVWriterTests {
  private func roundTrip<Scalar: TensorScalar>(_: Scalar.Type) throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    var rng = RandomGenerator(seed: 3)
    let features = Tensor<Scalar>.randomNormal(shape: [50, 4], standardDeviation: 1000, using: &rng)
    var scalars = features.scalars
    scalars[0] = 0
    scalars[1] = -0.0
    scalars[2] = 3
    scalars[3] = Scalar.leastNonzeroMagnitude
    scalars[4] = Scalar.greatestFiniteMagnitude
    scalars[5] = 0.1
    let dataset = Dataset(
      features: Tensor(shape: [50, 4], scalars: scalars), targets: (0..<50).map { Double($0 % 3) - 0.5 },
      featureNames: ["plain", "with,comma", "with \"quote\"", " padded"], targetName: "y")
    let path = directory.path("round.csv")
    try CSVWriter().write(dataset, to: path)
    let back: Dataset<Scalar> = try CSVReader().read(from: path)
    #expect(bitwiseEqual(back.features.scalars, dataset.features.scalars))
    #expect(back.targets == dataset.targets)
    #expect(back.featureNames == dataset.featureNames)
    #expect(back.targetName == "y")
    #expect(back == dataset)
  }

  @Test func roundTripsFloat() throws { try roundTrip(Float.self) }
  @Test func roundTripsDouble() throws { try roundTrip(Double.self) }

  @Test func writesCompactText() throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    let dataset = Dataset<Float>(features: Tensor(shape: [2, 2], scalars: [1, 0.1, -2.5, 1e-5]), targets: [0, 1])
    let path = directory.path("small.csv")
    try CSVWriter().write(dataset, to: path)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "x1,x2,target\n1,0.1,0\n-2.5,1e-05,1\n")
    let headerless = directory.path("headerless.csv")
    try CSVWriter(writesHeader: false).write(dataset, to: headerless)
    #expect(try String(contentsOfFile: headerless, encoding: .utf8) == "1,0.1,0\n-2.5,1e-05,1\n")
  }

  @Test func refusesNonFiniteValues() throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    let path = directory.path("nan.csv")
    let dataset = Dataset<Double>(features: Tensor(shape: [1, 2], scalars: [1, .nan]), targets: [0])
    let error = caughtError { () throws(DataError) in try CSVWriter().write(dataset, to: path) }
    #expect(error == .unwritable(path: path, reason: "feature 1 of row 0 is nan; CSV files hold finite numbers only"))
    #expect(!FileManager.default.fileExists(atPath: path))
  }
}
