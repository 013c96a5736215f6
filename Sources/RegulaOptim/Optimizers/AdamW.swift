internal import _RegulaKernels

/// AdamW: Adam with decoupled weight decay, as one fused step.
///
///     m ← β₁·m + (1 − β₁)·g,   v ← β₂·v + (1 − β₂)·g²
///     θ ← θ − η · (m̂ / (√(v̂ + ε_root) + ε) + λ·θ)
///
/// It computes exactly what `chain { ScaleByAdam; AddDecayedWeights; ScaleByLearningRate }`
/// computes (the same operations in the same order, so bit for bit), but its `step` reads
/// θ, g, m, v once and writes θ, m, v once: one pass over memory instead of five (gradient
/// alignment, Adam, decay, learning rate, apply), with all tensors shared out between the
/// cores in one hand-off once the set holds 2¹⁸ elements or more. `update` still produces
/// the update, for use inside a larger chain. With `nesterov`, this is NAdamW.
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

  /// One pass over every tensor, shared out between the cores. With `writesParameters`,
  /// `written` is θ and `read` the gradient, and θ gains the update; otherwise `written` is
  /// the gradient, replaced by the update, and `read` is θ.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  private func fusedPass(
    writing written: inout ParameterSet<Scalar>, reading read: ParameterSet<Scalar>, writesParameters: Bool, state: inout State
  ) {
    let rate = Scalar(-learningRate(state.count))
    state.count += 1
    let step = adam.coefficients(count: state.count)
    let decays = written.paths.map(decay(at:))
    let paths = written.paths
    read.withAllReadBuffers { r in
      written.withAllBuffers { w in
        state.firstMoment.withAllBuffers { m in
          state.secondMoment.withAllBuffers { v in
            precondition(r.count == w.count, "\(r.count) tensors read for \(w.count) written")
            for k in w.indices {
              precondition(r[k].count == w[k].count && m[k].count == w[k].count && v[k].count == w[k].count,
                "\(paths[k]): \(r[k].count) and \(w[k].count) elements in the two sets, \(m[k].count) and \(v[k].count) in the moments")
            }
            // One hand-off for all tensors: each core walks its share of them.
            forEachPiece(ofCounts: w.map(\.count)) { k, range in
              let (g, p) = writesParameters ? (r[k].baseAddress!, UnsafePointer(w[k].baseAddress!)) : (UnsafePointer(w[k].baseAddress!), r[k].baseAddress!)
              Self.apply(step, rate: rate, decay: decays[k], gradient: g, parameters: p, m: m[k].baseAddress!,
                v: v[k].baseAddress!, into: w[k].baseAddress!, adding: writesParameters, over: range)
            }
          }
        }
      }
    }
  }

  private func decay(at path: String) -> Scalar { mask?(path) ?? true ? Scalar(weightDecay) : 0 }

  /// out ← (out if `adding`, else 0) + η·(direction(g) + λ·θ) over `range`, updating m and
  /// v. Float and Double run the C kernels `regula_adamw_float`/`_double`: the scalar loop's
  /// operations in the same order (so the same results bit for bit) on AVX-512 or AVX2
  /// vectors where the processor has them — Swift compiles for baseline x86-64, whose
  /// 128-bit division and square root made the step compute-bound on one core. `out` may be
  /// `gradient` or `parameters`.
  @inline(__always)
  private static func apply(
    _ rule: AdamStep<Scalar>, rate: Scalar, decay lambda: Scalar, gradient g: UnsafePointer<Scalar>,
    parameters p: UnsafePointer<Scalar>, m: UnsafeMutablePointer<Scalar>, v: UnsafeMutablePointer<Scalar>,
    into out: UnsafeMutablePointer<Scalar>, adding: Bool, over range: Range<Int>
  ) {
    let (j, n) = (range.lowerBound, range.count)
    func cast<T>(_ x: UnsafePointer<Scalar>, _: T.Type) -> UnsafePointer<T> { UnsafeRawPointer(x + j).assumingMemoryBound(to: T.self) }
    func cast<T>(_ x: UnsafeMutablePointer<Scalar>, _: T.Type) -> UnsafeMutablePointer<T> {
      UnsafeMutableRawPointer(x + j).assumingMemoryBound(to: T.self)
    }
    if Scalar.self == Float.self {
      var k = RegulaAdamWFloat(
        beta1: Float(rule.beta1), beta2: Float(rule.beta2), a: Float(rule.a), b: Float(rule.b), c2: Float(rule.c2),
        epsilon: Float(rule.epsilon), epsilonRoot: Float(rule.epsilonRoot), rate: Float(rate), decay: Float(lambda))
      regula_adamw_float(&k, cast(g, Float.self), cast(p, Float.self), cast(m, Float.self), cast(v, Float.self), cast(out, Float.self), n, adding)
    } else if Scalar.self == Double.self {
      var k = RegulaAdamWDouble(
        beta1: Double(rule.beta1), beta2: Double(rule.beta2), a: Double(rule.a), b: Double(rule.b), c2: Double(rule.c2),
        epsilon: Double(rule.epsilon), epsilonRoot: Double(rule.epsilonRoot), rate: Double(rate), decay: Double(lambda))
      regula_adamw_double(&k, cast(g, Double.self), cast(p, Double.self), cast(m, Double.self), cast(v, Double.self), cast(out, Double.self), n, adding)
    } else {
      for j in range {
        let delta = rate * (rule.direction(g[j], &m[j], &v[j]) + lambda * p[j])
        out[j] = adding ? out[j] + delta : delta
      }
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
