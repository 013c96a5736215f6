/// Muon: orthogonalized momentum for matrices, AdamW for every other tensor (Optax's
/// `contrib.muon`).
///
///     matrices:  θ ← θ − η·(NS(m̂)·√max(1, fan_out/fan_in) + λ·θ)      (see ``ScaleByMuon``)
///     others:    AdamW(η_adam, β₁, β₂, ε, λ_adam, Nesterov as `nesterov`)
///
/// Parameters of rank 2 use Muon; all others use AdamW. To keep embeddings or the output
/// layer on AdamW as well, build the partition yourself with ``Partitioned``.
///
/// - Parameter learningRate: η. (Keller Jordan's default is 0.02.)
/// - Parameter beta: Default `0.95`.  - Parameter nesterov: Default `true`.
/// - Parameter steps: Newton–Schulz steps. Default `5`.
/// - Parameter epsilon: Newton–Schulz and Adam ε. Default `1e-8`.
/// - Parameter weightDecay: λ for the matrices (decoupled). Default `0`.
/// - Parameter consistentRMS: ρ for Moonlight's RMS matching (e.g. 0.2), or `nil`. Default `nil`.
/// - Parameter adamBeta1, adamBeta2: Default `0.9`, `0.999`.
/// - Parameter adamWeightDecay: Default `0`.  - Parameter adamLearningRate: Default η.
/// - Note: mlx-swift's Muon applies the weight decay coupled (added to g); Regula, Optax and
///   PyTorch decouple it.
/// - SeeAlso: "Muon: An optimizer for hidden layers in neural networks", K. Jordan et al., 2024;
///   "Muon is Scalable for LLM Training", Liu et al., 2025.
public func muon<Scalar: TensorScalar>(
  learningRate: Schedule, beta: Double = 0.95, nesterov: Bool = true, steps: Int = 5,
  coefficients: NewtonSchulzCoefficients = .muon, epsilon: Double = 1e-8, weightDecay: Double = 0,
  consistentRMS: Double? = nil, adamBeta1: Double = 0.9, adamBeta2: Double = 0.999, adamEpsilonRoot: Double = 0,
  adamWeightDecay: Double = 0, adamLearningRate: Schedule? = nil
) -> some GradientTransformation<Scalar> {
  Partitioned(
    whereShape: { _, shape in shape.count == 2 },
    chain {
      ScaleByMuon<Scalar>(beta: beta, nesterov: nesterov, steps: steps, coefficients: coefficients, epsilon: epsilon, consistentRMS: consistentRMS)
      AddDecayedWeights<Scalar>(weightDecay)
      ScaleByLearningRate<Scalar>(learningRate)
    },
    chain {
      ScaleByAdam<Scalar>(beta1: adamBeta1, beta2: adamBeta2, epsilon: epsilon, epsilonRoot: adamEpsilonRoot, nesterov: nesterov)
      AddDecayedWeights<Scalar>(adamWeightDecay)
      ScaleByLearningRate<Scalar>(adamLearningRate ?? learningRate)
    }
  )
}
