import _Differentiation

/// A fully connected layer: y = x·W + b.
///
/// Parameters: `name.weight` of shape [inputSize, outputSize] and, with `useBias`,
/// `name.bias` of shape [outputSize]. The input may have any leading axes; the last one
/// must be `inputSize`.
///
/// - Parameter weightInitializer: Default `.glorotUniform` (Keras's default).
/// - Parameter biasInitializer: Default `.zeros`.
public struct Dense<Scalar: TensorScalar>: NamedLayer {
  public var inputSize: Int
  public var outputSize: Int
  public var useBias: Bool
  public var weightInitializer: Initializer
  public var biasInitializer: Initializer
  public var name: String
  public static var defaultNameStem: String { "dense" }

  public init(
    inputSize: Int, outputSize: Int, useBias: Bool = true, weightInitializer: Initializer = .glorotUniform,
    biasInitializer: Initializer = .zeros, name: String = ""
  ) {
    precondition(inputSize > 0 && outputSize > 0, "Dense sizes must be positive, got \(inputSize)→\(outputSize)")
    (self.inputSize, self.outputSize, self.useBias) = (inputSize, outputSize, useBias)
    (self.weightInitializer, self.biasInitializer, self.name) = (weightInitializer, biasInitializer, name)
  }

  public func initializeParameters(into parameters: inout ParameterSet<Scalar>, using rng: inout RandomGenerator) {
    parameters[path("weight")] = weightInitializer.makeTensor(shape: [inputSize, outputSize], using: &rng)
    if useBias { parameters[path("bias")] = biasInitializer.makeTensor(shape: [outputSize], using: &rng) }
  }

  @differentiable(reverse, wrt: (input, parameters))
  public func callAsFunction(_ input: Tensor<Scalar>, parameters: ParameterSet<Scalar>, context: ForwardContext) -> Tensor<Scalar> {
    let y = matmul(input, parameters[path("weight")])
    return useBias ? y + parameters[path("bias")] : y
  }
}
