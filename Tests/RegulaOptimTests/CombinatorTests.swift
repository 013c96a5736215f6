import Foundation
import RegulaOptim
import Testing
import _RegulaTestSupport

/// Behaviour of the combinators that the Optax trajectories do not cover: non-finite
/// gradients, state layout of partitions and masks.
struct CombinatorTests {
  static let parameters = ParameterSet([
    ("dense.weight", Tensor<Double>(shape: [2, 2], scalars: [1, -2, 3, 0.5])),
    ("dense.bias", Tensor<Double>([0.25, -1])),
  ])

  static func gradient(_ values: [Double], bias: [Double] = [0.5, 0.5]) -> ParameterSet<Double> {
    ParameterSet([("dense.weight", Tensor(shape: [2, 2], scalars: values)), ("dense.bias", Tensor(bias))])
  }

  @Test func applyIfFiniteSkipsNonFiniteStepsAndCountsThem() {
    let optimizer = ApplyIfFinite(adam(learningRate: 0.1) as Chained<ScaleByAdam<Double>, ScaleByLearningRate<Double>>, maxConsecutiveErrors: 2)
    var p = Self.parameters
    var state = optimizer.initialState(for: p)
    optimizer.step(&p, gradient: Self.gradient([1, 2, 3, 4]), state: &state)
    let (goodP, goodState) = (p, state)
    optimizer.step(&p, gradient: Self.gradient([1, .nan, 3, 4]), state: &state)
    #expect(p == goodP)
    #expect(state.inner == goodState.inner)
    #expect(!state.lastFinite && state.notFiniteCount == 1 && state.totalNotFinite == 1)
    optimizer.step(&p, gradient: Self.gradient([1, 2, 3, 4], bias: [.infinity, 0]), state: &state)
    #expect(p == goodP)
    #expect(state.notFiniteCount == 2 && state.totalNotFinite == 2)
    // A finite step resets the run of errors and applies.
    optimizer.step(&p, gradient: Self.gradient([1, 2, 3, 4]), state: &state)
    #expect(p != goodP && state.lastFinite && state.notFiniteCount == 0 && state.totalNotFinite == 2)
    #expect(p.tensors.allSatisfy { $0.scalars.allSatisfy(\.isFinite) })
    // More than maxConsecutiveErrors in a row: the update goes through (and is NaN).
    for _ in 0..<3 { optimizer.step(&p, gradient: Self.gradient([.nan, 2, 3, 4]), state: &state) }
    #expect(state.notFiniteCount == 3 && state.totalNotFinite == 5)
    #expect(p["dense.weight"].scalars[0].isNaN)
  }

  /// The documented behaviour without `ApplyIfFinite`: a NaN gradient propagates into the
  /// moments and the parameters; it never turns into a silently finite wrong value.
  @Test func withoutApplyIfFiniteNaNPropagatesVisibly() {
    let optimizer = adamw(learningRate: 0.1) as AdamW<Double>
    var p = Self.parameters
    var state = optimizer.initialState(for: p)
    optimizer.step(&p, gradient: Self.gradient([.nan, 2, 3, 4]), state: &state)
    #expect(p["dense.weight"].scalars[0].isNaN)
    #expect(state.firstMoment["dense.weight"].scalars[0].isNaN)
    // Other elements are unaffected by an elementwise optimizer.
    #expect(p["dense.weight"].scalars[1].isFinite)
    // State with NaN cannot be encoded to JSON: a checkpoint fails loudly instead.
    #expect(throws: (any Error).self) { try JSONEncoder().encode(state) }
  }

  @Test func zeroNaNsReplacesNaNAndRecordsIt() {
    let t = ZeroNaNs<Double>()
    var state = t.initialState(for: Self.parameters)
    var u = Self.gradient([.nan, 2, .infinity, 4])
    t.update(&u, state: &state, parameters: Self.parameters)
    #expect(u["dense.weight"].scalars[0] == 0 && u["dense.weight"].scalars[2] == .infinity)
    #expect(state.foundNaN == [true, false])
  }

