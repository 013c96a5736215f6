import Foundation

/// The loss ℓ(yᵢ, zᵢ) of one sample at its linear predictor zᵢ = xᵢᵀw + b, with its first
/// two derivatives in z: the building block of ``PointwiseDatafit``.
protocol SampleLoss: Sendable {
  /// ℓ(y, z).
  func value(_ y: Double, _ z: Double) -> Double
  /// ∂ℓ/∂z.
  func derivative(_ y: Double, _ z: Double) -> Double
  /// ∂²ℓ/∂z² (a generalized second derivative where ℓ′ has kinks).
  func secondDerivative(_ y: Double, _ z: Double) -> Double
  /// sup_z ∂²ℓ/∂z², the curvature bound that makes coordinate descent's steps safe;
  /// `.infinity` when ℓ′ is not Lipschitz (Poisson), which rules coordinate descent out.
  var curvatureBound: Double { get }
  /// The best constant predictor b for targets `y` with weights `s` (summing to n), the
  /// intercept at w = 0 that the tolerances are relative to.
  func bestConstant(_ y: [Double], weights s: [Double]) -> Double
}

/// The Huber loss of the residual y − z (skglm's `Huber`):
///
///     ℓ(y, z) = ½(y − z)²             for |y − z| ≤ δ
///             = δ|y − z| − ½δ²         otherwise
///
/// quadratic near 0 and linear in the tails, so that outliers pull the fit with a bounded
/// force δ. Curvature bound 1.
///
/// - SeeAlso: P. J. Huber, "Robust Estimation of a Location Parameter", 1964.
struct HuberSampleLoss: SampleLoss {
  /// δ > 0, where the loss turns from quadratic to linear.
  let delta: Double

  @inline(__always)
  func value(_ y: Double, _ z: Double) -> Double {
    let r = abs(y - z)
    return r <= delta ? 0.5 * r * r : delta * (r - 0.5 * delta)
  }

  @inline(__always)
  func derivative(_ y: Double, _ z: Double) -> Double {
    let r = y - z
    return r > delta ? -delta : r < -delta ? delta : -r
  }

  @inline(__always)
  func secondDerivative(_ y: Double, _ z: Double) -> Double { abs(y - z) <= delta ? 1 : 0 }

  var curvatureBound: Double { 1 }

  /// 0: Huber's best constant has no closed form; the tolerance is relative to ∇f(0).
  func bestConstant(_ y: [Double], weights s: [Double]) -> Double { 0 }
}

/// The Poisson negative log-likelihood with log link, up to terms in y only (skglm's
/// `Poisson`): ℓ(y, z) = exp(z) − yz, for counts y ≥ 0 with mean exp(z).
/// Unbounded curvature exp(z): fitted by proximal Newton.
struct PoissonSampleLoss: SampleLoss {
  @inline(__always)
  func value(_ y: Double, _ z: Double) -> Double { Foundation.exp(z) - y * z }

  @inline(__always)
  func derivative(_ y: Double, _ z: Double) -> Double { Foundation.exp(z) - y }

  @inline(__always)
  func secondDerivative(_ y: Double, _ z: Double) -> Double { Foundation.exp(z) }

  var curvatureBound: Double { .infinity }

  /// log(ȳ), the weighted mean's log (−∞ … clamped to log(1e-300) for all-zero counts).
  func bestConstant(_ y: [Double], weights s: [Double]) -> Double {
    var mean = 0.0
    for i in y.indices { mean += s[i] * y[i] }
    return Foundation.log(max(mean / Double(y.count), 1e-300))
  }
}

/// The logistic loss for labels y ∈ {−1, +1} (skglm's `Logistic`):
/// ℓ(y, z) = log(1 + exp(−yz)), computed without overflow. Curvature bound ¼.
struct LogisticSampleLoss: SampleLoss {
  @inline(__always)
  func value(_ y: Double, _ z: Double) -> Double {
    let m = -y * z
    return max(m, 0) + Foundation.log1p(Foundation.exp(-abs(m)))
  }

  @inline(__always)
  func derivative(_ y: Double, _ z: Double) -> Double { -y / (1 + Foundation.exp(y * z)) }

  @inline(__always)
  func secondDerivative(_ y: Double, _ z: Double) -> Double {
    let e = Foundation.exp(-abs(z))
    return e / ((1 + e) * (1 + e))
  }

  var curvatureBound: Double { 0.25 }

  /// log(Σ_{y=+1} s / Σ_{y=−1} s).
  func bestConstant(_ y: [Double], weights s: [Double]) -> Double {
    var positive = 0.0, negative = 0.0
    for i in y.indices { if y[i] > 0 { positive += s[i] } else { negative += s[i] } }
    return Foundation.log(positive / negative)
  }
}
