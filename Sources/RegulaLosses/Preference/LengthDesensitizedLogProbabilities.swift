import _Differentiation

/// LD-DPO's sequence log-probabilities: the tokens up to the length both completions of a
/// pair share count fully, the rest of the longer completion's tokens count α times,
///
///     log π̃(y) = Σ_{t < ℓ_shared} log π(y_t) + α·Σ_{ℓ_shared ≤ t < |y|} log π(y_t)
///
/// with ℓ_shared = min(|y_w|, |y_l|). Feed the results to ``PreferenceBatch`` in place of
/// the plain sums (for policy and reference alike) to desensitise DPO to length.
///
/// - Parameters:
///   - tokenLogProbabilities: [n, T] per-token log-probabilities of one side (chosen or
///     rejected), padded after each completion's length.
///   - lengths: n token counts of this side, each ≤ T.
///   - sharedLengths: n shared lengths min(|y_w|, |y_l|).
///   - alpha: α in [0, 1]; 1 is plain DPO.
/// - Returns: [n].
/// - SeeAlso: Liu et al., "Length Desensitization in Direct Preference Optimization", 2024;
///   TRL's `ld_alpha`.
@differentiable(reverse, wrt: tokenLogProbabilities)
public func lengthDesensitizedLogProbabilities<S: TensorScalar>(
  tokenLogProbabilities: Tensor<S>, lengths: [Int], sharedLengths: [Int], alpha: Double
) -> Tensor<S> {
  let shape = withoutDerivative(at: tokenLogProbabilities.shape)
  precondition(shape.count == 2 && shape[0] > 0, "lengthDesensitizedLogProbabilities: token log-probabilities must be [n, T] with n ≥ 1, got \(shape)")
  precondition(lengths.count == shape[0] && sharedLengths.count == shape[0], "lengthDesensitizedLogProbabilities: \(lengths.count) lengths and \(sharedLengths.count) shared lengths for \(shape[0]) completions")
  precondition(alpha >= 0 && alpha <= 1, "lengthDesensitizedLogProbabilities: alpha must be in [0, 1], got \(alpha)")
  let weights = withoutDerivative(at: ldWeights(lengths: lengths, sharedLengths: sharedLengths, steps: shape[1], alpha: S(alpha)))
  return (tokenLogProbabilities * weights).sum(alongAxes: [1])
}

@_specialize(where S == Float) @_specialize(where S == Double)
@usableFromInline func ldWeights<S: TensorScalar>(lengths: [Int], sharedLengths: [Int], steps: Int, alpha: S) -> Tensor<S> {
  var weights = [S](repeating: 0, count: lengths.count * steps)
  for (row, (length, shared)) in zip(lengths, sharedLengths).enumerated() {
    precondition(length >= 0 && length <= steps && shared >= 0 && shared <= length, "lengthDesensitizedLogProbabilities: row \(row) has length \(length), shared length \(shared) for \(steps) steps")
    for t in 0..<length { weights[row * steps + t] = t < shared ? 1 : alpha }
  }
  return Tensor(shape: [lengths.count, steps], scalars: weights)
}
