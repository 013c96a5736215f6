/// Sign SGD: θ ← θ − η·sign(g).
///
/// - SeeAlso: "signSGD: Compressed Optimisation for Non-Convex Problems", Bernstein et al., ICML 2018.
public func signSGD<Scalar: TensorScalar>(learningRate: Schedule) -> some GradientTransformation<Scalar> {
  chain {
    ScaleBySign<Scalar>()
    ScaleByLearningRate<Scalar>(learningRate)
  }
}

/// Signum: the sign of an (undebiased) moving average of gradients.
///
///     m ← β·m + (1 − β)·g;   θ ← θ − η·sign(m)
///
/// - Parameter beta: β. Default `0.9`.
/// - SeeAlso: "signSGD: Compressed Optimisation for Non-Convex Problems", Bernstein et al., ICML 2018.
public func signum<Scalar: TensorScalar>(learningRate: Schedule, beta: Double = 0.9) -> some GradientTransformation<Scalar> {
  chain {
    EMA<Scalar>(decay: beta, debias: false)
    ScaleBySign<Scalar>()
    ScaleByLearningRate<Scalar>(learningRate)
  }
}
