import Foundation
import RegulaData
import Testing
import _RegulaTestSupport

/// One entry of `Tests/Fixtures/npy/manifest.json`, written by `Tools/make_npy_fixtures.py`.
struct NPYFixture: Decodable, CustomTestStringConvertible, Sendable {
  var file: String
  var descr: String?
  var shape: [Int]?
  var values: [Double]?
  var error: String?

  var testDescription: String { file }

  static let all: [NPYFixture] = (try? loadFixture([NPYFixture].self, "npy/manifest.json")) ?? []
  var url: URL { fixtureURL("npy/" + file) }
}

@Suite("NPY reader and writer")
struct NPYTests {
  @Test func manifestIsPresent() {
    #expect(NPYFixture.all.count == 15)
  }

  @Test(arguments: NPYFixture.all)
  func readsNumPyGoldenFiles(_ fixture: NPYFixture) throws {
    let path = fixture.url.path
    if let message = fixture.error {
      let error = caughtError { () throws(DataError) in try NPYReader().read(from: path, as: Double.self) }
      guard case .npyFormat(let errorPath, let text) = error else {
        Issue.record("expected an npyFormat error, got \(String(describing: error))")
        return
      }
      #expect(errorPath == path)
      #expect(text.contains(message), "\(text)")
      return
    }
    let doubles: Tensor<Double> = try NPYReader().read(from: path)
    #expect(doubles.shape == fixture.shape)
    #expect(bitwiseEqual(doubles.scalars, fixture.values!))
    let floats: Tensor<Float> = try NPYReader().read(from: path)
    #expect(bitwiseEqual(floats.scalars, fixture.values!.map { Float($0) }))
  }

  @Test func writerMatchesNumPyByteForByte() throws {
    let values: [Double] = [0, 1.5, -2, 3.25, 0.1, 1.0 / 3.0]
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    let cases: [(String, () throws(DataError) -> Void)] = [
      ("float64_2x3.npy", { () throws(DataError) in try NPYWriter().write(Tensor(shape: [2, 3], scalars: values), to: directory.path("float64_2x3.npy")) }),
      ("float32_2x3.npy", { () throws(DataError) in try NPYWriter().write(Tensor(shape: [2, 3], scalars: values.map { Float($0) }), to: directory.path("float32_2x3.npy")) }),
      ("int64_4.npy", { () throws(DataError) in try NPYWriter(dataType: .int64).write(Tensor<Double>([-3, 0, 7, 1_099_511_627_776]), to: directory.path("int64_4.npy")) }),
      ("float64_scalar.npy", { () throws(DataError) in try NPYWriter().write(Tensor<Double>(2.5), to: directory.path("float64_scalar.npy")) }),
      ("float32_empty_0x3.npy", { () throws(DataError) in try NPYWriter(dataType: .float32).write(Tensor<Double>(zeros: [0, 3]), to: directory.path("float32_empty_0x3.npy")) }),
      ("float64_2x3x2.npy", { () throws(DataError) in try NPYWriter().write(Tensor<Double>(shape: [2, 3, 2], scalars: (0..<12).map { Double($0) / 4 }), to: directory.path("float64_2x3x2.npy")) }),
    ]
    for (name, write) in cases {
      try write()
      let ours = try Data(contentsOf: URL(fileURLWithPath: directory.path(name)))
      let numpy = try Data(contentsOf: fixtureURL("npy/" + name))
      #expect(ours == numpy, "\(name)")
    }
  }

