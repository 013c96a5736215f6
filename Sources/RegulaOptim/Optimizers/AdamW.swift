/// AdamW: Adam with decoupled weight decay, as one fused step.
///
///     m ← β₁·m + (1 − β₁)·g,   v ← β₂·v + (1 − β₂)·g²
///     θ ← θ − η · (m̂ / (√(v̂ + ε_root) + ε) + λ·θ)
///
/// It computes exactly what `chain { ScaleByAdam; AddDecayedWeights; ScaleByLearningRate }`
/// computes (the same operations in the same order, so bit for bit), but its `step` reads
/// θ, g, m, v once and writes θ, m, v once: one pass over memory instead of five (gradient
/// alignment, Adam, decay, learning rate, apply), split across the cores for tensors of
/// 2¹⁸ elements or more. `update` still produces the update, for use inside a larger
/// chain. With `nesterov`, this is NAdamW.
///
/// The decay is multiplied by the learning rate, as in PyTorch and Optax. The default
/// λ = 1e-4 is Optax's; PyTorch's `AdamW` defaults to 1e-2. `mask` selects the paths that
/// decay (all when `nil`).
///
/// - SeeAlso: "Decoupled Weight Decay Regularization", Loshchilov & Hutter, ICLR 2019.
public struct AdamW<Scalar: TensorScalar>: GradientTransformation {
  /// The moment estimates and their hyperparameters.
  public var adam: ScaleByAdam<Scalar>
  /// λ, the decoupled weight decay.
  public var weightDecay: Double
  /// The paths that decay (all when `nil`).
  public var mask: (@Sendable (String) -> Bool)?
  /// η(t).
  public var learningRate: Schedule

  public typealias State = ScaleByAdam<Scalar>.State

  public init(
    learningRate: Schedule, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8,
    epsilonRoot: Double = 0, nesterov: Bool = false, weightDecay: Double = 1e-4, mask: (@Sendable (String) -> Bool)? = nil
  ) {
    precondition(weightDecay >= 0, "weightDecay must be non-negative, got \(weightDecay)")
    adam = ScaleByAdam(beta1: beta1, beta2: beta2, epsilon: epsilon, epsilonRoot: epsilonRoot, nesterov: nesterov)
    (self.weightDecay, self.mask, self.learningRate) = (weightDecay, mask, learningRate)
  }

  public func initialState(for parameters: ParameterSet<Scalar>) -> State { adam.initialState(for: parameters) }

  public func update(_ updates: inout ParameterSet<Scalar>, state: inout State, parameters: ParameterSet<Scalar>) {
    fusedPass(writing: &updates, reading: parameters, writesParameters: false, state: &state)
  }

  /// The fused step: θ ← θ − η(m̂/(√(v̂ + ε_root) + ε) + λθ) in one pass per tensor.
  ///
  /// A gradient path that is not a parameter, or a gradient whose shape differs from its
  /// parameter's, stops with a message naming the path and both shapes.
  public func step(_ parameters: inout ParameterSet<Scalar>, gradient: ParameterSet<Scalar>, state: inout State) {
    fusedPass(writing: &parameters, reading: gradient.aligned(with: parameters), writesParameters: true, state: &state)
  }

  /// One pass over every tensor. With `writesParameters`, `written` is θ and `read` the
  /// gradient, and θ gains the update; otherwise `written` is the gradient, replaced by the
  /// update, and `read` is θ.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  private func fusedPass(
    writing written: inout ParameterSet<Scalar>, reading read: ParameterSet<Scalar>, writesParameters: Bool, state: inout State
  ) {
    let rate = Scalar(-learningRate(state.count))
    state.count += 1
    let step = adam.coefficients(count: state.count)
    for i in 0..<written.count {
      let lambda = decay(at: written.paths[i])
      read.withReadBuffer(at: i) { r in
        written.withBuffer(at: i) { w in
          state.firstMoment.withBuffer(at: i) { m in
            state.secondMoment.withBuffer(at: i) { v in
              guard !w.isEmpty else { return }
              let (g, p) = writesParameters ? (r.baseAddress!, UnsafePointer(w.baseAddress!)) : (UnsafePointer(w.baseAddress!), r.baseAddress!)
              forEachChunk(of: w.count) { chunk in
                Self.apply(step, rate: rate, decay: lambda, gradient: g, parameters: p, m: m.baseAddress!,
                  v: v.baseAddress!, into: w.baseAddress!, adding: writesParameters, over: chunk)
              }
            }
          }
        }
      }
    }
  }

  private func decay(at path: String) -> Scalar { mask?(path) ?? true ? Scalar(weightDecay) : 0 }

  /// out ← (out if `adding`, else 0) + η·(direction(g) + λ·θ) over `range`, updating m and
  /// v: eight elements at a time, then the tail. The baseline x86-64 target does not
  /// vectorize the scalar loop by itself (four pointers, three written); the SIMD lanes do
  /// exactly the scalar operations. `out` may be `gradient` or `parameters`.
  @inline(__always)
  private static func apply(
    _ rule: AdamStep<Scalar>, rate: Scalar, decay lambda: Scalar, gradient g: UnsafePointer<Scalar>,
    parameters p: UnsafePointer<Scalar>, m: UnsafeMutablePointer<Scalar>, v: UnsafeMutablePointer<Scalar>,
    into out: UnsafeMutablePointer<Scalar>, adding: Bool, over range: Range<Int>
  ) {
    typealias Vector = SIMD8<Scalar>
    var j = range.lowerBound
    while j + Vector.scalarCount <= range.upperBound {
      let load = { (x: UnsafePointer<Scalar>) in UnsafeRawPointer(x + j).loadUnaligned(as: Vector.self) }
      var (mj, vj) = (load(m), load(v))
      let delta = rate * (rule.direction(load(g), &mj, &vj) + lambda * load(p))
      let result = adding ? load(out) + delta : delta
      UnsafeMutableRawPointer(m + j).storeBytes(of: mj, as: Vector.self)
      UnsafeMutableRawPointer(v + j).storeBytes(of: vj, as: Vector.self)
      UnsafeMutableRawPointer(out + j).storeBytes(of: result, as: Vector.self)
      j += Vector.scalarCount
    }
    while j < range.upperBound {
      let delta = rate * (rule.direction(g[j], &m[j], &v[j]) + lambda * p[j])
      out[j] = adding ? out[j] + delta : delta
      j += 1
    }
  }
}

/// AdamW: Adam with decoupled weight decay (see ``AdamW``).
///
///     θ ← θ − η · (m̂ / (√v̂ + ε) + λ·θ)
///
/// - SeeAlso: "Decoupled Weight Decay Regularization", Loshchilov & Hutter, ICLR 2019.
public func adamw<Scalar: TensorScalar>(
  learningRate: Schedule, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8,
  epsilonRoot: Double = 0, weightDecay: Double = 1e-4, mask: (@Sendable (String) -> Bool)? = nil
) -> AdamW<Scalar> {
  AdamW(learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon, epsilonRoot: epsilonRoot, weightDecay: weightDecay, mask: mask)
}
