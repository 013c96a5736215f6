/// The soft-thresholding operator S_τ(x) = sign(x)·max(|x| − τ, 0), the proximal operator of
/// τ|·|.
///
/// - Parameter threshold: τ ≥ 0.
@inlinable
public func softThreshold(_ x: Double, _ threshold: Double) -> Double {
  if x > threshold { return x - threshold }
  if x < -threshold { return x + threshold }
  return 0
}

/// The block soft-thresholding operator v·max(0, 1 − τ/‖v‖₂), the proximal operator of
/// τ‖·‖₂, applied in place (0 stays 0).
///
/// - Parameter threshold: τ ≥ 0.
@inlinable
public func blockSoftThreshold(_ v: inout [Double], _ threshold: Double) {
  var squared = 0.0
  for x in v { squared += x * x }
  let norm = squared.squareRoot()
  let scale = norm > threshold ? 1 - threshold / norm : 0
  for i in v.indices { v[i] *= scale }
}
