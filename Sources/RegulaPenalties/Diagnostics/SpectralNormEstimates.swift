import _Differentiation

/// The largest singular value σ₁(W) of a matrix, exactly, from LAPACK's SVD (values only).
@_specialize(where S == Float) @_specialize(where S == Double)
public func spectralNorm<S: TensorScalar>(_ w: Tensor<S>) -> Double {
  precondition(w.rank == 2, "spectralNorm needs a matrix (rank 2), got shape \(w.shape)")
  return Double(singularValues(w).scalars.first ?? 0)
}

/// σ₁(W) estimated by `iterations` steps of power iteration, a lower bound that converges
/// at the rate (σ₂/σ₁)^(2k):
///
///     v ← Wᵀu/‖Wᵀu‖,  u ← Wv/‖Wv‖,  σ ≈ uᵀWv
///
/// - Parameters:
///   - iterations: power steps. Default 20.
///   - seed: the seed of the random unit start vector. Default 0.
/// - Note: torch's `spectral_norm` and Optax's `power_iteration` keep u between training
///   steps and take one step per call; this function starts afresh each call (it is
///   stateless), so it takes more steps.
/// - SeeAlso: T. Miyato et al., "Spectral Normalization for Generative Adversarial
///   Networks", ICLR 2018.
@_specialize(where S == Float) @_specialize(where S == Double)
public func spectralNormByPowerIteration<S: TensorScalar>(_ w: Tensor<S>, iterations: Int = 20, seed: UInt64 = 0) -> Double {
  let (u, v) = powerIterationVectors(w, iterations: iterations, seed: seed)
  return Double((matmul(u.expandingShape(at: 0), matmul(w, v.expandingShape(at: 1)))).scalars[0])
}

/// The top singular pair (u, v) of `w` by power iteration, unit vectors of lengths m and n.
@_specialize(where S == Float) @_specialize(where S == Double)
func powerIterationVectors<S: TensorScalar>(_ w: Tensor<S>, iterations: Int, seed: UInt64) -> (u: Tensor<S>, v: Tensor<S>) {
  precondition(w.rank == 2, "power iteration needs a matrix (rank 2), got shape \(w.shape)")
  precondition(iterations >= 1, "power iteration needs at least 1 iteration, got \(iterations)")
  var random = RandomGenerator(seed: seed)
  var u = Tensor<S>.randomNormal(shape: [w.shape[0], 1], using: &random)
  var v = Tensor<S>(zeros: [w.shape[1], 1])
  u = normalized(u)
  for _ in 0..<iterations {
    v = normalized(matmul(w, transposed: true, u, transposed: false))
    u = normalized(matmul(w, v))
  }
  return (u.reshaped(to: [w.shape[0]]), v.reshaped(to: [w.shape[1]]))
}

/// x/max(‖x‖, 1e-12) (the ε of torch's `normalize`).
func normalized<S: TensorScalar>(_ x: Tensor<S>) -> Tensor<S> {
  x / S(Swift.max(Double(x.l2Norm().scalar), 1e-12))
}

/// A certified upper bound on σ₁(W) by Gram iteration: with G₀ = W (transposed so that
/// rows ≥ columns) and r₀ = 0, repeat n times
///
///     r ← 2(r + log‖G‖_F),  G ← G/‖G‖_F,  G ← GᵀG,
///
/// then σ₁(W) ≤ ‖G‖_F^(1/2ⁿ)·exp(r/2ⁿ). The bound never falls below σ₁, decreases with n
/// and converges superlinearly; the rescaling avoids overflow. n = 0 gives ‖W‖_F.
///
/// Differentiable in `w` (composed of Core's ops), so it also serves as a regularizer
/// (``GramIterationRegularizer``).
///
/// - Parameter iterations: n ≥ 0. Default 5.
/// - SeeAlso: B. Delattre, Q. Barthélemy, A. Araujo & A. Allauzen, "Efficient Bound of
///   Lipschitz Constant for Convolutional Layers by Gram Iteration", ICML 2023
///   (blaisedelattre/lip4conv).
@differentiable(reverse, wrt: w)
public func gramIterationBound<S: TensorScalar>(_ w: Tensor<S>, iterations: Int = 5) -> Tensor<S> {
  precondition(w.rank == 2, "Gram iteration needs a matrix (rank 2), got shape \(w.shape)")
  precondition(iterations >= 0, "Gram iteration needs iterations ≥ 0, got \(iterations)")
  let wide = withoutDerivative(at: w.shape[0] < w.shape[1])
  var g = wide ? w.transposed() : w
  var r = Tensor<S>(0)
  for _ in 0..<withoutDerivative(at: iterations) {
    let norm = g.frobeniusNorm()
    r = (r + log(norm)) * S(2)
    g = g / norm
    g = matmul(g, transposed: true, g, transposed: false)
  }
  let power = withoutDerivative(at: S(Double.pow2(iterations)))
  return exp((log(g.frobeniusNorm()) + r) / power)
}

extension Double {
  /// 2ⁿ.
  static func pow2(_ n: Int) -> Double { Double(sign: .plus, exponent: n, significand: 1) }
}
