/// The DP-SGD gradient: per-example gradients clipped to `maxNorm`, summed, noised with
/// N(0, (maxNorm·noiseMultiplier)²) and averaged (Optax's
/// `contrib.differentially_private_aggregate`).
///
///     ĝ = (Σᵢ clip(gᵢ, C) + C·σ·z)/B,   z ~ N(0, I)
///
/// It reads per-example gradients, so it is not a ``GradientTransformation``: call
/// ``aggregate(_:state:)`` and pass the result to any optimizer as the gradient
/// (DP-SGD is `sgd` on it).
///
/// - Parameter maxNorm: C, the per-example clipping norm, positive.
/// - Parameter noiseMultiplier: σ, noise standard deviation relative to C, ≥ 0.
/// - Parameter seed: the noise generator's seed (kept in the state). Default `0`.
/// - Note: The noise comes from Regula's ``RandomGenerator`` (one draw per element, tensors
///   in path order), not JAX's PRNG. Optax takes gradients with a leading batch axis; Regula
///   takes one ``ParameterSet`` per example.
/// - SeeAlso: "Deep Learning with Differential Privacy", Abadi et al., CCS 2016.
public struct DifferentiallyPrivateAggregate<Scalar: TensorScalar>: Sendable {
  public var maxNorm: Double
  public var noiseMultiplier: Double
  public var seed: UInt64

  public struct State: Codable, Sendable, Equatable {
    /// The noise stream.
    public var generator: RandomGenerator
  }

  public init(maxNorm: Double, noiseMultiplier: Double, seed: UInt64 = 0) {
    precondition(maxNorm > 0 && noiseMultiplier >= 0, "maxNorm must be positive and noiseMultiplier non-negative, got \(maxNorm), \(noiseMultiplier)")
    (self.maxNorm, self.noiseMultiplier, self.seed) = (maxNorm, noiseMultiplier, seed)
  }

  public func initialState() -> State { State(generator: RandomGenerator(seed: seed)) }

  /// The noised mean of the clipped per-example `gradients`.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func aggregate(_ gradients: [ParameterSet<Scalar>], state: inout State) -> ParameterSet<Scalar> {
    var (sum, _) = perExampleGlobalNormClip(gradients, maxNorm: maxNorm)
    let std = maxNorm * noiseMultiplier, batch = Double(gradients.count)
    for i in 0..<sum.count {
      sum.withBuffer(at: i) { s in
        for j in s.indices { s[j] = Scalar((Double(s[j]) + std * state.generator.nextNormal()) / batch) }
      }
    }
    return sum
  }
}