  @Test func partitionKeepsStateOnlyForItsOwnPaths() {
    let optimizer = Partitioned(
      where: { $0.hasSuffix(".weight") }, adam(learningRate: 0.1) as Chained<ScaleByAdam<Double>, ScaleByLearningRate<Double>>,
      sgd(learningRate: 0.1, momentum: 0.9))
    var p = Self.parameters
    var state = optimizer.initialState(for: p)
    #expect(state.selected.first.firstMoment.paths == ["dense.weight"])
    #expect(state.rest.first.trace.paths == ["dense.bias"])
    optimizer.step(&p, gradient: Self.gradient([1, 2, 3, 4]), state: &state)
    // SGD on the bias: θ − 0.1·g.
    #expect(p["dense.bias"] == Tensor([0.25 - 0.05, -1 - 0.05]))
    // Adam's first step moves each weight by η·sign(g).
    #expect(maxRelativeDifference(p["dense.weight"], Tensor(shape: [2, 2], scalars: [0.9, -2.1, 2.9, 0.4])) < 1e-6)
  }

  @Test func freezeKeepsParametersFixedAndMaskedSkipsState() {
    let optimizer = chain {
      Masked(ScaleByAdam<Double>()) { $0.hasSuffix(".weight") }
      ScaleByLearningRate<Double>(0.1)
      Freeze<Double> { $0 == "dense.bias" }
    }
    var p = Self.parameters
    var state = optimizer.initialState(for: p)
    #expect(state.first.first.firstMoment.paths == ["dense.weight"])
    for _ in 0..<3 { optimizer.step(&p, gradient: Self.gradient([1, 2, 3, 4]), state: &state) }
    #expect(p["dense.bias"] == Self.parameters["dense.bias"])
    #expect(p["dense.weight"] != Self.parameters["dense.weight"])
  }

  @Test func clipByGlobalNormBoundsTheJointNorm() {
    let t = ClipByGlobalNorm<Double>(1)
    var state = EmptyState()
    var u = Self.gradient([3, 0, 0, 0], bias: [4, 0])
    t.update(&u, state: &state, parameters: Self.parameters)
    #expect(maxRelativeDifference(u["dense.weight"], Tensor(shape: [2, 2], scalars: [0.6, 0, 0, 0]), floor: 1) < 1e-15)
    #expect(maxRelativeDifference(u["dense.bias"], Tensor([0.8, 0]), floor: 1) < 1e-15)
    var small = Self.gradient([0.3, 0, 0, 0], bias: [0.4, 0])
    t.update(&small, state: &state, parameters: Self.parameters)
    #expect(small == Self.gradient([0.3, 0, 0, 0], bias: [0.4, 0]))
  }

  @Test func centralizeRemovesRowMeansOfMatricesOnly() {
    let t = Centralize<Double>()
    var state = EmptyState()
    var u = Self.gradient([1, 3, 2, 6], bias: [1, 2])
    t.update(&u, state: &state, parameters: Self.parameters)
    #expect(u["dense.weight"].scalars == [-1, 1, -2, 2] && u["dense.bias"].scalars == [1, 2])
  }

  /// A gradient whose shape differs from its parameter's stops the step with a message
  /// naming the path and both shapes (checked in a child process).
  @Test func mismatchedGradientShapeStops() async {
    await #expect(processExitsWith: .failure) {
      let optimizer = adam(learningRate: 0.1) as Chained<ScaleByAdam<Double>, ScaleByLearningRate<Double>>
      var p = CombinatorTests.parameters
      var state = optimizer.initialState(for: p)
      let bad = ParameterSet([("dense.weight", Tensor<Double>(zeros: [3, 2])), ("dense.bias", Tensor<Double>([0.5, 0.5]))])
      optimizer.step(&p, gradient: bad, state: &state)
    }
  }
}

/// Checkpoints written before `AddDecayedWeights` counted its steps still load.
struct CheckpointCompatibilityTests {
  @Test func emptyDecayStateDecodesAsCountZero() throws {
    let state = try JSONDecoder().decode(CountState.self, from: Data("{}".utf8))
    #expect(state == CountState(count: 0))
    #expect(try JSONDecoder().decode(CountState.self, from: Data("{\"count\":7}".utf8)).count == 7)
  }
}
