import _Differentiation

/// A model's parameters: tensors keyed by path (`"encoder.dense1.weight"`), in a fixed order.
///
/// `ParameterSet` is how Regula walks a model. Layers hold only their configuration and
/// read their tensors from the set by path, so the set is the one value that automatic
/// differentiation, optimizers, penalties and checkpoints act on — the shape Optax and
/// Haiku give to parameters, expressed as a Swift value type.
///
/// It is its own tangent vector: the gradient of a loss with respect to a parameter set is
/// a parameter set with the same paths. Reading one tensor through the subscript has a
/// pullback that yields a set holding only that path; `+` merges sets by path, so a
/// gradient may hold fewer paths than the parameters (use `aligned(with:)` to fill them).
///
///     var parameters = ParameterSet<Float>()
///     parameters["dense.weight"] = Tensor(zeros: [4, 2])
///     let g = gradient(at: parameters) { p in (p["dense.weight"] * 3).sum().scalarized() }
///     // g["dense.weight"] is a [4, 2] tensor of 3s
public struct ParameterSet<Scalar: TensorScalar>: Sendable {
  /// The paths, in the order tensors were added.
  public private(set) var paths: [String] = []
  /// The tensors, in the order of `paths`.
  public private(set) var tensors: [Tensor<Scalar>] = []
  @usableFromInline var positions: [String: Int] = [:]

  /// Creates an empty set.
  public init() {}

  /// Creates a set from (path, tensor) pairs, in order; paths must be distinct.
  public init(_ entries: [(path: String, tensor: Tensor<Scalar>)]) {
    for (path, tensor) in entries {
      precondition(positions[path] == nil, "duplicate parameter path \"\(path)\"")
      append(path, tensor)
    }
  }

  /// The number of tensors.
  public var count: Int { paths.count }
  /// The total number of scalars over all tensors.
  public var scalarCount: Int { tensors.reduce(0) { $0 + $1.scalarCount } }
  /// Whether the set holds a tensor at `path`.
  public func contains(_ path: String) -> Bool { positions[path] != nil }

  /// (path, tensor) pairs in order.
  public var entries: [(path: String, tensor: Tensor<Scalar>)] {
    Array(zip(paths, tensors)).map { (path: $0.0, tensor: $0.1) }
  }

  private mutating func append(_ path: String, _ tensor: Tensor<Scalar>) {
    positions[path] = tensors.count
    paths.append(path)
    tensors.append(tensor)
  }

  /// Reads or replaces the tensor at `path`. Reading a path that is absent stops with a
  /// message naming it; assigning to an absent path appends it.
  ///
  /// Reading is differentiable: the pullback is a set holding only `path`.
  public subscript(path: String) -> Tensor<Scalar> {
    get {
      guard let i = positions[path] else {
        preconditionFailure("no parameter \"\(path)\"; the set holds \(paths)")
      }
      return tensors[i]
    }
    set {
      if let i = positions[path] { tensors[i] = newValue } else { append(path, newValue) }
    }
  }

  @derivative(of: subscript.get)
  @usableFromInline func _vjpSubscript(path: String) -> (value: Tensor<Scalar>, pullback: (Tensor<Scalar>) -> ParameterSet) {
    (self[path], { g in ParameterSet([(path, g)]) })
  }

  /// Applies `transform` to every tensor, keeping the paths.
  public func mapTensors(_ transform: (String, Tensor<Scalar>) throws -> Tensor<Scalar>) rethrows -> ParameterSet {
    var result = self
    for i in tensors.indices { result.tensors[i] = try transform(paths[i], tensors[i]) }
    return result
  }

  /// Calls `body` with each path and a mutable tensor, in order.
  public mutating func updateTensors(_ body: (String, inout Tensor<Scalar>) throws -> Void) rethrows {
    for i in tensors.indices { try body(paths[i], &tensors[i]) }
  }

  /// This set reordered to the paths of `reference`, with zeros (of the reference's shapes)
  /// for the paths it lacks. Gradients are aligned before an optimizer sees them.
  ///
  /// A path of `self` that `reference` lacks, or a shape that differs, stops with a message
  /// naming the path and both shapes.
  public func aligned(with reference: ParameterSet) -> ParameterSet {
    for path in paths where reference.positions[path] == nil {
      preconditionFailure("gradient for \"\(path)\", which is not a parameter; parameters are \(reference.paths)")
    }
    return reference.mapTensors { path, r in
      guard let i = positions[path] else { return Tensor(zeros: r.shape) }
      let t = tensors[i]
      if t.shape == r.shape { return t }
      // The rank-0 zero stands for zeros of any shape.
      precondition(t.shape == [], "\(path): gradient of shape \(t.shape) for a parameter of shape \(r.shape)")
      return t.broadcasted(to: r.shape)
    }
  }
}

