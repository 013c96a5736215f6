/// Rprop: sign-based steps with per-element step sizes grown by η₊ while the gradient keeps
/// its sign and shrunk by η₋ when it flips (the step after a flip is skipped).
///
///     θ ← θ − u      (see ``ScaleByRprop``)
///
/// - Parameter learningRate: the initial step size η₀.
/// - Parameter etaMinus: Default `0.5`.  - Parameter etaPlus: Default `1.2`.
/// - Parameter minStepSize: Default `1e-6`.  - Parameter maxStepSize: Default `50`.
/// - Note: Full-batch only: mini-batch noise flips signs. PyTorch's `Rprop` is the same
///   (iRprop⁻ variant).
/// - SeeAlso: "A Direct Adaptive Method for Faster Backpropagation Learning: The RPROP
///   Algorithm", Riedmiller & Braun, ICNN 1993.
public func rprop<Scalar: TensorScalar>(
  learningRate: Double, etaMinus: Double = 0.5, etaPlus: Double = 1.2, minStepSize: Double = 1e-6,
  maxStepSize: Double = 50
) -> some GradientTransformation<Scalar> {
  chain {
    ScaleByRprop<Scalar>(learningRate: learningRate, etaMinus: etaMinus, etaPlus: etaPlus, minStepSize: minStepSize, maxStepSize: maxStepSize)
    Scale<Scalar>(-1)
  }
}
