import Foundation

/// A transformation whose concrete type is hidden, so optimizers chosen at run time (from a
/// spec string, a configuration file) have one type.
///
/// Its `State` is still `Codable` and `Equatable`: it encodes the wrapped state as it is.
/// A decoded state holds the JSON structure until the first `update` (or comparison), when
/// the transformation turns it back into its concrete state — so a checkpoint can be
/// decoded before the optimizer that owns it is known.
///
///     let optimizer: AnyGradientTransformation<Float> = try OptimizerRegistry.make("adamw(lr=1e-3)")
public struct AnyGradientTransformation<Scalar: TensorScalar>: GradientTransformation {
  private let box: any TransformationBox<Scalar>

  /// Wraps `transformation`.
  public init<T: GradientTransformation>(_ transformation: T) where T.Scalar == Scalar {
    box = ConcreteBox(transformation)
  }

  /// The wrapped transformation, if it is a `T`.
  public func base<T: GradientTransformation>(as type: T.Type) -> T? { (box as? ConcreteBox<T>)?.transformation }

  /// The state of the wrapped transformation, type-erased.
  public struct State: Codable, Sendable, Equatable {
    enum Storage: Sendable {
      case concrete(any ErasedState)
      case encoded(JSONValue)
      case moved
    }
    var storage: Storage

    init(storage: Storage) { self.storage = storage }

    public init(from decoder: any Decoder) throws { storage = .encoded(try JSONValue(from: decoder)) }

    public func encode(to encoder: any Encoder) throws {
      switch storage {
      case .concrete(let s): try s.encode(to: encoder)
      case .encoded(let json): try json.encode(to: encoder)
      case .moved: preconditionFailure("AnyGradientTransformation.State used while being updated")
      }
    }

    public static func == (a: State, b: State) -> Bool {
      switch (a.storage, b.storage) {
      case (.concrete(let x), .concrete(let y)): return x.isEqual(to: y)
      case (.encoded(let x), .encoded(let y)): return x == y
      case (.concrete(let x), .encoded(let y)), (.encoded(let y), .concrete(let x)):
        return (try? JSONValue(encoding: x)) == y
      default: return false
      }
    }

    /// The concrete state, if it is an `S` (nil while still encoded).
    public func value<S: Codable & Sendable & Equatable>(as type: S.Type) -> S? {
      if case .concrete(let s) = storage { return (s as? StateBox<S>)?.value }
      return nil
    }
  }

  public func initialState(for parameters: ParameterSet<Scalar>) -> State { box.initialState(for: parameters) }

  public func update(_ updates: inout ParameterSet<Scalar>, state: inout State, parameters: ParameterSet<Scalar>) {
    box.update(&updates, state: &state, parameters: parameters)
  }

  public func step(_ parameters: inout ParameterSet<Scalar>, gradient: ParameterSet<Scalar>, state: inout State) {
    box.step(&parameters, gradient: gradient, state: &state)
  }
}

protocol ErasedState: Sendable, Encodable {
  func isEqual(to other: any ErasedState) -> Bool
}

struct StateBox<S: Codable & Sendable & Equatable>: ErasedState {
  var value: S
  func isEqual(to other: any ErasedState) -> Bool { (other as? StateBox<S>)?.value == value }
  func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
}

protocol TransformationBox<Scalar>: Sendable {
  associatedtype Scalar: TensorScalar
  func initialState(for parameters: ParameterSet<Scalar>) -> AnyGradientTransformation<Scalar>.State
  func update(_ updates: inout ParameterSet<Scalar>, state: inout AnyGradientTransformation<Scalar>.State, parameters: ParameterSet<Scalar>)
  func step(_ parameters: inout ParameterSet<Scalar>, gradient: ParameterSet<Scalar>, state: inout AnyGradientTransformation<Scalar>.State)
}

struct ConcreteBox<T: GradientTransformation>: TransformationBox {
  typealias Scalar = T.Scalar
  let transformation: T
  init(_ transformation: T) { self.transformation = transformation }

