/// Scales each tensor down so that its root mean square is at most `threshold`.
///
///     u ← u / max(1, rms(u)/τ)
///
/// - SeeAlso: "Adafactor: Adaptive Learning Rates with Sublinear Memory Cost", Shazeer &
///   Stern, ICML 2018 (update clipping).
public struct ClipByBlockRMS<Scalar: TensorScalar>: GradientTransformation {
  public var threshold: Double

  public init(threshold: Double) {
    precondition(threshold > 0, "threshold must be positive, got \(threshold)")
    self.threshold = threshold
  }

  public func initialState(for parameters: ParameterSet<Scalar>) -> EmptyState { EmptyState() }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func update(_ updates: inout ParameterSet<Scalar>, state: inout EmptyState, parameters: ParameterSet<Scalar>) {
    for i in 0..<updates.count {
      updates.withBuffer(at: i) { u in
        guard u.count > 0 else { return }
        let rms = euclideanNorm(u) / Double(u.count).squareRoot()
        let denominator = Swift.max(1, rms / threshold)
        guard denominator > 1 else { return }
        let c = Scalar(1 / denominator)
        for j in u.indices { u[j] *= c }
      }
    }
  }
}
