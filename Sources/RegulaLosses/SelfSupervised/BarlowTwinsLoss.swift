import _Differentiation

/// How Barlow Twins standardises each embedding dimension over the batch.
public enum BarlowTwinsStandardization: Sendable, Equatable {
  /// (z − mean)/std with the unbiased (n − 1) std, as in wgcban/mix-bt. Identical, perfectly
  /// decorrelated views then give C_ii = (n − 1)/n.
  case unbiased
  /// (z − mean)/√(var + ε) with the biased variance, as BatchNorm in
  /// facebookresearch/barlowtwins (ε = 1e-5 there). With ε = 0, identical decorrelated views
  /// give C = I exactly.
  case biased(epsilon: Double = 0)
}

/// The Barlow Twins objective of a cross-correlation matrix C [D, D]:
///
///     L = Σᵢ (1 − Cᵢᵢ)² + λ·Σ_{i≠j} Cᵢⱼ²
///
/// It is 0 exactly at C = I. Differentiable with respect to C.
///
/// - Parameters:
///   - lambda: λ. Default `0.005` (mix-bt; the paper uses 0.0051).
@differentiable(reverse, wrt: crossCorrelation)
public func barlowTwinsLoss<S: TensorScalar>(crossCorrelation: Tensor<S>, lambda: Double = 0.005) -> Tensor<S> {
  precondition(crossCorrelation.rank == 2 && crossCorrelation.shape[0] == crossCorrelation.shape[1], "barlowTwinsLoss: cross-correlation must be [D, D], got \(crossCorrelation.shape)")
  let identity = withoutDerivative(at: Tensor<S>.oneHot(Array(0..<crossCorrelation.shape[0]), depth: crossCorrelation.shape[0]))
  let onDiagonal = square((1 - crossCorrelation) * identity).sum()
  let offDiagonal = square(crossCorrelation * (1 - identity)).sum()
  return onDiagonal + S(lambda) * offDiagonal
}

/// Barlow Twins: redundancy reduction between the embeddings of two views of a batch.
///
///     z̃ = standardise(z) per dimension over the batch;   C = z̃_Aᵀ z̃_B / N
///     L = Σᵢ (1 − Cᵢᵢ)² + λ·Σ_{i≠j} Cᵢⱼ²
///
/// - Parameters:
///   - viewA, viewB: [N, D] embeddings (projector outputs), N ≥ 2.
///   - lambda: λ. Default `0.005`.
///   - standardization: Default `.unbiased` (the catalog's reference, wgcban/mix-bt).
/// - Returns: a rank-0 loss: the objective is a batch statistic, so there is no
///   per-example value, reduction or mask.
/// - SeeAlso: Zbontar et al., "Barlow Twins: Self-Supervised Learning via Redundancy
///   Reduction", ICML 2021.
@differentiable(reverse, wrt: (viewA, viewB))
public func barlowTwinsLoss<S: TensorScalar>(
  viewA: Tensor<S>, viewB: Tensor<S>, lambda: Double = 0.005, standardization: BarlowTwinsStandardization = .unbiased
) -> Tensor<S> {
  checkSameShape(viewA, "view A", viewB, "view B", in: "barlowTwinsLoss")
  precondition(viewA.rank == 2 && viewA.shape[0] >= 2, "barlowTwinsLoss: embeddings must be [N, D] with N ≥ 2, got \(viewA.shape)")
  let a = standardizedColumns(viewA, standardization)
  let b = standardizedColumns(viewB, standardization)
  return barlowTwinsLoss(crossCorrelation: crossCorrelation(a, b), lambda: lambda)
}