  func initialState(for parameters: ParameterSet<Scalar>) -> AnyGradientTransformation<Scalar>.State {
    .init(storage: .concrete(StateBox(value: transformation.initialState(for: parameters))))
  }

  func update(_ updates: inout ParameterSet<Scalar>, state: inout AnyGradientTransformation<Scalar>.State, parameters: ParameterSet<Scalar>) {
    withConcreteState(&state) { transformation.update(&updates, state: &$0, parameters: parameters) }
  }

  func step(_ parameters: inout ParameterSet<Scalar>, gradient: ParameterSet<Scalar>, state: inout AnyGradientTransformation<Scalar>.State) {
    withConcreteState(&state) { transformation.step(&parameters, gradient: gradient, state: &$0) }
  }

  /// Calls `body` with the concrete state, decoding it first if it is still JSON.
  private func withConcreteState(_ state: inout AnyGradientTransformation<Scalar>.State, _ body: (inout T.State) -> Void) {
    var concrete: T.State
    switch state.storage {
    case .concrete(let s):
      guard let s = s as? StateBox<T.State> else {
        preconditionFailure("AnyGradientTransformation: the state belongs to another transformation (\(type(of: s)), expected \(T.State.self))")
      }
      concrete = s.value
    case .encoded(let json):
      do {
        concrete = try json.decode(T.State.self)
      } catch {
        preconditionFailure("AnyGradientTransformation: the decoded state does not fit \(T.self): \(error)")
      }
    case .moved:
      preconditionFailure("AnyGradientTransformation.State used while being updated")
    }
    // Release the stored copy so the tensors are uniquely referenced and updated in place.
    state.storage = .moved
    body(&concrete)
    state.storage = .concrete(StateBox(value: concrete))
  }
}

/// A JSON document held as a value: what a type-erased state decodes to before its owner
/// gives it a type.
enum JSONValue: Codable, Sendable, Equatable {
  case null
  case bool(Bool)
  case int(Int64)
  case uint(UInt64)
  case double(Double)
  case string(String)
  case array([JSONValue])
  case object([String: JSONValue])

  init(from decoder: any Decoder) throws {
    if var array = try? decoder.unkeyedContainer() {
      var items: [JSONValue] = []
      while !array.isAtEnd { items.append(try array.decode(JSONValue.self)) }
      self = .array(items)
      return
    }
    if let object = try? decoder.container(keyedBy: AnyKey.self) {
      var items: [String: JSONValue] = [:]
      for key in object.allKeys { items[key.stringValue] = try object.decode(JSONValue.self, forKey: key) }
      self = .object(items)
      return
    }
    let c = try decoder.singleValueContainer()
    if c.decodeNil() { self = .null }
    else if let b = try? c.decode(Bool.self) { self = .bool(b) }
    else if let i = try? c.decode(Int64.self) { self = .int(i) }
    else if let u = try? c.decode(UInt64.self) { self = .uint(u) }
    else if let d = try? c.decode(Double.self) { self = .double(d) }
    else { self = .string(try c.decode(String.self)) }
  }

  func encode(to encoder: any Encoder) throws {
    switch self {
    case .null: var c = encoder.singleValueContainer(); try c.encodeNil()
    case .bool(let b): var c = encoder.singleValueContainer(); try c.encode(b)
    case .int(let i): var c = encoder.singleValueContainer(); try c.encode(i)
    case .uint(let u): var c = encoder.singleValueContainer(); try c.encode(u)
    case .double(let d): var c = encoder.singleValueContainer(); try c.encode(d)
    case .string(let s): var c = encoder.singleValueContainer(); try c.encode(s)
    case .array(let items):
      var c = encoder.unkeyedContainer()
      for item in items { try c.encode(item) }
    case .object(let items):
      var c = encoder.container(keyedBy: AnyKey.self)
      for (k, v) in items { try c.encode(v, forKey: AnyKey(stringValue: k)) }
    }
  }

  init(encoding value: any Encodable) throws {
    self = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
  }

  func decode<T: Decodable>(_ type: T.Type) throws -> T {
    try JSONDecoder().decode(T.self, from: JSONEncoder().encode(self))
  }

  struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
  }
}
