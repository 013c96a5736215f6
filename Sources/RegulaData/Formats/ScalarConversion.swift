// The readers parse into `Double` buffers in non-generic code (so that the hot loops are
// compiled for one concrete type) and convert once at the end.

/// Converts parsed values to `Scalar`. For `Float` the values were already rounded to `Float`
/// while parsing, so the conversion is exact.
func convertScalars<Scalar: TensorScalar>(_ values: [Double], to _: Scalar.Type) -> [Scalar] {
  if Scalar.self == Double.self { return unsafeBitCast(values, to: [Scalar].self) }
  if Scalar.self == Float.self {
    let floats = [Float](unsafeUninitializedCapacity: values.count) { buffer, initialized in
      for i in 0..<values.count { buffer[i] = Float(values[i]) }
      initialized = values.count
    }
    return unsafeBitCast(floats, to: [Scalar].self)
  }
  return values.map { Scalar($0) }
}

/// Whether `Scalar` is parsed at single precision.
func isSinglePrecision<Scalar: TensorScalar>(_: Scalar.Type) -> Bool {
  Scalar.significandBitCount <= Float.significandBitCount
}

/// The type's name for error messages.
func scalarName<Scalar: TensorScalar>(_: Scalar.Type) -> String {
  Scalar.self == Float.self ? "Float" : Scalar.self == Double.self ? "Double" : "\(Scalar.self)"
}
