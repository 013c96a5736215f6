/// RMSProp: plain, centered, and with (Nesterov) momentum.
///
///     v ← ρ·v + (1 − ρ)·g²;   d = g/√(v + ε)          (centered: g/√(v − m² + ε))
///     m ← −η·d + β·m;   θ ← θ + m                     (β = 0 without momentum)
///
/// - Parameter decay: ρ. Default `0.9`.  - Parameter epsilon: Default `1e-8`.
/// - Parameter initialScale: v₀. Default `0`.
/// - Parameter epsilonInSquareRoot: Default `true`.
/// - Parameter centered: Default `false`.
/// - Parameter momentum: β, or `nil`. Default `nil`.  - Parameter nesterov: Default `false`.
/// - Parameter biasCorrection: Default `false`.
/// - Note: PyTorch's `RMSprop` uses ρ = 0.99 and puts ε outside the root; its momentum
///   buffer accumulates d before the learning rate (the same when η is constant).
/// - SeeAlso: Hinton, "Neural Networks for Machine Learning", lecture 6e, 2012; Graves,
///   "Generating Sequences With Recurrent Neural Networks", 2013.
public func rmsprop<Scalar: TensorScalar>(
  learningRate: Schedule, decay: Double = 0.9, epsilon: Double = 1e-8, initialScale: Double = 0,
  epsilonInSquareRoot: Bool = true, centered: Bool = false, momentum: Double? = nil, nesterov: Bool = false,
  biasCorrection: Bool = false
) -> some GradientTransformation<Scalar> {
  chain {
    ScaleByRMSOrStddev<Scalar>(
      centered: centered, decay: decay, epsilon: epsilon, initialScale: initialScale,
      epsilonInSquareRoot: epsilonInSquareRoot, biasCorrection: biasCorrection)
    ScaleByLearningRate<Scalar>(learningRate)
    Trace<Scalar>(decay: momentum ?? 0, nesterov: nesterov)
  }
}

/// ``ScaleByRMS`` or ``ScaleByStddev``, chosen at run time, so that `rmsprop` has one type.
public struct ScaleByRMSOrStddev<Scalar: TensorScalar>: GradientTransformation {
  public var rms: ScaleByRMS<Scalar>
  public var centered: Bool

  public typealias State = ScaleByStddev<Scalar>.State

  public init(
    centered: Bool, decay: Double = 0.9, epsilon: Double = 1e-8, initialScale: Double = 0,
    epsilonInSquareRoot: Bool = true, biasCorrection: Bool = false
  ) {
    rms = ScaleByRMS(
      decay: decay, epsilon: epsilon, initialScale: initialScale, epsilonInSquareRoot: epsilonInSquareRoot,
      biasCorrection: biasCorrection)
    self.centered = centered
  }

  var stddev: ScaleByStddev<Scalar> {
    ScaleByStddev(
      decay: rms.decay, epsilon: rms.epsilon, initialScale: rms.initialScale,
      epsilonInSquareRoot: rms.epsilonInSquareRoot, biasCorrection: rms.biasCorrection)
  }

  public func initialState(for parameters: ParameterSet<Scalar>) -> State {
    if centered { return stddev.initialState(for: parameters) }
    let s = rms.initialState(for: parameters)
    return State(count: s.count, firstMoment: ParameterSet(), secondMoment: s.secondMoment)
  }

  public func update(_ updates: inout ParameterSet<Scalar>, state: inout State, parameters: ParameterSet<Scalar>) {
    if centered { return stddev.update(&updates, state: &state, parameters: parameters) }
    var s = ScaleByRMS<Scalar>.State(count: state.count, secondMoment: state.secondMoment)
    state.secondMoment = ParameterSet()
    rms.update(&updates, state: &s, parameters: parameters)
    (state.count, state.secondMoment) = (s.count, s.secondMoment)
  }
}
