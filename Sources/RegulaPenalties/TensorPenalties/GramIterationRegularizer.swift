import _Differentiation

/// The Gram-iteration upper bound on a matrix's spectral norm as a penalty,
/// R(W) = ``gramIterationBound(_:iterations:)``(W) ≥ σ₁(W): a certified Lipschitz bound of a
/// dense layer, differentiable through its n Gram steps.
///
/// - Parameter iterations: n ≥ 0. Default 5.
/// - SeeAlso: B. Delattre et al., "Efficient Bound of Lipschitz Constant for Convolutional
///   Layers by Gram Iteration", ICML 2023.
public struct GramIterationRegularizer<Scalar: TensorScalar>: TensorPenalty {
  public var iterations: Int

  /// - Precondition: `iterations` ≥ 0.
  public init(iterations: Int = 5) {
    precondition(iterations >= 0, "Gram iteration needs iterations ≥ 0, got \(iterations)")
    self.iterations = iterations
  }

  public func rankError(forShape shape: [Int]) -> String? { requireMatrix(shape) }

  @differentiable(reverse)
  public func callAsFunction(_ w: Tensor<Scalar>) -> Tensor<Scalar> { gramIterationBound(w, iterations: iterations) }
}
