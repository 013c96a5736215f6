import _Differentiation

/// The FLOPs regularizer of a batch of activations A ∈ ℝ^{N×d}:
///
///     F(A) = Σⱼ ((1/N) Σᵢ |aᵢⱼ|)²
///
/// a smooth relaxation of the expected number of multiplications in a sparse×sparse product
/// of two such embeddings; unlike ‖A‖₁ it spreads the non-zeros evenly over the d
/// dimensions. It acts on activations, not parameters: add `λ·FLOPsRegularizer()(a)` to a
/// loss where `a` is a layer's output.
///
/// - SeeAlso: B. Paria et al., "Minimizing FLOPs to Learn Efficient Sparse
///   Representations", ICLR 2020; naver/splade's FLOPS loss.
public struct FLOPsRegularizer<Scalar: TensorScalar>: TensorPenalty {
  public init() {}

  public func rankError(forShape shape: [Int]) -> String? { requireMatrix(shape) }

  @differentiable(reverse)
  public func callAsFunction(_ a: Tensor<Scalar>) -> Tensor<Scalar> {
    square(abs(a).mean(alongAxes: withoutDerivative(at: [0]))).sum()
  }
}
