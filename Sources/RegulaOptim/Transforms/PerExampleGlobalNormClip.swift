/// Clips each example's gradient to global ℓ2 norm at most `maxNorm` and sums them
/// (Optax's `per_example_global_norm_clip`): the aggregation of DP-SGD.
///
///     cᵢ = min(maxNorm/‖gᵢ‖, 1)  (1 when ‖gᵢ‖ = 0);   sum = Σᵢ cᵢ·gᵢ;   clipped = #{i : cᵢ < 1}
///
/// ‖gᵢ‖ is the norm over all of example i's tensors, accumulated in Double.
///
/// - Parameter gradients: one gradient per example, all with the same paths and shapes
///   (not empty).
/// - Parameter maxNorm: the clipping norm, positive.
/// - Returns: the sum of the clipped gradients and the number of examples that were clipped.
/// - SeeAlso: "Deep Learning with Differential Privacy", Abadi et al., CCS 2016.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func perExampleGlobalNormClip<Scalar: TensorScalar>(
  _ gradients: [ParameterSet<Scalar>], maxNorm: Double
) -> (sum: ParameterSet<Scalar>, clippedCount: Int) {
  precondition(!gradients.isEmpty, "perExampleGlobalNormClip needs at least one example's gradient")
  precondition(maxNorm > 0, "maxNorm must be positive, got \(maxNorm)")
  var sum = gradients[0].zeros()
  var clipped = 0
  for (e, g) in gradients.enumerated() {
    precondition(g.paths == sum.paths, "example \(e): paths \(g.paths) differ from example 0's \(sum.paths)")
    let norm = g.globalSquaredNorm().squareRoot()
    let factor = norm > 0 ? min(maxNorm / norm, 1) : 1
    if factor < 1 { clipped += 1 }
    let c = Scalar(factor)
    for i in 0..<sum.count {
      precondition(g.tensors[i].shape == sum.tensors[i].shape,
        "example \(e), \(g.paths[i]): shape \(g.tensors[i].shape) differs from example 0's \(sum.tensors[i].shape)")
      g.withReadBuffer(at: i) { x in
        sum.withBuffer(at: i) { s in for j in s.indices { s[j] += c * x[j] } }
      }
    }
  }
  return (sum, clipped)
}
