/// Proximal gradient: after any optimizer's update, applies the proximal operator of a
/// penalty with step = the learning rate, so that the penalty acts exactly rather than
/// through its (sub)gradient:
///
///     θ⁺ = prox_{η_t·λ_t·R}(θ + u),  so the update becomes  u ← θ⁺ − θ
///
/// Put it last in a chain (after the learning rate), as ``ProjectedUpdates``. With plain
/// SGD this is ISTA; L1 and group penalties then give exact zeros. Each term acts on its
/// own targets; several terms are applied one after another (the prox of their sum when
/// their targets are disjoint).
///
///     let optimizer = chain {
///       sgd(learningRate: 0.1) as Chained<Trace<Float>, ScaleByLearningRate<Float>>
///       ProximalUpdates(PenaltyTerm(L1Regularizer<Float>(), weight: 1e-4), learningRate: 0.1)
///     }
///
/// - Parameters:
///   - terms: proximal penalty terms (``PenaltyTerm/isProximal``).
///   - learningRate: η_t, the optimizer's learning rate (the same schedule). Its step and
///     the terms' weights are read at this transformation's own count.
/// - SeeAlso: P. Combettes & V. Wajs, "Signal Recovery by Proximal Forward-Backward
///   Splitting", 2005; Optax's `contrib.prox` style of proximal updates.
public struct ProximalUpdates<Scalar: TensorScalar>: GradientTransformation {
  public var terms: [PenaltyTerm<Scalar>]
  public var learningRate: Schedule

  /// - Precondition: every term is proximal.
  public init(_ terms: [PenaltyTerm<Scalar>], learningRate: Schedule) {
    for term in terms { precondition(term.isProximal, "penalty \(term.name) has no proximal operator") }
    (self.terms, self.learningRate) = (terms, learningRate)
  }

  /// One term.
  public init(_ term: PenaltyTerm<Scalar>, learningRate: Schedule) { self.init([term], learningRate: learningRate) }

  public func initialState(for parameters: ParameterSet<Scalar>) -> CountState { CountState() }

  public func update(_ updates: inout ParameterSet<Scalar>, state: inout CountState, parameters: ParameterSet<Scalar>) {
    var next = parameters
    next.applyUpdates(updates)
    for term in terms { next = term.prox(next, stepSize: learningRate(state.count), step: state.count) }
    for i in 0..<updates.count {
      updates.replaceTensor(at: i, with: next.tensors[i] - parameters.tensors[i])
    }
    state.count += 1
  }
}
