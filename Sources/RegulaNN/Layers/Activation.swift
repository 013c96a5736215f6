import _Differentiation

/// An elementwise nonlinearity as a layer (no parameters).
public struct Activation<Scalar: TensorScalar>: Layer {
  public enum Kind: String, Sendable, CaseIterable, Codable {
    case identity, relu, gelu, tanh, sigmoid, softplus
  }

  public var kind: Kind

  public init(_ kind: Kind) { self.kind = kind }

  public func initializeParameters(into parameters: inout ParameterSet<Scalar>, using rng: inout RandomGenerator) {}

  @differentiable(reverse, wrt: (input, parameters))
  public func callAsFunction(_ input: Tensor<Scalar>, parameters: ParameterSet<Scalar>, context: ForwardContext) -> Tensor<Scalar> {
    switch kind {
    case .identity: return input
    case .relu: return relu(input)
    case .gelu: return gelu(input)
    case .tanh: return RegulaCore.tanh(input)
    case .sigmoid: return sigmoid(input)
    case .softplus: return softplus(input)
    }
  }
}
