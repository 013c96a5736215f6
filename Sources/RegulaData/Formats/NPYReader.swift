import Foundation

/// Reads NumPy's `.npy` array files into tensors.
///
/// Accepted: format versions 1.0, 2.0 and 3.0; element types `f4`, `f8`, `i1`–`i8`, `u1`–`u8`
/// and `b1` in either byte order (see ``NPYDataType``); any rank, in C (row-major) order.
/// Elements are converted to the tensor's scalar type, rounding to nearest (integers beyond
/// 2²⁴ lose precision in `Float`, beyond 2⁵³ in `Double`).
///
/// Rejected with ``DataError/npyFormat(path:message:)``: a bad magic string, another version,
/// an unreadable header, another element type, Fortran order (`fortran_order: True`; save with
/// `np.ascontiguousarray`), and a data section shorter or longer than the shape requires.
///
///     let x = try NPYReader().read(from: "features.npy", as: Float.self)
///
/// - SeeAlso: NumPy Enhancement Proposal 1, "A Simple File Format for NumPy Arrays".
public struct NPYReader: Sendable {
  /// Creates a reader.
  public init() {}

  /// Reads the array in the file at `path`.
  public func read<Scalar: TensorScalar>(from path: String, as _: Scalar.Type = Scalar.self) throws(DataError) -> Tensor<Scalar> {
    try parse(readFileContents(atPath: path), path: path)
  }

  /// Parses NPY bytes held in memory; `path` is used in error messages.
  public func parse<Scalar: TensorScalar>(
    _ data: Data, path: String, as _: Scalar.Type = Scalar.self
  ) throws(DataError) -> Tensor<Scalar> {
    let single = isSinglePrecision(Scalar.self)
    let (shape, values) = try data.withBytes { bytes throws(DataError) in
      let header = try NPYHeader(parsing: bytes, path: path)
      let payload = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[header.dataOffset...])
      return (header.shape, decodeElements(payload, count: header.elementCount, type: header.dataType, singlePrecision: single))
    }
    return Tensor(shape: shape, scalars: convertScalars(values, to: Scalar.self))
  }
}

/// Decodes `count` elements of `type`, rounded to `Float` when `singlePrecision`, into doubles.
private func decodeElements(
  _ raw: UnsafeRawBufferPointer, count: Int, type: NPYDataType, singlePrecision: Bool
) -> [Double] {
  func load<T: FixedWidthInteger>(_: T.Type, _ i: Int) -> T {
    let value = raw.loadUnaligned(fromByteOffset: i * MemoryLayout<T>.size, as: T.self)
    return type.isBigEndian ? T(bigEndian: value) : T(littleEndian: value)
  }
  func integer<T: FixedWidthInteger>(_ value: T) -> Double {
    singlePrecision ? Double(Float(value)) : Double(value)
  }
  return [Double](unsafeUninitializedCapacity: count) { out, initialized in
    switch (type.kind, type.byteCount) {
    case (.float, 4):
      for i in 0..<count { out[i] = Double(Float(bitPattern: load(UInt32.self, i))) }
    case (.float, _):
      for i in 0..<count {
        let x = Double(bitPattern: load(UInt64.self, i))
        out[i] = singlePrecision ? Double(Float(x)) : x
      }
    case (.signedInteger, 1): for i in 0..<count { out[i] = integer(load(Int8.self, i)) }
    case (.signedInteger, 2): for i in 0..<count { out[i] = integer(load(Int16.self, i)) }
    case (.signedInteger, 4): for i in 0..<count { out[i] = integer(load(Int32.self, i)) }
    case (.signedInteger, _): for i in 0..<count { out[i] = integer(load(Int64.self, i)) }
    case (.unsignedInteger, 1): for i in 0..<count { out[i] = integer(load(UInt8.self, i)) }
    case (.unsignedInteger, 2): for i in 0..<count { out[i] = integer(load(UInt16.self, i)) }
    case (.unsignedInteger, 4): for i in 0..<count { out[i] = integer(load(UInt32.self, i)) }
    case (.unsignedInteger, _): for i in 0..<count { out[i] = integer(load(UInt64.self, i)) }
    case (.boolean, _): for i in 0..<count { out[i] = load(UInt8.self, i) != 0 ? 1 : 0 }
    }
    initialized = count
  }
}
