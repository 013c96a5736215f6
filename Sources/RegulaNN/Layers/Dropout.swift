import _Differentiation

/// Inverted dropout: in training, zeroes each element with probability `rate` and scales
/// the rest by 1/(1 − rate); in inference, the identity.
///
/// The mask is drawn from the context's seed and the layer's name, so a training step
/// replays exactly and two dropout layers draw independent masks.
///
/// - SeeAlso: "Dropout: A Simple Way to Prevent Neural Networks from Overfitting",
///   Srivastava et al., JMLR 2014.
public struct Dropout<Scalar: TensorScalar>: NamedLayer {
  public var rate: Double
  public var name: String
  public static var defaultNameStem: String { "dropout" }

  public init(rate: Double, name: String = "") {
    precondition(rate >= 0 && rate < 1, "dropout rate must be in [0, 1), got \(rate)")
    (self.rate, self.name) = (rate, name)
  }

  public func initializeParameters(into parameters: inout ParameterSet<Scalar>, using rng: inout RandomGenerator) {}

  @differentiable(reverse, wrt: (input, parameters))
  public func callAsFunction(_ input: Tensor<Scalar>, parameters: ParameterSet<Scalar>, context: ForwardContext) -> Tensor<Scalar> {
    guard context.isTraining, rate > 0 else { return input }
    return input * withoutDerivative(at: mask(shape: input.shape, seed: context.seed))
  }

  /// Keep-mask scaled by 1/(1 − rate).
  func mask(shape: [Int], seed: UInt64) -> Tensor<Scalar> {
    var rng = RandomGenerator(seed: seed ^ stableHash(name))
    let keep = Scalar(1 / (1 - rate))
    return Tensor.randomBernoulli(shape: shape, probability: 1 - rate, using: &rng) * keep
  }
}

/// FNV-1a of the UTF-8 bytes: a hash that is the same in every process (unlike `Hasher`).
func stableHash(_ text: String) -> UInt64 {
  text.utf8.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
}
