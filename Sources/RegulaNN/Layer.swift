import _Differentiation

/// Whether a forward pass trains or infers, and the seed of its randomness (dropout).
///
/// Randomness inside a forward pass is drawn from `seed` and the layer's name, never from
/// shared mutable state, so a step replays exactly from its seed.
public struct ForwardContext: Sendable, Equatable {
  public var isTraining: Bool
  public var seed: UInt64

  public init(isTraining: Bool, seed: UInt64 = 0) {
    self.isTraining = isTraining
    self.seed = seed
  }

  /// Inference: dropout off.
  public static let inference = ForwardContext(isTraining: false)
}

/// A differentiable function of an input tensor and a model's ``ParameterSet``.
///
/// A layer holds configuration only (sizes, names, initializers). Its tensors live in a
/// `ParameterSet` under paths built from the layer's name (`"dense1.weight"`), which is what
/// optimizers, penalties and checkpoints walk. A model is any struct of layers that
/// conforms to `Layer` — one line — and implements `callAsFunction`:
///
///     struct Classifier: Layer {
///       var hidden = Dense<Float>(inputSize: 64, outputSize: 128, name: "hidden")
///       var output = Dense<Float>(inputSize: 128, outputSize: 10, name: "output")
///
///       @differentiable(reverse, wrt: (input, parameters))
///       func callAsFunction(_ input: Tensor<Float>, parameters: ParameterSet<Float>, context: ForwardContext) -> Tensor<Float> {
///         output(relu(hidden(input, parameters: parameters, context: context)), parameters: parameters, context: context)
///       }
///     }
///     let parameters = Classifier().initialParameters(seed: 0)   // hidden.weight, hidden.bias, …
///
/// The default `initializeParameters` visits the stored properties (and arrays of layers)
/// in declaration order, so the struct need not list its layers twice.
public protocol Layer<Scalar>: Sendable {
  associatedtype Scalar: TensorScalar

  /// Adds this layer's initialized tensors to `parameters`.
  func initializeParameters(into parameters: inout ParameterSet<Scalar>, using rng: inout RandomGenerator)

  /// The layer's output for `input`, reading its tensors from `parameters`.
  @differentiable(reverse, wrt: (input, parameters))
  func callAsFunction(_ input: Tensor<Scalar>, parameters: ParameterSet<Scalar>, context: ForwardContext) -> Tensor<Scalar>
}

extension Layer {
  public func initializeParameters(into parameters: inout ParameterSet<Scalar>, using rng: inout RandomGenerator) {
    for child in Mirror(reflecting: self).children {
      initializeNestedLayers(in: child.value, into: &parameters, using: &rng)
    }
  }

  /// Initializes nested layers found in `value`: a layer, or an optional, tuple or array of them.
  private func initializeNestedLayers(in value: Any, into parameters: inout ParameterSet<Scalar>, using rng: inout RandomGenerator) {
    if let layer = value as? any Layer<Scalar> {
      layer.initializeParameters(into: &parameters, using: &rng)
      return
    }
    let mirror = Mirror(reflecting: value)
    switch mirror.displayStyle {
    case .optional, .tuple:
      for child in mirror.children { initializeNestedLayers(in: child.value, into: &parameters, using: &rng) }
    case .collection:
      // Only collections of layers matter; looking at the first element avoids walking arrays of numbers.
      guard let first = mirror.children.first?.value, first is any Layer<Scalar> else { return }
      for child in mirror.children { initializeNestedLayers(in: child.value, into: &parameters, using: &rng) }
    default:
      return
    }
  }

  /// A fresh parameter set, initialized from `seed`.
  public func initialParameters(seed: UInt64) -> ParameterSet<Scalar> {
    var rng = RandomGenerator(seed: seed)
    var parameters = ParameterSet<Scalar>()
    initializeParameters(into: &parameters, using: &rng)
    return parameters
  }

  /// The output in inference mode.
  @differentiable(reverse, wrt: (input, parameters))
  public func callAsFunction(_ input: Tensor<Scalar>, parameters: ParameterSet<Scalar>) -> Tensor<Scalar> {
    self(input, parameters: parameters, context: .inference)
  }
}

/// A layer whose parameter paths (or random stream) derive from its name.
///
/// ``Sequential`` names the unnamed ones it holds after their kind and position
/// (`dense1`, `dense2`, `layerNorm1`, `dropout1`).
public protocol NamedLayer<Scalar>: Layer {
  /// The path prefix of the layer's parameters, e.g. `"encoder.dense1"`.
  var name: String { get set }
  /// The stem Sequential uses to name an unnamed layer: `"dense"` gives `dense1`.
  static var defaultNameStem: String { get }
}

extension NamedLayer {
  /// The path of one of this layer's tensors: `name + "." + suffix`.
  public func path(_ suffix: String) -> String {
    precondition(!name.isEmpty, "\(Self.self) has no name; give it one or put it in a Sequential")
    return name + "." + suffix
  }
}