  private func roundTrip<Scalar: TensorScalar>(_: Scalar.Type) throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    var rng = RandomGenerator(seed: 9)
    let tensor = Tensor<Scalar>.randomNormal(shape: [17, 5], using: &rng)
    let path = directory.path("round.npy")
    try NPYWriter().write(tensor, to: path)
    let back: Tensor<Scalar> = try NPYReader().read(from: path)
    #expect(back.shape == [17, 5])
    #expect(bitwiseEqual(back.scalars, tensor.scalars))
    // Writing the other precision and reading back rounds once.
    try NPYWriter(dataType: .float32).write(tensor, to: path)
    let asFloat: Tensor<Float> = try NPYReader().read(from: path)
    #expect(asFloat.scalars == tensor.scalars.map { Float($0) })
  }

  @Test func roundTripsFloat() throws { try roundTrip(Float.self) }
  @Test func roundTripsDouble() throws { try roundTrip(Double.self) }

  @Test func refusesNonIntegersAsInt64() throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    let path = directory.path("bad.npy")
    let error = caughtError { () throws(DataError) in try NPYWriter(dataType: .int64).write(Tensor<Double>([1, 2.5]), to: path) }
    #expect(error == .unwritable(path: path, reason: "element 1 is 2.5, which is not an int64"))
  }

  /// A valid file's bytes, to corrupt.
  private var golden: Data { get throws { try Data(contentsOf: fixtureURL("npy/float64_2x3.npy")) } }

  private func readError(_ data: Data) -> String? {
    let error = caughtError { () throws(DataError) in try NPYReader().parse(data, path: "x.npy", as: Double.self) }
    guard case .npyFormat(path: "x.npy", let message) = error else { return error.map { "unexpected \($0)" } }
    return message
  }

  @Test func rejectsBadMagic() throws {
    var data = try golden
    data[1] = UInt8(ascii: "M")
    #expect(readError(data) == "bad magic string: the file does not start with \\x93NUMPY")
    #expect(readError(Data("PK\u{3}\u{4}".utf8)) == "bad magic string: the file does not start with \\x93NUMPY")
    #expect(readError(Data()) == "bad magic string: the file does not start with \\x93NUMPY")
  }

  @Test func rejectsUnsupportedVersion() throws {
    var data = try golden
    data[6] = 4
    #expect(readError(data) == "unsupported format version 4.0 (Regula reads 1.0, 2.0 and 3.0)")
  }

  @Test func rejectsUnsupportedDtype() throws {
    #expect(readError(try golden.replacing("<f8", with: "<U8"))?.hasPrefix("unsupported dtype '<U8'") == true)
  }

  @Test func rejectsShapeSizeMismatch() throws {
    let data = try golden
    // Truncated data.
    #expect(readError(data.prefix(data.count - 1)) == "truncated: shape (2, 3) of <f8 needs 48 data bytes, the file has 47")
    // Extra data.
    #expect(readError(data + Data([0])) == "shape (2, 3) of <f8 needs 48 data bytes, the file has 49")
    // A shape whose size overflows.
    let huge = data.replacing("(2, 3), }" + String(repeating: " ", count: 18), with: "(9999999999, 9999999999), }")
    #expect(readError(huge) == "truncated: shape (9999999999, 9999999999) of <f8 needs more data bytes, the file has 48")
    // Truncated header.
    #expect(readError(data.prefix(40)) == "truncated: the header is 118 bytes but the file ends after 30")
  }

  @Test func rejectsMalformedHeaders() throws {
    let data = try golden
    func replacing(_ old: String, _ new: String) -> Data { data.replacing(old, with: new) }
    #expect(readError(replacing("{'descr'", "['descr'")) == "the header is not a Python dictionary literal")
    #expect(readError(replacing("'descr': '<f8', ", "                ")) == "the header has no 'descr' entry")
    #expect(readError(replacing("(2, 3)", "(2, x)")) == "the header is not a Python dictionary literal")
    #expect(readError(replacing("(2, 3), } ", "(-2, 3), }")) == "'shape' must be a tuple of non-negative integers")
    #expect(readError(replacing("False", "0    ")) == "'fortran_order' must be True or False")
  }

  @Test func fortranOrderIsATypedError() throws {
    let error = caughtError { () throws(DataError) in try NPYReader().read(from: fixtureURL("npy/float64_fortran_2x3.npy").path, as: Float.self) }
    #expect(error?.description.hasSuffix("the array is in Fortran (column-major) order; save it in C order, e.g. with np.ascontiguousarray") == true)
  }
}

extension Data {
  /// The bytes with the first occurrence of `old` (as UTF-8) replaced by `new`.
  fileprivate func replacing(_ old: String, with new: String) -> Data {
    var copy = self
    if let range = copy.range(of: Data(old.utf8)) { copy.replaceSubrange(range, with: Data(new.utf8)) }
    return copy
  }
}
