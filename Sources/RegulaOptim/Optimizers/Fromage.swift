/// Fromage: a step of relative size η in each tensor, followed by a shrink that keeps the
/// parameter norm in check.
///
///     u = −η/√(1 + η²) · ‖θ‖/‖g‖ · g;   θ ← (θ + u)·… ≡ θ + u + (1/√(1 + η²) − 1)·θ
///
/// - Parameter minNorm: floor on both norms in the trust ratio. Default `1e-6`.
/// - SeeAlso: "On the distance between two neural networks and the stability of
///   learning", Bernstein, Vahdat, Yue & Liu, NeurIPS 2020.
public func fromage<Scalar: TensorScalar>(learningRate: Schedule, minNorm: Double = 1e-6) -> some GradientTransformation<Scalar> {
  let multiplier = { @Sendable (t: Int) -> Double in
    let eta = learningRate(t)
    return 1 / (1 + eta * eta).squareRoot()
  }
  return chain {
    ScaleByTrustRatio<Scalar>(minNorm: minNorm)
    ScaleByLearningRate<Scalar>(Schedule { t in learningRate(t) * multiplier(t) })
    AddDecayedWeights<Scalar>(schedule: Schedule { t in multiplier(t) - 1 })
  }
}
