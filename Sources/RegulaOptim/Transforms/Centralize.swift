/// Gradient centralization: subtracts from each tensor of rank ≥ 2 its mean over all axes
/// but the first (per output row); vectors pass through.
///
///     u[i, …] ← u[i, …] − mean(u[i, …])
///
/// - SeeAlso: "Gradient Centralization: A New Optimization Technique for Deep Neural
///   Networks", Yong et al., ECCV 2020.
public struct Centralize<Scalar: TensorScalar>: GradientTransformation {
  public init() {}

  public func initialState(for parameters: ParameterSet<Scalar>) -> EmptyState { EmptyState() }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func update(_ updates: inout ParameterSet<Scalar>, state: inout EmptyState, parameters: ParameterSet<Scalar>) {
    for i in 0..<updates.count where updates.tensors[i].rank > 1 {
      let rows = updates.tensors[i].shape[0]
      guard rows > 0 else { continue }
      updates.withBuffer(at: i) { u in
        let width = u.count / rows
        guard width > 0 else { return }
        for r in 0..<rows {
          var sum: Scalar = 0
          for j in (r * width)..<((r + 1) * width) { sum += u[j] }
          let mean = sum / Scalar(width)
          for j in (r * width)..<((r + 1) * width) { u[j] -= mean }
        }
      }
    }
  }
}