extension ParameterSet: Equatable {
  public static func == (a: ParameterSet, b: ParameterSet) -> Bool {
    a.paths == b.paths && a.tensors == b.tensors
  }
}

extension ParameterSet: AdditiveArithmetic {
  /// The empty set, which `+` treats as zero at every path.
  public static var zero: ParameterSet { ParameterSet() }

  /// Adds path by path; a path present in only one operand is kept as it is.
  public static func + (a: ParameterSet, b: ParameterSet) -> ParameterSet {
    combine(a, b, +, negateRight: false)
  }

  /// Subtracts path by path; a path present only in `b` is negated.
  public static func - (a: ParameterSet, b: ParameterSet) -> ParameterSet {
    combine(a, b, -, negateRight: true)
  }

  private static func combine(
    _ a: ParameterSet, _ b: ParameterSet,
    _ op: (Tensor<Scalar>, Tensor<Scalar>) -> Tensor<Scalar>, negateRight: Bool
  ) -> ParameterSet {
    if a.paths == b.paths {
      var result = a
      for i in result.tensors.indices { result.tensors[i] = op(a.tensors[i], b.tensors[i]) }
      return result
    }
    var result = a
    for (path, t) in zip(b.paths, b.tensors) {
      if let i = result.positions[path] {
        result.tensors[i] = op(result.tensors[i], t)
      } else {
        result.append(path, negateRight ? -t : t)
      }
    }
    return result
  }
}

extension ParameterSet: Differentiable {
  public typealias TangentVector = ParameterSet
  public mutating func move(by offset: ParameterSet) { self += offset }
}

extension ParameterSet: Codable {
  private struct Entry: Codable {
    var path: String
    var tensor: Tensor<Scalar>
  }

  public init(from decoder: any Decoder) throws {
    let entries = try [Entry](from: decoder)
    self.init()
    for e in entries {
      guard positions[e.path] == nil else {
        throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "duplicate parameter path \"\(e.path)\""))
      }
      append(e.path, e.tensor)
    }
  }

  public func encode(to encoder: any Encoder) throws {
    try zip(paths, tensors).map { Entry(path: $0.0, tensor: $0.1) }.encode(to: encoder)
  }
}

extension ParameterSet: CustomStringConvertible {
  public var description: String {
    zip(paths, tensors).map { "\($0.0): \($0.1.shape)" }.joined(separator: "\n")
  }
}

extension ParameterSet {
  /// Replaces the i-th tensor (same path), which must keep its shape.
  public mutating func replaceTensor(at index: Int, with tensor: Tensor<Scalar>) {
    precondition(tensors[index].shape == tensor.shape || tensors[index].shape == [], "\(paths[index]): shape \(tensor.shape) replaces \(tensors[index].shape)")
    tensors[index] = tensor
  }

  /// Calls `body` with the i-th tensor, mutable in place.
  public mutating func withTensor<R>(at index: Int, _ body: (inout Tensor<Scalar>) throws -> R) rethrows -> R {
    try body(&tensors[index])
  }
}

extension ParameterSet {
  /// A copy with the tensor at `path` replaced by (or, for a new path, extended with) `tensor`.
  ///
  /// Differentiable in both arguments: the gradient flows to `tensor` for `path` and to
  /// `self` for every other path. Use it to evaluate a model at perturbed parameters
  /// (finite differences, SAM).
  @differentiable(reverse)
  public func replacing(_ path: String, with tensor: Tensor<Scalar>) -> ParameterSet {
    var result = self
    result[path] = tensor
    return result
  }

  @derivative(of: replacing)
  @usableFromInline func _vjpReplacing(_ path: String, with tensor: Tensor<Scalar>)
    -> (value: ParameterSet, pullback: (ParameterSet) -> (ParameterSet, Tensor<Scalar>))
  {
    let shape = tensor.shape
    return (replacing(path, with: tensor), { g in
      guard let i = g.positions[path] else { return (g, Tensor(zeros: shape)) }
      var rest = g
      rest.tensors[i] = Tensor(zeros: g.tensors[i].shape)
      return (rest, g.tensors[i])
    })
  }
}
