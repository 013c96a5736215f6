import _Differentiation

/// Layers applied one after another.
///
///     let mlp = Sequential<Float> {
///       Dense<Float>(inputSize: 64, outputSize: 128)
///       Activation<Float>(.relu)
///       Dense<Float>(inputSize: 128, outputSize: 10)
///     }
///     // parameters: dense1.weight, dense1.bias, dense2.weight, dense2.bias
///
/// Unnamed layers are named after their kind and position among layers of that kind
/// (`dense1`, `dense2`, `dropout1`), prefixed with the sequential's own name when it has
/// one (`encoder.dense1`).
public struct Sequential<Scalar: TensorScalar>: Layer {
  public private(set) var layers: [any Layer<Scalar>]

  public init(name: String = "", layers: [any Layer<Scalar>]) {
    var counts: [String: Int] = [:]
    self.layers = layers.map { layer in
      guard var named = layer as? any NamedLayer<Scalar> else { return layer }
      let stem = type(of: named).defaultNameStem
      counts[stem, default: 0] += 1
      if named.name.isEmpty { named.name = stem + String(counts[stem]!) }
      if !name.isEmpty { named.name = name + "." + named.name }
      return named
    }
  }

  public init(name: String = "", @LayerBuilder<Scalar> _ layers: () -> [any Layer<Scalar>]) {
    self.init(name: name, layers: layers())
  }

  public func initializeParameters(into parameters: inout ParameterSet<Scalar>, using rng: inout RandomGenerator) {
    for layer in layers { layer.initializeParameters(into: &parameters, using: &rng) }
  }

  @differentiable(reverse, wrt: (input, parameters))
  public func callAsFunction(_ input: Tensor<Scalar>, parameters: ParameterSet<Scalar>, context: ForwardContext) -> Tensor<Scalar> {
    var x = input
    for i in withoutDerivative(at: layers.indices) {
      x = layers[i](x, parameters: parameters, context: context)
    }
    return x
  }
}

/// Collects the layers of a ``Sequential`` block.
@resultBuilder
public enum LayerBuilder<Scalar: TensorScalar> {
  public static func buildExpression(_ layer: any Layer<Scalar>) -> [any Layer<Scalar>] { [layer] }
  public static func buildExpression(_ layers: [any Layer<Scalar>]) -> [any Layer<Scalar>] { layers }
  public static func buildBlock(_ parts: [any Layer<Scalar>]...) -> [any Layer<Scalar>] { parts.flatMap { $0 } }
  public static func buildOptional(_ part: [any Layer<Scalar>]?) -> [any Layer<Scalar>] { part ?? [] }
  public static func buildEither(first: [any Layer<Scalar>]) -> [any Layer<Scalar>] { first }
  public static func buildEither(second: [any Layer<Scalar>]) -> [any Layer<Scalar>] { second }
  public static func buildArray(_ parts: [[any Layer<Scalar>]]) -> [any Layer<Scalar>] { parts.flatMap { $0 } }
}

extension Sequential {
  /// A multilayer perceptron: Dense → activation (→ dropout) for each hidden size, then a
  /// final Dense to `outputSize` with no activation (logits).
  public static func multilayerPerceptron(
    inputSize: Int, hiddenSizes: [Int], outputSize: Int, activation: Activation<Scalar>.Kind = .relu,
    dropoutRate: Double = 0, weightInitializer: Initializer = .glorotUniform, name: String = ""
  ) -> Sequential {
    let sizes = [inputSize] + hiddenSizes
    return Sequential(name: name) {
      for (fanIn, fanOut) in zip(sizes, sizes.dropFirst()) {
        Dense<Scalar>(inputSize: fanIn, outputSize: fanOut, weightInitializer: weightInitializer)
        Activation<Scalar>(activation)
        if dropoutRate > 0 { Dropout<Scalar>(rate: dropoutRate) }
      }
      Dense<Scalar>(inputSize: sizes.last!, outputSize: outputSize, weightInitializer: weightInitializer)
    }
  }
}
