/// The cautious mask: keeps only the update components whose sign agrees with the current
/// gradient, and rescales the survivors (C-AdamW, C-Lion, … as one wrapper).
///
///     d = inner(g);   φ = 1[d ⊙ g > 0];   d ← d ⊙ φ / max(mean(φ), 10⁻³)      (per tensor)
///
/// Wrap the direction-producing part of an optimizer and keep weight decay and the learning
/// rate outside, so they are not masked:
///
///     chain { Cautious(ScaleByAdam<Float>()); AddDecayedWeights<Float>(0.01); ScaleByLearningRate<Float>(1e-3) }
///
/// For Adam this is the paper's rule (d = m̂/(√v̂ + ε) has the sign of m). When every
/// component agrees (φ ≡ 1) it is the inner transformation.
///
/// - Note: The paper's first version normalized by numel/(Σφ + 1); Regula uses the current
///   reference (C-Optim, timm) normalization 1/max(mean φ, 10⁻³).
/// - SeeAlso: "Cautious Optimizers: Improving Training with One Line of Code", Liang et al., 2024.
public struct Cautious<Inner: GradientTransformation>: GradientTransformation {
  public typealias Scalar = Inner.Scalar
  public typealias State = Inner.State
  public var inner: Inner

  public init(_ inner: Inner) { self.inner = inner }

  public func initialState(for parameters: ParameterSet<Scalar>) -> State { inner.initialState(for: parameters) }

  public func update(_ updates: inout ParameterSet<Scalar>, state: inout State, parameters: ParameterSet<Scalar>) {
    let gradients = updates
    inner.update(&updates, state: &state, parameters: parameters)
    updates.applyCautiousMask(gradients)
  }
}

extension ParameterSet {
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  mutating func applyCautiousMask(_ gradients: ParameterSet) {
    for i in 0..<count {
      gradients.withReadBuffer(at: i) { g in
        withBuffer(at: i) { d in
          guard d.count > 0 else { return }
          var kept = 0
          for j in d.indices where d[j] * g[j] > 0 { kept += 1 }
          let scale = Scalar(1 / Swift.max(Double(kept) / Double(d.count), 1e-3))
          for j in d.indices { d[j] = d[j] * g[j] > 0 ? d[j] * scale : 0 }
        }
      }
    }
  }
}
