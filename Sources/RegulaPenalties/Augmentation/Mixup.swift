/// mixup: trains on convex combinations of pairs of examples and of their targets.
///
///     λ ~ Beta(α, α),   π a random permutation of the minibatch
///     x̃ᵢ = λ·xᵢ + (1 − λ)·x_π(i),   ỹᵢ = λ·yᵢ + (1 − λ)·y_π(i)
///
/// One λ per minibatch, as in the authors' code. The targets are distributions (one-hot
/// rows, or smoothed ones); train on them with `softmaxCrossEntropy(logits:probabilities:)`,
/// which is linear in the target and so equals λ·CE(yᵢ) + (1 − λ)·CE(y_π(i)).
///
/// - Parameter alpha: α > 0. Default `1` (CIFAR); ImageNet uses 0.2.
/// - SeeAlso: Zhang, Cisse, Dauphin & Lopez-Paz, "mixup: Beyond Empirical Risk
///   Minimization", ICLR 2018.
public struct Mixup: Sendable, Equatable {
  public var alpha: Double

  public init(alpha: Double = 1) {
    precondition(alpha > 0 && alpha.isFinite, "mixup: alpha must be positive, got \(alpha)")
    self.alpha = alpha
  }

  /// A mixed minibatch and the draws that made it.
  public struct Mixed<Scalar: TensorScalar>: Sendable {
    public var inputs: Tensor<Scalar>
    public var targets: Tensor<Scalar>
    /// λ.
    public var lambda: Double
    /// π: row i was mixed with row `permutation[i]`.
    public var permutation: [Int]
  }

  /// Mixes `inputs` (any shape [n, …]) and `targets` ([n, K]) with one λ and one permutation
  /// drawn from `random`.
  public func apply<Scalar: TensorScalar>(
    inputs: Tensor<Scalar>, targets: Tensor<Scalar>, using random: inout RandomGenerator
  ) -> Mixed<Scalar> {
    precondition(inputs.rank >= 1 && targets.rank == 2 && inputs.shape[0] == targets.shape[0],
      "mixup: inputs \(inputs.shape) and targets \(targets.shape) must have the same number of rows")
    let lambda = random.nextBeta(alpha, alpha)
    let permutation = random.permutation(inputs.shape[0])
    func mix(_ t: Tensor<Scalar>) -> Tensor<Scalar> {
      Scalar(lambda) * t + Scalar(1 - lambda) * t.gathering(atIndices: permutation)
    }
    return Mixed(inputs: mix(inputs), targets: mix(targets), lambda: lambda, permutation: permutation)
  }
}
