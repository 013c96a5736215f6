import _Differentiation

/// Binary sparsemax loss (Optax's `sparsemax_loss`), the Fenchel–Young loss of the sparse
/// sigmoid: ℓᵢ = sparseplus(zᵢ · (1 − 2yᵢ)), where
///
///     sparseplus(x) = 0 (x ≤ −1),  (x + 1)²/4 (−1 < x < 1),  x (x ≥ 1).
///
/// - Parameters:
///   - logits: [n] (or [n, d…], summed per example).
///   - labels: the same shape, each 0 or 1 (checked).
/// - SeeAlso: Blondel, Martins & Niculae, "Learning with Fenchel-Young Losses", JMLR 2020.
@differentiable(reverse, wrt: logits)
public func sparsemaxLoss<S: TensorScalar>(
  logits: Tensor<S>, labels: Tensor<S>, reduction: Reduction = .mean, mask: Tensor<S>? = nil
) -> Tensor<S> {
  checkSameShape(logits, "logits", labels, "labels", in: "sparsemaxLoss")
  checkNonEmpty(logits, "logits", in: "sparsemaxLoss")
  checkBinaryLabels(labels, in: "sparsemaxLoss")
  let x = logits * withoutDerivative(at: 1 - 2 * labels)
  let inner = x.clamped(to: -1...1) + 1
  let elementwise = inner * inner / 4 + relu(x - 1)
  return reduction.apply(sumOverNonBatchAxes(elementwise), mask: mask)
}

/// Multiclass sparsemax loss (Optax's `multiclass_sparsemax_loss`).
///
///     p = sparsemax(z) = argmin_{q ∈ Δ} ‖q − z‖²,   ℓ = ⟨p, z⟩ − z_y + ½(1 − ‖p‖²)
///
/// Equivalently, with τ solving Σⱼ max(zⱼ − τ, 0) = 1 and S = {j : zⱼ > τ},
/// ℓ = −z_y + ½Σ_{j∈S}(zⱼ² − τ²) + ½. The gradient is p − onehot(y) (registered directly).
///
/// - Parameters:
///   - scores: [n, K].
///   - labels: n class indices in 0..<K.
/// - Complexity: O(n·K log K) (a sort per row).
/// - SeeAlso: Martins & Astudillo, "From Softmax to Sparsemax: A Sparse Model of Attention
///   and Multi-Label Classification", ICML 2016.
@differentiable(reverse, wrt: scores)
public func multiclassSparsemaxLoss<S: TensorScalar>(
  scores: Tensor<S>, labels: [Int], reduction: Reduction = .mean, mask: Tensor<S>? = nil
) -> Tensor<S> {
  checkClassification(scores, labels, in: "multiclassSparsemaxLoss")
  return reduction.apply(multiclassSparsemaxPerExample(scores, labels: labels), mask: mask)
}

/// The Euclidean projection of each row of an [n, K] tensor onto the probability simplex.
@_specialize(where S == Float) @_specialize(where S == Double)
@usableFromInline func sparsemaxRows<S: TensorScalar>(_ z: Tensor<S>) -> Tensor<S> {
  let (rows, k) = (z.shape[0], z.shape[1])
  var out = [S](repeating: 0, count: rows * k)
  for r in 0..<rows {
    let row = Array(z.scalars[(r * k)..<(r * k + k)])
    let sorted = row.sorted(by: >)
    var cumulative: S = 0, tau: S = 0
    for (j, value) in sorted.enumerated() {
      cumulative += value
      let candidate = (cumulative - 1) / S(j + 1)
      if value > candidate { tau = candidate }
    }
    for j in 0..<k { out[r * k + j] = Swift.max(row[j] - tau, 0) }
  }
  return Tensor(shape: z.shape, scalars: out)
}

@_specialize(where S == Float) @_specialize(where S == Double)
@differentiable(reverse, wrt: scores)
@usableFromInline func multiclassSparsemaxPerExample<S: TensorScalar>(_ scores: Tensor<S>, labels: [Int]) -> Tensor<S> {
  multiclassSparsemaxValue(scores, labels: labels, probabilities: sparsemaxRows(scores))
}

@_specialize(where S == Float) @_specialize(where S == Double)
@usableFromInline func multiclassSparsemaxValue<S: TensorScalar>(
  _ scores: Tensor<S>, labels: [Int], probabilities p: Tensor<S>
) -> Tensor<S> {
  let k = scores.shape[1]
  var out = [S](repeating: 0, count: labels.count)
  for (r, label) in labels.enumerated() {
    var dot: S = 0, squares: S = 0
    for j in 0..<k where p.scalars[r * k + j] > 0 {
      let pj = p.scalars[r * k + j]
      dot += pj * (scores.scalars[r * k + j] - scores.scalars[r * k + label])
      squares += pj * pj
    }
    out[r] = dot + (1 - squares) / 2
  }
  return Tensor(out)
}

@_specialize(where S == Float) @_specialize(where S == Double)
@derivative(of: multiclassSparsemaxPerExample, wrt: scores)
@usableFromInline func _vjpMulticlassSparsemaxPerExample<S: TensorScalar>(_ scores: Tensor<S>, labels: [Int])
  -> (value: Tensor<S>, pullback: (Tensor<S>) -> Tensor<S>)
{
  let p = sparsemaxRows(scores)
  let direction = p - Tensor<S>.oneHot(labels, depth: scores.shape[1])
  return (
    multiclassSparsemaxValue(scores, labels: labels, probabilities: p),
    { g in direction * g.reshaped(to: [-1, 1]) }
  )
}
