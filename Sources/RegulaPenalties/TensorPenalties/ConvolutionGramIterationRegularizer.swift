import _Differentiation

/// The Gram-iteration bound on the spectral norm of a 2-D convolution (circular padding) as
/// a penalty: R(K) = ``convolutionGramIterationBound(_:inputSize:iterations:)``(K), a
/// certified Lipschitz bound of a convolution layer, differentiable in the kernel.
///
/// - Parameters:
///   - inputSize: N, the input side. Default 32.
///   - iterations: n ≥ 0. Default 5.
/// - SeeAlso: B. Delattre et al., "Efficient Bound of Lipschitz Constant for Convolutional
///   Layers by Gram Iteration", ICML 2023.
public struct ConvolutionGramIterationRegularizer<Scalar: TensorScalar>: TensorPenalty {
  public var inputSize: Int
  public var iterations: Int

  /// - Precondition: `inputSize` ≥ 1, `iterations` ≥ 0.
  public init(inputSize: Int = 32, iterations: Int = 5) {
    precondition(inputSize >= 1 && iterations >= 0, "need inputSize ≥ 1 and iterations ≥ 0, got \(inputSize), \(iterations)")
    (self.inputSize, self.iterations) = (inputSize, iterations)
  }

  public func rankError(forShape shape: [Int]) -> String? {
    guard shape.count == 4 else { return "needs a convolution kernel [c_out, c_in, k, k] (rank 4), got shape \(shape)" }
    return shape[2] <= inputSize && shape[3] <= inputSize ? nil : "has a kernel larger than the \(inputSize)×\(inputSize) input"
  }

  @differentiable(reverse)
  public func callAsFunction(_ w: Tensor<Scalar>) -> Tensor<Scalar> {
    convolutionGramIterationBound(w, inputSize: inputSize, iterations: iterations)
  }
}
