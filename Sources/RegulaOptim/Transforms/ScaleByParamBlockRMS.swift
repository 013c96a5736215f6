/// Scales each tensor's update by the root mean square of its parameter (Adafactor's
/// relative step size).
///
///     u ← u · max(rms(θ), s_min)
///
/// - Parameter minScale: s_min. Default `1e-3`.
/// - SeeAlso: "Adafactor: Adaptive Learning Rates with Sublinear Memory Cost", Shazeer &
///   Stern, ICML 2018.
public struct ScaleByParamBlockRMS<Scalar: TensorScalar>: GradientTransformation {
  public var minScale: Double

  public init(minScale: Double = 1e-3) { self.minScale = minScale }

  public func initialState(for parameters: ParameterSet<Scalar>) -> EmptyState { EmptyState() }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func update(_ updates: inout ParameterSet<Scalar>, state: inout EmptyState, parameters: ParameterSet<Scalar>) {
    for i in 0..<updates.count {
      let rms = parameters.withReadBuffer(at: i) { p in p.count == 0 ? 0 : euclideanNorm(p) / Double(p.count).squareRoot() }
      let c = Scalar(Swift.max(rms, minScale))
      updates.withBuffer(at: i) { u in
        for j in u.indices { u[j] *= c }
      }
    }
  }
}
