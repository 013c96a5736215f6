import _Differentiation

/// Layer normalization over the last axis, with a learned gain and offset.
///
///     y = (x − μ) / √(σ² + ε) · γ + β,   μ, σ² over the last axis
///
/// Parameters: `name.scale` (γ, ones) and `name.offset` (β, zeros), of shape [size].
///
/// - Parameter epsilon: ε. Default `1e-5` (PyTorch's; Flax uses 1e-6).
/// - SeeAlso: "Layer Normalization", Ba, Kiros & Hinton, 2016.
public struct LayerNorm<Scalar: TensorScalar>: NamedLayer {
  public var size: Int
  public var epsilon: Double
  public var name: String
  public static var defaultNameStem: String { "layerNorm" }

  public init(size: Int, epsilon: Double = 1e-5, name: String = "") {
    precondition(size > 0 && epsilon > 0, "LayerNorm needs a positive size and epsilon")
    (self.size, self.epsilon, self.name) = (size, epsilon, name)
  }

  public func initializeParameters(into parameters: inout ParameterSet<Scalar>, using rng: inout RandomGenerator) {
    parameters[path("scale")] = Tensor(ones: [size])
    parameters[path("offset")] = Tensor(zeros: [size])
  }

  @differentiable(reverse, wrt: (input, parameters))
  public func callAsFunction(_ input: Tensor<Scalar>, parameters: ParameterSet<Scalar>, context: ForwardContext) -> Tensor<Scalar> {
    let mean = input.mean(alongAxes: [-1], keepingDimensions: true)
    let centered = input - mean
    let variance = square(centered).mean(alongAxes: [-1], keepingDimensions: true)
    let normalized = centered * rsqrt(variance + Scalar(epsilon))
    return normalized * parameters[path("scale")] + parameters[path("offset")]
  }
}
