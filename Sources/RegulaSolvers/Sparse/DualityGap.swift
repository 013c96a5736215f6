import RegulaPenalties

/// The duality gap of min_w (1/2n)‖y − Xw‖² + Σⱼ gⱼ(wⱼ) for a convex separable penalty.
///
/// The dual point is the residual r = y − Xw scaled into the dual domain,
/// θ = s·r with s = minⱼ dualScaleⱼ(x_jᵀr/n), and
///
///     D(θ) = θᵀy/n − ‖θ‖²/(2n) − Σⱼ gⱼ*(x_jᵀθ/n),   gap = P(w) − D(θ) ≥ 0.
///
/// For the Lasso this is the gap of scikit-learn, skglm and celer (θ = r·min(1, nα/‖Xᵀr‖_∞)).
///
/// - Note: unpenalized coordinates (a weight of 0) are left out of the scaling and the
///   conjugate sum; their constraint x_jᵀθ = 0 holds up to their KKT violation, which the
///   working sets drive to 0. With such coordinates the gap is exact only at convergence.
/// - Returns: the gap and the scale s of the dual point θ = s·r.
/// - Parameter gradient: ∇f(w) = −Xᵀr/n, so that x_jᵀr/n = −∇ⱼf.
/// - Complexity: O(p) given ∇f, rᵀy and ‖r‖².
func dualityGap<P: ConvexSeparablePenalty>(
  penalty: P, primal: Double, gradient: UnsafePointer<Double>, featureCount p: Int, rowCount n: Int,
  residualDotTarget ry: Double, residualSquaredNorm rr: Double
) -> (gap: Double, scale: Double) {
  let invN = 1 / Double(n)
  var scale = 1.0
  for j in 0..<p where penalty.isPenalized(coordinate: j) {
    scale = Swift.min(scale, penalty.dualScale(-gradient[j], coordinate: j))
  }
  var dual = scale * ry * invN - 0.5 * scale * scale * rr * invN
  for j in 0..<p where penalty.isPenalized(coordinate: j) {
    dual -= penalty.conjugate(-scale * gradient[j], coordinate: j)
  }
  return (primal - dual, scale)
}
