/// Rescales all updates together so that their global ℓ2 norm is at most `maxNorm`.
///
///     ‖u‖ = √(Σ over all tensors Σ u²);   u ← u · maxNorm/‖u‖   when ‖u‖ ≥ maxNorm
///
/// The norm is accumulated in Double. A non-finite norm makes every update non-finite
/// (wrap the optimizer in ``ApplyIfFinite`` to skip such steps).
///
/// - SeeAlso: "On the difficulty of training recurrent neural networks", Pascanu, Mikolov &
///   Bengio, ICML 2013.
public struct ClipByGlobalNorm<Scalar: TensorScalar>: GradientTransformation {
  public var maxNorm: Double

  public init(_ maxNorm: Double) {
    precondition(maxNorm > 0, "maxNorm must be positive, got \(maxNorm)")
    self.maxNorm = maxNorm
  }

  public func initialState(for parameters: ParameterSet<Scalar>) -> EmptyState { EmptyState() }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func update(_ updates: inout ParameterSet<Scalar>, state: inout EmptyState, parameters: ParameterSet<Scalar>) {
    let norm = updates.globalSquaredNorm().squareRoot()
    guard !(norm < maxNorm) else { return }
    let c = Scalar(maxNorm / norm)
    for i in 0..<updates.count {
      updates.withBuffer(at: i) { u in
        for j in u.indices { u[j] *= c }
      }
    }
  }
}
