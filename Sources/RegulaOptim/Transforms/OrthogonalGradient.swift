/// ⊥Grad: removes from each tensor's gradient its component along the weights, keeping the
/// gradient's norm, so the update cannot just rescale the weights (the "naïve loss
/// minimization" direction behind softmax collapse).
///
///     g⊥ = g − (⟨θ, g⟩/(⟨θ, θ⟩ + 10⁻³⁰))·θ
///     g⊥ ← g⊥ · ‖g‖/(‖g⊥‖ + 10⁻³⁰)
///
/// Place it first in a chain: `chain { OrthogonalGradient<Float>(); adamw(...) }`.
///
/// - SeeAlso: "Grokking at the Edge of Numerical Stability", Prieto et al., 2025
///   (reference: orthograd.py, which this follows).
public struct OrthogonalGradient<Scalar: TensorScalar>: GradientTransformation {
  public init() {}

  public func initialState(for parameters: ParameterSet<Scalar>) -> EmptyState { EmptyState() }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func update(_ updates: inout ParameterSet<Scalar>, state: inout EmptyState, parameters: ParameterSet<Scalar>) {
    for i in 0..<updates.count {
      parameters.withReadBuffer(at: i) { w in
        updates.withBuffer(at: i) { g in
          var (wg, ww, gg) = (0.0, 0.0, 0.0)
          for j in g.indices {
            let (a, b) = (Double(w[j]), Double(g[j]))
            wg += a * b
            ww += a * a
            gg += b * b
          }
          let projection = Scalar(wg / (ww + 1e-30))
          var norm = 0.0
          for j in g.indices {
            g[j] -= projection * w[j]
            norm += Double(g[j]) * Double(g[j])
          }
          let scale = Scalar(gg.squareRoot() / (norm.squareRoot() + 1e-30))
          for j in g.indices { g[j] *= scale }
        }
      }
    }
  }
}
