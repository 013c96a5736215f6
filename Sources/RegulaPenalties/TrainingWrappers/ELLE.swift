import _Differentiation

/// ELLE: efficient local-linearity regularization. Penalizes how far the loss is from
/// linear along random segments in an ℓ∞ ball around each input, which prevents the
/// catastrophic overfitting of single-step adversarial training at no adversarial cost.
///
/// Per example, with ε the radius:
///
///     x_a, x_b ~ Unif(x + ε·[−1, 1]^d),   α ~ U[0, 1),   x_c = (1 − α)·x_a + α·x_b
///     lin_err = meanᵢ (ℓ(x_c) − (1 − α)·ℓ(x_a) − α·ℓ(x_b))²
///     L = task loss + λ·lin_err
///
/// ``sampleTriplet(around:using:)`` draws the three inputs; evaluate the per-example loss
/// on them stacked as [x_a; x_b; x_c] (one forward pass of 3n rows, as the reference does)
/// and pass those 3n losses to ``linearityError(losses:alpha:)``.
///
/// - Parameters:
///   - epsilon: ε ≥ 0, the ℓ∞ radius, in input units.
///   - lambda: λ ≥ 0. Default `1` (CIFAR-10 script; the ImageNet script uses 5000).
/// - SeeAlso: Abad Rocamora, Liu, Chrysos, Olmos & Cevher, "Efficient local linearity
///   regularization to overcome catastrophic overfitting", ICLR 2024; reference code
///   LIONS-EPFL/ELLE (`core/utils/train.py`). ``AdaptiveLinearityWeight`` is ELLE-A.
public struct ELLE: Sendable, Equatable {
  public var epsilon: Double
  public var lambda: Double

  public init(epsilon: Double, lambda: Double = 1) {
    precondition(epsilon >= 0 && epsilon.isFinite, "ELLE: epsilon must be finite and non-negative, got \(epsilon)")
    precondition(lambda >= 0 && lambda.isFinite, "ELLE: lambda must be finite and non-negative, got \(lambda)")
    (self.epsilon, self.lambda) = (epsilon, lambda)
  }

  /// The inputs of one ELLE evaluation.
  public struct Triplet<Scalar: TensorScalar>: Sendable {
    /// [x_a; x_b; x_c] stacked along the first axis: [3n, …].
    public var inputs: Tensor<Scalar>
    /// α per example, [n].
    public var alpha: Tensor<Scalar>
  }

  /// Draws x_a, x_b uniformly in the ε-box around each row of `x` ([n, …]) and α ~ U[0, 1)
  /// per row; returns [x_a; x_b; x_c] and α.
  public func sampleTriplet<Scalar: TensorScalar>(around x: Tensor<Scalar>, using random: inout RandomGenerator) -> Triplet<Scalar> {
    precondition(x.rank >= 1, "ELLE: inputs must have a batch axis, got \(x.shape)")
    let n = x.shape[0]
    let e = Scalar(epsilon)
    let a = x + Tensor<Scalar>.randomUniform(shape: x.shape, lower: -e, upper: e, using: &random)
    let b = x + Tensor<Scalar>.randomUniform(shape: x.shape, lower: -e, upper: e, using: &random)
    let alpha = Tensor<Scalar>.randomUniform(shape: [n], lower: 0, upper: 1, using: &random)
    let column = alpha.reshaped(to: [n] + Array(repeating: 1, count: x.rank - 1))
    let c = (1 - column) * a + column * b
    return Triplet(inputs: Tensor(concatenating: [a, b, c]), alpha: alpha)
  }

  /// lin_err = meanᵢ (ℓ_c,i − (1 − αᵢ)·ℓ_a,i − αᵢ·ℓ_b,i)², from the per-example losses of a
  /// triplet's 3n inputs ([ℓ_a; ℓ_b; ℓ_c], shape [3n]) and α ([n]).
  @differentiable(reverse, wrt: losses)
  public static func linearityError<Scalar: TensorScalar>(losses: Tensor<Scalar>, alpha: Tensor<Scalar>) -> Tensor<Scalar> {
    let n = withoutDerivative(at: alpha.scalarCount)
    precondition(losses.shape == [3 * n], "ELLE: losses of shape \(losses.shape) for \(n) examples (expected [\(3 * n)])")
    let la = losses.slice(0..<n)
    let lb = losses.slice(n..<(2 * n))
    let lc = losses.slice((2 * n)..<(3 * n))
    return square(lc - (1 - alpha) * la - alpha * lb).mean()
  }
}
