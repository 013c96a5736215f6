import Foundation
import _Differentiation

/// Kullback–Leibler divergence KL(t ‖ p) of targets from predictions given as
/// log-probabilities (Optax's `kl_divergence`).
///
///     ℓᵢ = Σₖ tᵢₖ (log tᵢₖ − log pᵢₖ),   with 0·log 0 = 0
///
/// - Parameters:
///   - logPredictions: [n, K] log-probabilities (e.g. `logSoftmax(logits)`).
///   - targets: [n, K] probabilities.
@differentiable(reverse, wrt: logPredictions)
public func klDivergence<S: TensorScalar>(
  logPredictions: Tensor<S>, targets: Tensor<S>, reduction: Reduction = .mean, mask: Tensor<S>? = nil
) -> Tensor<S> {
  checkSameShape(logPredictions, "log-predictions", targets, "targets", in: "klDivergence")
  checkNonEmpty(logPredictions, "log-predictions", in: "klDivergence")
  let logTargets = withoutDerivative(at: logOrZero(targets))
  return reduction.apply(sumOverNonBatchAxes(targets * (logTargets - logPredictions)), mask: mask)
}

/// log t where t > 0 and 0 elsewhere, so that 0·log 0 = 0 (not differentiable).
@_specialize(where S == Float) @_specialize(where S == Double)
@usableFromInline func logOrZero<S: TensorScalar>(_ t: Tensor<S>) -> Tensor<S> { t.map { $0 > 0 ? S.log($0) : 0 } }

/// Kullback–Leibler divergence KL(t ‖ p) with both sides given as log-probabilities
/// (Optax's `kl_divergence_with_log_targets`): ℓᵢ = Σₖ exp(log tᵢₖ)(log tᵢₖ − log pᵢₖ).
/// Differentiable with respect to both arguments.
@differentiable(reverse, wrt: (logPredictions, logTargets))
public func klDivergence<S: TensorScalar>(
  logPredictions: Tensor<S>, logTargets: Tensor<S>, reduction: Reduction = .mean, mask: Tensor<S>? = nil
) -> Tensor<S> {
  checkSameShape(logPredictions, "log-predictions", logTargets, "log-targets", in: "klDivergence")
  checkNonEmpty(logPredictions, "log-predictions", in: "klDivergence")
  return reduction.apply(sumOverNonBatchAxes(exp(logTargets) * (logTargets - logPredictions)), mask: mask)
}
