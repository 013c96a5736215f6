import Foundation

/// Writes tensors as NumPy `.npy` files, byte for byte as `numpy.save` does.
///
/// The file has format version 1.0 (2.0 if the header would exceed 65,535 bytes), C order, and
/// the header NumPy 2 writes: the dictionary `{'descr': …, 'fortran_order': False, 'shape': …, }`,
/// spare spaces for growing the first axis, and padding so that the data starts at a multiple
/// of 64 bytes. The file is written atomically.
///
///     try NPYWriter().write(weights, to: "weights.npy")             // the scalar's own type
///     try NPYWriter(dataType: .int64).write(labels, to: "labels.npy")
public struct NPYWriter: Sendable {
  /// The element type written: ``NPYDataType/float32``, ``NPYDataType/float64`` or
  /// ``NPYDataType/int64``; `nil` (the default) writes the tensor's own scalar type.
  public var dataType: NPYDataType?

  /// Creates a writer.
  ///
  /// - Precondition: `dataType` is `nil`, `.float32`, `.float64` or `.int64`.
  public init(dataType: NPYDataType? = nil) {
    precondition(
      dataType == nil || dataType == .float32 || dataType == .float64 || dataType == .int64,
      "NPYWriter writes float32, float64 or int64, not \(dataType!)")
    self.dataType = dataType
  }

  /// Writes `tensor` to `path`, replacing any file there.
  ///
  /// - Throws: ``DataError/unwritable(path:reason:)`` when writing `int64` and an element is
  ///   not an integer in range, or when the file cannot be written.
  public func write<Scalar: TensorScalar>(_ tensor: Tensor<Scalar>, to path: String) throws(DataError) {
    try writeAtomically(encode(tensor, path: path), to: URL(fileURLWithPath: path))
  }

  func encode<Scalar: TensorScalar>(_ tensor: Tensor<Scalar>, path: String) throws(DataError) -> Data {
    let type = dataType ?? (Scalar.self == Float.self ? .float32 : .float64)
    var data = Data(npyPreamble(descr: type.descr, shape: tensor.shape))
    let scalars = tensor.scalars
    var body = [UInt8]()
    body.reserveCapacity(scalars.count * type.byteCount)
    func append<T: FixedWidthInteger>(_ value: T) {
      withUnsafeBytes(of: value.littleEndian) { body.append(contentsOf: $0) }
    }
    switch type {
    case .float32:
      for x in scalars { append(Float(x).bitPattern) }
    case .float64:
      for x in scalars { append(Double(x).bitPattern) }
    default:
      for (i, x) in scalars.enumerated() {
        guard let value = Int64(exactly: x) else {
          throw .unwritable(path: path, reason: "element \(i) is \(x), which is not an int64")
        }
        append(value)
      }
    }
    data.append(contentsOf: body)
    return data
  }
}

/// The magic string, version, header length and padded header, as `numpy.lib.format`
/// writes them for a C-order array.
func npyPreamble(descr: String, shape: [Int]) -> [UInt8] {
  var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shapeText(shape)), }"
  // NumPy leaves room to rewrite the first extent with up to 21 digits in place.
  if let first = shape.first { header += String(repeating: " ", count: max(0, 21 - String(first).count)) }
  let alignment = 64
  var lengthSize = 2
  var version: UInt8 = 1
  var length = header.utf8.count + 1  // with the final newline
  var padding = alignment - (npyMagic.count + 2 + lengthSize + length) % alignment
  if length + padding > Int(UInt16.max) {
    lengthSize = 4
    version = 2
    padding = alignment - (npyMagic.count + 2 + lengthSize + length) % alignment
  }
  length += padding
  var bytes = npyMagic + [version, 0]
  for k in 0..<lengthSize { bytes.append(UInt8(truncatingIfNeeded: length >> (8 * k))) }
  bytes += Array(header.utf8)
  bytes += [UInt8](repeating: UInt8(ascii: " "), count: padding)
  bytes.append(UInt8(ascii: "\n"))
  return bytes
}
