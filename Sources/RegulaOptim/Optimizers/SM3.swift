/// SM3: memory-efficient AdaGrad with momentum (see ``ScaleBySM3``).
///
///     θ ← θ − η·m
///
/// - Parameter momentum: β₁. Default `0.9`.
/// - SeeAlso: "Memory-Efficient Adaptive Optimization", Anil, Gupta, Koren & Singer, NeurIPS 2019.
public func sm3<Scalar: TensorScalar>(learningRate: Schedule, momentum: Double = 0.9) -> some GradientTransformation<Scalar> {
  chain {
    ScaleBySM3<Scalar>(beta1: momentum)
    ScaleByLearningRate<Scalar>(learningRate)
  }
}
