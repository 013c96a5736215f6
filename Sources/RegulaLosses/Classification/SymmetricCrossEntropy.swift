import Foundation
import _Differentiation

/// Symmetric cross-entropy: α·CE + β·RCE, where the reverse cross-entropy swaps prediction
/// and label and clamps log 0 to A = log(10⁻⁴):
///
///     RCE = −Σₖ pₖ · log clamp(yₖ, 10⁻⁴, 1) = −A·(1 − p_y)
///
/// - Parameters:
///   - logits: [n, K].
///   - labels: n class indices in 0..<K.
///   - alpha: weight of CE. Default `0.1` (the paper's CIFAR-10 setting).
///   - beta: weight of RCE. Default `1`.
/// - SeeAlso: Wang et al., "Symmetric Cross Entropy for Robust Learning with Noisy Labels",
///   ICCV 2019.
/// - Note: The paper's text says A = −4; its official code clamps the one-hot labels at
///   10⁻⁴ before the natural log (A ≈ −9.21). Regula follows the code.
@differentiable(reverse, wrt: logits)
public func symmetricCrossEntropy<S: TensorScalar>(
  logits: Tensor<S>, labels: [Int], alpha: Double = 0.1, beta: Double = 1, reduction: Reduction = .mean,
  mask: Tensor<S>? = nil
) -> Tensor<S> {
  checkClassification(logits, labels, in: "symmetricCrossEntropy")
  let logP = logSoftmax(logits).picking(indices: labels)
  let reverse = S(-Foundation.log(1e-4)) * -expm1(logP)
  return reduction.apply(S(alpha) * -logP + S(beta) * reverse, mask: mask)
}
