import RegulaOptim
import Testing

/// The fused ``AdamW`` against the chain it replaces: the same operations in the same order,
/// so the parameters and moments must agree bit for bit, step after step.
struct AdamWTests {
  static func parameters<S: TensorScalar>() -> ParameterSet<S> {
    ParameterSet([
      ("dense.weight", Tensor<S>(shape: [2, 3], scalars: [0.5, -1, 2, 0.25, -0.75, 1.5])),
      ("dense.bias", Tensor<S>([0.1, -0.2])),
    ])
  }

  /// A gradient that changes every step and reaches exact zeros and sign changes.
  static func gradient<S: TensorScalar>(_ p: ParameterSet<S>, step: Int) -> ParameterSet<S> {
    p.mapTensors { _, t in
      Tensor(shape: t.shape, scalars: t.scalars.enumerated().map { j, x in
        x * S(1 + j % 3) - S(step % 4) / 4 + (j == step % 6 ? S(0) - x : S(0))
      })
    }
  }

  static let keepsBiases: @Sendable (String) -> Bool = { !$0.hasSuffix(".bias") }

  func expectFusedEqualsChain<S: TensorScalar>(_: S.Type, nesterov: Bool, mask: (@Sendable (String) -> Bool)?) {
    let rate = Schedule.cosineDecay(initialValue: 0.1, decaySteps: 7)
    let fused = AdamW<S>(learningRate: rate, beta2: 0.99, epsilon: 1e-6, epsilonRoot: 1e-9, nesterov: nesterov, weightDecay: 0.3, mask: mask)
    let chained = chain {
      ScaleByAdam<S>(beta2: 0.99, epsilon: 1e-6, epsilonRoot: 1e-9, nesterov: nesterov)
      AddDecayedWeights<S>(0.3, mask: mask)
      ScaleByLearningRate<S>(rate)
    }
    var (p, q, r): (ParameterSet<S>, ParameterSet<S>, ParameterSet<S>) = (Self.parameters(), Self.parameters(), Self.parameters())
    var (fusedState, updateState, chainState) = (fused.initialState(for: p), fused.initialState(for: p), chained.initialState(for: p))
    for step in 0..<10 {
      fused.step(&p, gradient: Self.gradient(p, step: step), state: &fusedState)
      var u = Self.gradient(q, step: step)
      fused.update(&u, state: &updateState, parameters: q)
      q.applyUpdates(u)
      chained.step(&r, gradient: Self.gradient(r, step: step), state: &chainState)
      #expect(p == r, "fused step \(step)")
      #expect(q == r, "update \(step)")
    }
    #expect(fusedState.firstMoment == chainState.first.first.firstMoment)
    #expect(fusedState.secondMoment == chainState.first.first.secondMoment)
    #expect(fusedState.count == 10)
  }

  @Test(arguments: [false, true])
  func fusedStepEqualsTheChainBitForBit(nesterov: Bool) {
    expectFusedEqualsChain(Float.self, nesterov: nesterov, mask: nil)
    expectFusedEqualsChain(Double.self, nesterov: nesterov, mask: nil)
    expectFusedEqualsChain(Double.self, nesterov: nesterov, mask: Self.keepsBiases)
  }

