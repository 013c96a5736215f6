import _Differentiation

/// The fused lasso / 1-D total variation of a vector, or of each column of a matrix along
/// its rows: R(W) = Σₖ ‖Wₖ₊₁ − Wₖ‖₁, which makes consecutive rows (e.g. the coefficients
/// of consecutive thresholds or time steps) equal.
///
///     prox_{sR}: exact 1-D TV denoising of each sequence (``totalVariationDenoised(_:lambda:)``)
///
/// - SeeAlso: R. Tibshirani et al., "Sparsity and Smoothness via the Fused Lasso", JRSS B
///   2005; "Predicting Rare Events by Shrinking Towards Proportional Odds" (PRESTO) for the
///   fused penalty across thresholds.
public struct FusedL1Regularizer<Scalar: TensorScalar>: ProximalTensorPenalty {
  public init() {}

  public func rankError(forShape shape: [Int]) -> String? {
    shape.count == 1 || shape.count == 2 ? nil : "needs a vector or a matrix (rank 1 or 2), got shape \(shape)"
  }

  @differentiable(reverse)
  public func callAsFunction(_ w: Tensor<Scalar>) -> Tensor<Scalar> {
    let n = withoutDerivative(at: w.shape[0])
    if n < 2 { return Tensor<Scalar>(0) }
    return abs(w.slice(alongAxis: 0, 1..<n) - w.slice(alongAxis: 0, 0..<(n - 1))).sum()
  }

  public func prox(_ v: Tensor<Scalar>, stepSize: Double) -> Tensor<Scalar> {
    precondition(v.rank == 1 || v.rank == 2, "fused L1 prox needs a vector or a matrix, got shape \(v.shape)")
    let n = v.shape[0], columns = v.rank == 2 ? v.shape[1] : 1
    var x = v.scalars
    for j in 0..<columns {
      let sequence = (0..<n).map { Double(x[$0 * columns + j]) }
      let denoised = totalVariationDenoised(sequence, lambda: stepSize)
      for i in 0..<n { x[i * columns + j] = Scalar(denoised[i]) }
    }
    return Tensor(shape: v.shape, scalars: x)
  }
}
