/// A dense, row-major, n-dimensional array of `Float` or `Double` with value semantics.
///
/// Storage is a Swift array, so copies share memory until one of them is written
/// (copy-on-write). Arithmetic follows NumPy's broadcasting rules, and every operation that
/// has a derivative registers it with Swift's `_Differentiation`, so a `Tensor` can flow
/// through `gradient(at:of:)` and `valueWithPullback(at:of:)`.
///
///     let x = Tensor<Float>(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
///     let y = (x * 2 + 1).sum(alongAxes: [1])   // shape [2]: [15, 33]
///
/// A rank-0 tensor holds one scalar; `Tensor.zero` (the additive identity used by automatic
/// differentiation) is the rank-0 tensor 0, which broadcasts against any shape.
public struct Tensor<Scalar: TensorScalar>: Sendable {
  /// The extent of each axis; `[]` for a scalar.
  @inlinable public var shape: [Int] { storedShape }
  @usableFromInline var storedShape: [Int]
  /// The elements in row-major order; `scalars.count == shape.reduce(1, *)`.
  ///
  /// Elements may be changed in place (without a copy when the storage is not shared);
  /// changing their number stops with a message naming both counts.
  @inlinable
  public var scalars: [Scalar] {
    _read { yield storage }
    _modify {
      yield &storage
      precondition(storage.count == elementCount(storedShape), "\(storage.count) scalars do not fit shape \(storedShape)")
    }
  }
  @usableFromInline var storage: [Scalar]

  /// Creates a tensor from its shape and its elements in row-major order.
  @inlinable
  public init(shape: [Int], scalars: [Scalar]) {
    precondition(shape.allSatisfy { $0 >= 0 }, "negative extent in shape \(shape)")
    precondition(
      scalars.count == elementCount(shape),
      "\(scalars.count) scalars do not fill shape \(shape)")
    self.storedShape = shape
    self.storage = scalars
  }

  /// Creates a rank-0 tensor.
  @inlinable
  public init(_ scalar: Scalar) { self.init(shape: [], scalars: [scalar]) }

  /// Creates a rank-1 tensor from the given elements.
  @inlinable
  public init(_ scalars: [Scalar]) { self.init(shape: [scalars.count], scalars: scalars) }

  /// Creates a rank-2 tensor from equal-length rows.
  @inlinable
  public init(rows: [[Scalar]]) {
    let columns = rows.first?.count ?? 0
    precondition(rows.allSatisfy { $0.count == columns }, "ragged rows")
    self.init(shape: [rows.count, columns], scalars: rows.flatMap { $0 })
  }

  /// Creates a tensor of the given shape with every element equal to `value`.
  @inlinable
  public init(repeating value: Scalar, shape: [Int]) {
    self.init(shape: shape, scalars: Array(repeating: value, count: elementCount(shape)))
  }

  /// Creates a tensor of zeros.
  @inlinable
  public init(zeros shape: [Int]) { self.init(repeating: 0, shape: shape) }

  /// Creates a tensor of ones.
  @inlinable
  public init(ones shape: [Int]) { self.init(repeating: 1, shape: shape) }

  /// Creates a tensor whose elements are written by `body` into uninitialized storage.
  ///
  /// `body` must initialize every one of the `shape.reduce(1, *)` elements.
  @inlinable
  public init(
    shape: [Int], unsafeUninitialized body: (UnsafeMutableBufferPointer<Scalar>) throws -> Void
  ) rethrows {
    let count = elementCount(shape)
    let scalars = try [Scalar](unsafeUninitializedCapacity: count) { buffer, initialized in
      try body(buffer)
      initialized = count
    }
    self.init(shape: shape, scalars: scalars)
  }

  /// Converts a tensor of another scalar type, rounding to nearest.
  @inlinable
  public init<Other>(_ other: Tensor<Other>) {
    self.init(shape: other.shape, scalars: other.scalars.map { Scalar($0) })
  }

  /// The number of axes.
  @inlinable public var rank: Int { shape.count }
  /// The number of elements.
  @inlinable public var scalarCount: Int { scalars.count }

  /// The only element of a tensor that holds exactly one.
  @inlinable
  public var scalar: Scalar {
    precondition(scalars.count == 1, "tensor of shape \(shape) is not a scalar")
    return scalars[0]
  }

  /// Whether every element is finite (neither NaN nor infinite).
  @inlinable
  public var isFinite: Bool { scalars.allSatisfy { $0.isFinite } }

  /// The element at a multi-dimensional index.
  @inlinable
  public subscript(index: Int...) -> Scalar {
    get { scalars[flatIndex(index)] }
    set { scalars[flatIndex(index)] = newValue }
  }

  @inlinable
  func flatIndex(_ index: [Int]) -> Int {
    precondition(index.count == rank, "index \(index) does not match shape \(shape)")
    var flat = 0
    for (i, extent) in zip(index, shape) {
      precondition(i >= 0 && i < extent, "index \(index) out of range for shape \(shape)")
      flat = flat * extent + i
    }
    return flat
  }

  /// Replaces the shape, keeping the elements, without recording a derivative.
  @inlinable
  mutating func setShape(_ newShape: [Int]) {
    precondition(
      elementCount(newShape) == scalars.count,
      "cannot reshape \(shape) (\(scalars.count) elements) to \(newShape)")
    storedShape = newShape
  }
}

/// The number of elements of a tensor of the given shape.
@inlinable
func elementCount(_ shape: [Int]) -> Int { shape.reduce(1, *) }

extension Tensor: Equatable {}
extension Tensor: Hashable where Scalar: Hashable {}

extension Tensor: Codable {
  private enum CodingKeys: String, CodingKey { case shape, scalars }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    let shape = try container.decode([Int].self, forKey: .shape)
    let scalars = try container.decode([Scalar].self, forKey: .scalars)
    guard shape.allSatisfy({ $0 >= 0 }), scalars.count == elementCount(shape) else {
      throw DecodingError.dataCorruptedError(
        forKey: .scalars, in: container,
        debugDescription: "\(scalars.count) scalars do not fill shape \(shape)")
    }
    self.init(shape: shape, scalars: scalars)
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(shape, forKey: .shape)
    try container.encode(scalars, forKey: .scalars)
  }
}

extension Tensor: CustomStringConvertible {
  public var description: String {
    func render(_ offset: Int, _ axis: Int) -> String {
      if axis == rank { return "\(scalars[offset])" }
      let stride = shape[(axis + 1)...].reduce(1, *)
      let items = (0..<shape[axis]).map { render(offset + $0 * stride, axis + 1) }
      return "[" + items.joined(separator: ", ") + "]"
    }
    return render(0, 0)
  }
}
