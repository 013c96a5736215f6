import _Differentiation

/// A lookup table from integer tokens to learned vectors.
///
/// The input holds token ids (integral values in 0..<vocabularySize) of any shape s; the
/// output has shape s + [dimension]. Parameter: `name.table` of shape
/// [vocabularySize, dimension], initialized N(0, 1) by default (as PyTorch and Flax do).
public struct Embedding<Scalar: TensorScalar>: NamedLayer {
  public var vocabularySize: Int
  public var dimension: Int
  public var initializer: Initializer
  public var name: String
  public static var defaultNameStem: String { "embedding" }

  public init(vocabularySize: Int, dimension: Int, initializer: Initializer = .normal(standardDeviation: 1), name: String = "") {
    precondition(vocabularySize > 0 && dimension > 0, "Embedding sizes must be positive")
    (self.vocabularySize, self.dimension, self.initializer, self.name) = (vocabularySize, dimension, initializer, name)
  }

  public func initializeParameters(into parameters: inout ParameterSet<Scalar>, using rng: inout RandomGenerator) {
    parameters[path("table")] = initializer.makeTensor(shape: [vocabularySize, dimension], using: &rng)
  }

  @differentiable(reverse, wrt: (input, parameters))
  public func callAsFunction(_ input: Tensor<Scalar>, parameters: ParameterSet<Scalar>, context: ForwardContext) -> Tensor<Scalar> {
    let ids = withoutDerivative(at: tokenIDs(input))
    let shape = withoutDerivative(at: input.shape + [dimension])
    return parameters[path("table")].gathering(atIndices: ids).reshaped(to: shape)
  }

  private func tokenIDs(_ input: Tensor<Scalar>) -> [Int] {
    input.scalars.map { x in
      let id = Int(x)
      precondition(Scalar(id) == x && id >= 0 && id < vocabularySize, "\(name): token \(x) is not an id in 0..<\(vocabularySize)")
      return id
    }
  }
}