/// Mixed Barlow Twins: Barlow Twins plus a MixUp regulariser that asks the embedding of
/// mixed inputs x_m = α·x₁ + (1 − α)·x₂[π] to correlate with the views as the mixture of their
/// correlations would.
///
///     C_{m,1} = z̃_mᵀ z̃₁/N,   C*_{m,1} = α·z̃₁ᵀz̃₁/N + (1 − α)·z̃₂[π]ᵀz̃₁/N
///     C_{m,2} = z̃_mᵀ z̃₂/N,   C*_{m,2} = α·z̃₁ᵀz̃₂/N + (1 − α)·z̃₂[π]ᵀz̃₂/N
///     L = L_BT + s·λ·(‖C_{m,1} − C*_{m,1}‖²_F + ‖C_{m,2} − C*_{m,2}‖²_F)
///
/// The targets are not detached (as in the reference code).
///
/// - Parameters:
///   - viewA, viewB: [N, D] embeddings z₁, z₂ of the two views.
///   - mixed: [N, D] embeddings z_m of the mixed inputs.
///   - mixingCoefficient: α in [0, 1] used to mix (drawn from Beta(1, 1) in the paper).
///   - permutation: π, the batch permutation used to mix (N distinct indices).
///   - lambda: λ. Default `0.005`.
///   - mixScale: s. Default `5`.
/// - SeeAlso: Bandara et al., "Guarding Barlow Twins Against Overfitting with Mixed
///   Samples", 2023 (wgcban/mix-bt).
@differentiable(reverse, wrt: (viewA, viewB, mixed))
public func mixedBarlowTwinsLoss<S: TensorScalar>(
  viewA: Tensor<S>, viewB: Tensor<S>, mixed: Tensor<S>, mixingCoefficient: Double, permutation: [Int],
  lambda: Double = 0.005, mixScale: Double = 5, standardization: BarlowTwinsStandardization = .unbiased
) -> Tensor<S> {
  checkSameShape(viewA, "view A", viewB, "view B", in: "mixedBarlowTwinsLoss")
  checkSameShape(viewA, "view A", mixed, "mixed", in: "mixedBarlowTwinsLoss")
  precondition(viewA.rank == 2 && viewA.shape[0] >= 2, "mixedBarlowTwinsLoss: embeddings must be [N, D] with N ≥ 2, got \(viewA.shape)")
  precondition(permutation.sorted() == Array(0..<viewA.shape[0]), "mixedBarlowTwinsLoss: permutation of \(permutation.count) indices is not a permutation of 0..<\(viewA.shape[0])")
  precondition(mixingCoefficient >= 0 && mixingCoefficient <= 1, "mixedBarlowTwinsLoss: mixingCoefficient must be in [0, 1], got \(mixingCoefficient)")
  let a = standardizedColumns(viewA, standardization)
  let b = standardizedColumns(viewB, standardization)
  let m = standardizedColumns(mixed, standardization)
  let bPermuted = b.gathering(atIndices: permutation)
  let alpha = S(mixingCoefficient)
  let cm1 = crossCorrelation(m, a)
  let target1 = alpha * crossCorrelation(a, a) + (1 - alpha) * crossCorrelation(bPermuted, a)
  let cm2 = crossCorrelation(m, b)
  let target2 = alpha * crossCorrelation(a, b) + (1 - alpha) * crossCorrelation(bPermuted, b)
  let mix = square(cm1 - target1).sum() + square(cm2 - target2).sum()
  return barlowTwinsLoss(crossCorrelation: crossCorrelation(a, b), lambda: lambda) + S(mixScale * lambda) * mix
}

/// xᵀy / N for [N, D] tensors.
@differentiable(reverse)
@usableFromInline func crossCorrelation<S: TensorScalar>(_ x: Tensor<S>, _ y: Tensor<S>) -> Tensor<S> {
  matmul(x, transposed: true, y, transposed: false) / S(withoutDerivative(at: x.shape[0]))
}

@differentiable(reverse, wrt: z)
@usableFromInline func standardizedColumns<S: TensorScalar>(_ z: Tensor<S>, _ standardization: BarlowTwinsStandardization) -> Tensor<S> {
  let centered = z - z.mean(alongAxes: [0], keepingDimensions: true)
  let variance = square(centered).mean(alongAxes: [0], keepingDimensions: true)
  switch standardization {
  case .unbiased:
    let n = S(withoutDerivative(at: z.shape[0]))
    return centered / sqrt(variance * (n / (n - 1)))
  case .biased(let epsilon):
    return centered / sqrt(variance + S(epsilon))
  }
}
