import _Differentiation

/// Binary hinge loss (Optax's `hinge_loss`): ℓᵢ = max(0, 1 − yᵢ·fᵢ).
///
/// - Parameters:
///   - scores: [n] decision values f.
///   - targets: [n] labels in {−1, +1} (checked).
/// - Note: The derivative at the kink is 0 (that of `relu`).
@differentiable(reverse, wrt: scores)
public func hingeLoss<S: TensorScalar>(
  scores: Tensor<S>, targets: Tensor<S>, reduction: Reduction = .mean, mask: Tensor<S>? = nil
) -> Tensor<S> {
  checkSignedTargets(scores, targets, in: "hingeLoss")
  return reduction.apply(sumOverNonBatchAxes(relu(1 - scores * targets)), mask: mask)
}

/// Perceptron loss (Optax's `perceptron_loss`): ℓᵢ = max(0, −yᵢ·fᵢ), targets in {−1, +1}.
@differentiable(reverse, wrt: scores)
public func perceptronLoss<S: TensorScalar>(
  scores: Tensor<S>, targets: Tensor<S>, reduction: Reduction = .mean, mask: Tensor<S>? = nil
) -> Tensor<S> {
  checkSignedTargets(scores, targets, in: "perceptronLoss")
  return reduction.apply(sumOverNonBatchAxes(relu(-scores * targets)), mask: mask)
}

/// Multiclass (Crammer–Singer) hinge loss (Optax's `multiclass_hinge_loss`).
///
///     ℓᵢ = maxₖ (zᵢₖ + 1 − 1[k = yᵢ]) − zᵢ,yᵢ = max(0, 1 + max_{k≠y} zₖ − z_y)
///
/// - Parameters:
///   - scores: [n, K].
///   - labels: n class indices in 0..<K.
/// - SeeAlso: Crammer & Singer, "On the Algorithmic Implementation of Multiclass
///   Kernel-based Vector Machines", JMLR 2001.
/// - Note: At ties the derivative of the max is shared equally (as in JAX).
@differentiable(reverse, wrt: scores)
public func multiclassHingeLoss<S: TensorScalar>(
  scores: Tensor<S>, labels: [Int], reduction: Reduction = .mean, mask: Tensor<S>? = nil
) -> Tensor<S> {
  checkClassification(scores, labels, in: "multiclassHingeLoss")
  let margins = withoutDerivative(at: 1 - Tensor<S>.oneHot(labels, depth: scores.shape[1]))
  let perExample = (scores + margins).max(alongAxes: [1]) - scores.picking(indices: labels)
  return reduction.apply(perExample, mask: mask)
}

/// Multiclass perceptron loss (Optax's `multiclass_perceptron_loss`): ℓᵢ = maxₖ zᵢₖ − zᵢ,yᵢ.
@differentiable(reverse, wrt: scores)
public func multiclassPerceptronLoss<S: TensorScalar>(
  scores: Tensor<S>, labels: [Int], reduction: Reduction = .mean, mask: Tensor<S>? = nil
) -> Tensor<S> {
  checkClassification(scores, labels, in: "multiclassPerceptronLoss")
  let perExample = scores.max(alongAxes: [1]) - scores.picking(indices: labels)
  return reduction.apply(perExample, mask: mask)
}

@usableFromInline func checkSignedTargets<S: TensorScalar>(_ scores: Tensor<S>, _ targets: Tensor<S>, in function: String) {
  checkSameShape(scores, "scores", targets, "targets", in: function)
  checkNonEmpty(scores, "scores", in: function)
  precondition(targets.scalars.allSatisfy { $0 == 1 || $0 == -1 }, "\(function): targets must be −1 or +1")
}
