/// Two transformations applied in sequence: `first`'s output is `second`'s input.
public struct Chained<First: GradientTransformation, Second: GradientTransformation>: GradientTransformation
where First.Scalar == Second.Scalar {
  public typealias Scalar = First.Scalar
  public var first: First
  public var second: Second

  public struct State: Codable, Sendable, Equatable {
    public var first: First.State
    public var second: Second.State
  }

  public init(_ first: First, _ second: Second) {
    self.first = first
    self.second = second
  }

  public func initialState(for parameters: ParameterSet<Scalar>) -> State {
    State(first: first.initialState(for: parameters), second: second.initialState(for: parameters))
  }

  public func update(_ updates: inout ParameterSet<Scalar>, state: inout State, parameters: ParameterSet<Scalar>) {
    first.update(&updates, state: &state.first, parameters: parameters)
    second.update(&updates, state: &state.second, parameters: parameters)
  }
}

/// Builds a chain of transformations from a list, statically typed.
///
///     let optimizer: some GradientTransformation<Float> = chain {
///       ClipByGlobalNorm(1)
///       ScaleByAdam()
///       ScaleByLearningRate(1e-3)
///     }
@resultBuilder
public enum TransformBuilder {
  public static func buildPartialBlock<T: GradientTransformation>(first: T) -> T { first }

  public static func buildPartialBlock<A: GradientTransformation, B: GradientTransformation>(
    accumulated: A, next: B
  ) -> Chained<A, B> where A.Scalar == B.Scalar {
    Chained(accumulated, next)
  }
}

/// The transformations of the block applied in order (Optax's `chain`).
public func chain<T: GradientTransformation>(@TransformBuilder _ body: () -> T) -> T { body() }
