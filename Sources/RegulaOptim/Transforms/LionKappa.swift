/// The convex function κ whose gradient Lion-κ applies to its interpolated momentum
/// (``ScaleByLion``): Lion is κ = ‖·‖₁, whose gradient is the sign.
///
/// With decoupled weight decay λ > 0, Lion-κ solves min f(θ) + κ*(λθ)/λ (κ* the convex
/// conjugate): for ‖·‖₁, min f(θ) subject to ‖θ‖_∞ ≤ 1/λ; for ‖·‖₂, subject to ‖θ‖₂ ≤ 1/λ
/// per tensor; for Huber, min f(θ) + (δλ/2)‖θ‖² subject to ‖θ‖_∞ ≤ 1/λ.
///
/// - SeeAlso: "Lion Secretly Solves Constrained Optimization: As Lyapunov Predicts", Chen,
///   Liu, Liang & Liu, ICLR 2024.
public enum LionKappa: Sendable, Equatable {
  /// κ(x) = ‖x‖₁, ∇κ(x) = sign(x) (0 at 0): Lion.
  case l1
  /// κ(x) = ‖x‖₂ per tensor, ∇κ(x) = x/‖x‖₂ (0 at 0): a normalized step per tensor.
  case l2
  /// κ(x) = Σ hδ(xᵢ) with the Huber function hδ(t) = t²/(2δ) for |t| ≤ δ, |t| − δ/2 beyond;
  /// ∇κ(x) = clip(x/δ, −1, 1): the sign, softened within δ of 0 (δ > 0).
  case huber(delta: Double)

  /// Replaces each element of `c` by ∇κ(c).
  @_specialize(where S == Float)
  @_specialize(where S == Double)
  func applyGradient<S: TensorScalar>(_ c: UnsafeMutableBufferPointer<S>) {
    switch self {
    case .l1:
      for j in c.indices { c[j] = c[j].signum }
    case .l2:
      let norm = euclideanNorm(c)
      let inverse = norm > 0 ? S(1 / norm) : 0
      for j in c.indices { c[j] *= inverse }
    case .huber(let delta):
      let d = S(delta)
      for j in c.indices { c[j] = Swift.min(Swift.max(c[j] / d, -1), 1) }
    }
  }
}