  /// Through type erasure the fused step is still the one that runs, and a gradient that
  /// omits a path (zeros) or holds the rank-0 zero is aligned first.
  @Test func erasedAndPartialGradientsTakeTheSameStep() {
    let optimizer = AdamW<Double>(learningRate: 0.01)
    let erased = AnyGradientTransformation(optimizer)
    var p: ParameterSet<Double> = Self.parameters(), q = p
    var state = optimizer.initialState(for: p), erasedState = erased.initialState(for: q)
    let partial = ParameterSet([("dense.weight", Tensor<Double>(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6]))])
    optimizer.step(&p, gradient: partial, state: &state)
    erased.step(&q, gradient: partial, state: &erasedState)
    #expect(p == q)
    // The bias saw a zero gradient: only the decay moved it, by −η·λ·b.
    #expect(p["dense.bias"].scalars[0] == 0.1 - 0.01 * (0 + 1e-4 * 0.1))
    #expect(erasedState.value(as: AdamW<Double>.State.self) == state)
  }

  /// A tensor long enough to be split across cores gives the chain's result exactly.
  @Test func longTensorsSplitAcrossCoresMatchTheChain() {
    let n = (1 << 18) + 12_345
    expectThreeStepsMatchTheChain(from: ParameterSet([("w", Self.ramp(count: n, offset: 0) as Tensor<Float>)]), nesterov: false)
  }

  /// Many tensors of uneven sizes — empty, shorter than a vector, cut at the boundary
  /// between the cores' shares — stepped in one hand-off give the chain's result exactly.
  @Test(arguments: [false, true])
  func manyTensorsSharedOutBetweenCoresMatchTheChain(nesterov: Bool) {
    let sizes = [0, 5, 1 << 17, 3, 100_003, 0, 1 << 16, 77_777, 9]
    expectThreeStepsMatchTheChain(
      from: ParameterSet(sizes.enumerated().map { k, n in ("t\(k)", Self.ramp(count: n, offset: k) as Tensor<Float>) }), nesterov: nesterov)
    expectThreeStepsMatchTheChain(
      from: ParameterSet(sizes.enumerated().map { k, n in ("t\(k)", Self.ramp(count: n, offset: k) as Tensor<Double>) }), nesterov: nesterov)
  }

  static func ramp<S: TensorScalar>(count n: Int, offset: Int) -> Tensor<S> {
    Tensor(shape: [n], scalars: (0..<n).map { S(($0 + offset) % 101) / 50 - 1 })
  }

  /// Three fused steps and three fused updates against the chain, bit for bit; the
  /// caller's `start` and gradient, which share storage with the stepped copies, stay as
  /// they were.
  func expectThreeStepsMatchTheChain<S: TensorScalar>(from start: ParameterSet<S>, nesterov: Bool) {
    let gradient = start.mapTensors { _, t in Tensor(shape: t.shape, scalars: t.scalars.map { 3 * $0 * $0 - 0.5 }) }
    // Element-by-element copies, sharing no storage.
    let deepCopy = { (set: ParameterSet<S>) in set.mapTensors { _, t in Tensor(shape: t.shape, scalars: t.scalars.map { $0 }) } }
    let (startCopy, gradientCopy) = (deepCopy(start), deepCopy(gradient))
    let fused = AdamW<S>(learningRate: 0.01, beta2: 0.99, epsilonRoot: 1e-9, nesterov: nesterov, weightDecay: 0.1)
    let chained = chain {
      ScaleByAdam<S>(beta2: 0.99, epsilonRoot: 1e-9, nesterov: nesterov)
      AddDecayedWeights<S>(0.1)
      ScaleByLearningRate<S>(0.01)
    }
    var (p, q, r) = (start, start, start)
    var (s1, s2, s3) = (fused.initialState(for: p), fused.initialState(for: p), chained.initialState(for: r))
    for _ in 0..<3 {
      fused.step(&p, gradient: gradient, state: &s1)
      var u = gradient
      fused.update(&u, state: &s2, parameters: q)
      q.applyUpdates(u)
      chained.step(&r, gradient: gradient, state: &s3)
    }
    #expect(p == r)
    #expect(q == r)
    #expect(s1.firstMoment == s3.first.first.firstMoment)
    #expect(s1.secondMoment == s3.first.first.secondMoment)
    #expect(start == startCopy && gradient == gradientCopy)
    #expect(p.paths == start.paths && p.tensors.map(\.shape) == start.tensors.map(\.shape))
  }

  /// Empty tensors take the step too (no element, no crash), alongside non-empty ones.
  @Test func emptyTensorsAreStepped() {
    var p = ParameterSet([("empty", Tensor<Float>(zeros: [0, 3])), ("w", Tensor<Float>([1, 2, 3, 4, 5, 6, 7, 8, 9]))])
    let optimizer = AdamW<Float>(learningRate: 0.1)
    var state = optimizer.initialState(for: p)
    optimizer.step(&p, gradient: p, state: &state)
    #expect(p["empty"].shape == [0, 3])
    #expect(p["w"].scalars.allSatisfy { $0 < 9.5 } && p["w"].scalars[0] < 1)
  }
}
