/// Scales updates by the ratio of running RMS of past updates and of gradients: Adadelta.
///
///     E[g²] ← ρ·E[g²] + (1 − ρ)·g²
///     u = √(E[Δ²] + ε) / √(E[g²] + ε) · g
///     E[Δ²] ← ρ·E[Δ²] + (1 − ρ)·u²
///
/// - Parameter rho: ρ. Default `0.9`.
/// - Parameter epsilon: ε. Default `1e-6`.
/// - SeeAlso: "ADADELTA: An Adaptive Learning Rate Method", Zeiler, 2012.
public struct ScaleByAdadelta<Scalar: TensorScalar>: GradientTransformation {
  public var rho: Double
  public var epsilon: Double

  public struct State: Codable, Sendable, Equatable {
    /// E[g²].
    public var squaredGradients: ParameterSet<Scalar>
    /// E[Δ²].
    public var squaredUpdates: ParameterSet<Scalar>
  }

  public init(rho: Double = 0.9, epsilon: Double = 1e-6) {
    precondition(rho >= 0 && rho < 1, "rho must be in [0, 1), got \(rho)")
    (self.rho, self.epsilon) = (rho, epsilon)
  }

  public func initialState(for parameters: ParameterSet<Scalar>) -> State {
    State(squaredGradients: parameters.zeros(), squaredUpdates: parameters.zeros())
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func update(_ updates: inout ParameterSet<Scalar>, state: inout State, parameters: ParameterSet<Scalar>) {
    let r = Scalar(rho), eps = Scalar(epsilon)
    for i in 0..<updates.count {
      updates.withBuffer(at: i) { g in
        state.squaredGradients.withBuffer(at: i) { eg in
          state.squaredUpdates.withBuffer(at: i) { ex in
            for j in g.indices {
              let gj = g[j]
              let egj = (1 - r) * gj * gj + r * eg[j]
              eg[j] = egj
              let u = (ex[j] + eps).squareRoot() / (egj + eps).squareRoot() * gj
              ex[j] = (1 - r) * u * u + r * ex[j]
              g[j] = u
            }
          }
        }
      }
    }
  }
}
