import RegulaPenalties
import Testing
import _Differentiation
import _RegulaTestSupport

/// Penalty terms: targets by path, weights by schedule, gradients only on the targets,
/// validation errors that name the problem; the registry's spec strings; proximal updates.
struct PenaltyTermTests {
  static let parameters = ParameterSet<Double>([
    ("dense1.weight", randomTensor([4, 3], seed: 1)), ("dense1.bias", randomTensor([3], seed: 2)),
    ("dense2.weight", randomTensor([3, 2], seed: 3)), ("dense2.bias", randomTensor([2], seed: 4)),
  ])

  @Test func patternsSelectPathsByGlobAndLayerName() {
    #expect(PathPattern("dense1").matches("dense1.weight"))
    #expect(!PathPattern("dense1").matches("dense1.bias"))
    #expect(PathPattern("dense1.*").matches("dense1.bias"))
    #expect(PathPattern("*").matches("encoder.dense2.bias"))
    #expect(PathPattern("dense?.bias").matches("dense2.bias"))
    #expect(!PathPattern("dense?.bias").matches("dense12.bias"))
    #expect(PathPattern.weights.matches("encoder.dense2.weight"))
    #expect(!PathPattern.weights.matches("dense2.bias"))
    #expect(!PathPattern("dense1").matches("dense10.weight"))
  }

  @Test func valueSumsTheTargetsTimesTheScheduledWeight() {
    let term = PenaltyTerm(L1Regularizer<Double>(), weight: Schedule { step in 0.1 * Double(step + 1) })
    let p = Self.parameters
    let expected = p["dense1.weight"].l1Norm().scalar + p["dense2.weight"].l1Norm().scalar
    #expect(Swift.abs(term.value(p, step: 0).scalar - 0.1 * expected) < 1e-12)
    #expect(Swift.abs(term.value(p, step: 4).scalar - 0.5 * expected) < 1e-12)
    // The gradient holds λ·sign(W) on the weights and nothing on the biases.
    let g = gradient(at: p) { term.value($0, step: 4).scalarized() }.aligned(with: p)
    #expect(g["dense1.weight"] == sign(p["dense1.weight"]) * 0.5)
    #expect(g["dense1.bias"] == Tensor<Double>(zeros: [3]))
    #expect(g["dense2.bias"] == Tensor<Double>(zeros: [2]))
  }

  @Test func validationNamesTheTargetOrTheTensor() {
    let p = Self.parameters
    #expect(throws: PenaltyError("penalty nuclear: target \"conv1\" matches no parameter; parameters are dense1.weight, dense1.bias, dense2.weight, dense2.bias")) {
      try PenaltyTerm(NuclearNormRegularizer<Double>(), on: PathPattern("conv1"), name: "nuclear").validate(against: p)
    }
    #expect(throws: PenaltyError("penalty nuclear: parameter dense1.bias needs a matrix (rank 2), got shape [3]")) {
      try PenaltyTerm(NuclearNormRegularizer<Double>(), on: PathPattern("dense1.*"), name: "nuclear").validate(against: p)
    }
    #expect(throws: Never.self) { try PenaltyTerm(L1Regularizer<Double>(), on: PathPattern("*")).validate(against: p) }
  }

  @Test func registryReadsStrengthTargetAndArguments() throws {
    let p = Self.parameters
    let l1: PenaltyTerm<Double> = try PenaltyRegistry.make("l1(1e-5, on: dense1)")
    #expect(l1.paths(in: p) == ["dense1.weight"])
    #expect(l1.weight(0) == 1e-5)
    #expect(l1.name == "l1(1e-05, on=dense1)")
    let nuclear: PenaltyTerm<Double> = try PenaltyRegistry.make("nuclear(1e-3)")
    #expect(nuclear.paths(in: p) == ["dense1.weight", "dense2.weight"])
    #expect(Swift.abs(nuclear.value(p).scalar - 1e-3 * (singularValues(p["dense1.weight"]).sum() + singularValues(p["dense2.weight"]).sum()).scalar) < 1e-15)
    let group: PenaltyTerm<Double> = try PenaltyRegistry.make("group_lasso(weight=0.5, groups=columns, on: \"dense*.weight\")")
    #expect(group.paths(in: p) == ["dense1.weight", "dense2.weight"])
    #expect(group.penalty is GroupLassoRegularizer<Double>)
    let scad: PenaltyTerm<Double> = try PenaltyRegistry.make("scad(0.2, gamma=3)")
    #expect((scad.penalty as? SCADRegularizer<Double>)?.scalarPenalty == SCADPenalty(alpha: 0.2, gamma: 3))
    #expect(scad.weight(7) == 1)
    let scheduled: PenaltyTerm<Double> = try PenaltyRegistry.make("l2(weight=linear(init=0, end=1, transition_steps=10))")
    #expect(scheduled.weight(5) == 0.5)
  }

  @Test(arguments: [
    ("lasso(1)", "unknown penalty \"lasso\"; penalties are cauchy_schwarz, conv_orthogonality, elastic_net, fused_l1, gram, group_lasso, group_orthogonality, hypersparse, l1, l2, lp, mcp, norm_loss, nuclear, orthogonality, scad, spectral, total_variation"),
    ("l1(-1e-5)", "penalty l1: weight must be non-negative and finite, got -1e-05"),
    ("l1", "penalty l1: missing required argument weight (the strength λ, first)"),
    ("l1(1, 2)", "unexpected positional argument 2 for penalty l1; name it (valid arguments: weight, lambda, on, target)"),
    ("l1(1, weight=2)", "penalty l1: argument weight given both by position and by name"),
    ("nuclear(1, rank=3)", "unknown argument \"rank\" for penalty nuclear; valid arguments: weight, lambda, on, target"),
    ("group_lasso(1, groups=diagonal)", "penalty group_lasso: argument groups must be one of rows, columns, got diagonal"),
    ("scad(0.1, gamma=1.5)", "penalty scad: gamma must be greater than 2, got 1.5"),
  ])
  func registryErrorsNameTheProblem(_ text: String, _ message: String) {
    #expect(throws: MethodSpecError(message)) { _ = try PenaltyRegistry.make(text) as PenaltyTerm<Double> }
  }

  @Test func everyRegisteredPenaltyBuildsAndValidatesOnAMatrix() throws {
    for name in PenaltyRegistry.names where name != "conv_orthogonality" {  // a kernel penalty: ConvolutionOrthogonalityTests
      let term: PenaltyTerm<Double> = try PenaltyRegistry.make("\(name)(0.1, on: dense1)")
      try term.validate(against: Self.parameters)
      #expect(term.value(Self.parameters).scalar.isFinite, "\(name)")
    }
  }

  @Test func proximalGradientSolvesTheLassoExactly() {
    // min ½‖w − c‖² + λ‖w‖₁ by ISTA (SGD + prox, step 0.5): the solution is S_λ(c), with
    // exact zeros, while "free" (not targeted) just follows its gradient.
    let c = Tensor<Double>([3, -0.05, 0.08, -2, 0.5])
    var parameters = ParameterSet([("layer.weight", Tensor<Double>(zeros: [5])), ("free", Tensor<Double>([1]))])
    let optimizer = chain {
      sgd(learningRate: 0.5) as Chained<Trace<Double>, ScaleByLearningRate<Double>>
      ProximalUpdates(PenaltyTerm(L1Regularizer<Double>(), weight: 0.1), learningRate: 0.5)
    }
    var state = optimizer.initialState(for: parameters)
    for _ in 0..<100 {
      let g = gradient(at: parameters) { p in (square(p["layer.weight"] - c).sum() * 0.5 + p["free"].sum()).scalarized() }
      optimizer.step(&parameters, gradient: g, state: &state)
    }
    #expect(maxRelativeDifference(parameters["layer.weight"], Tensor([2.9, 0, 0, -1.9, 0.4]), floor: 1) < 1e-12)
    #expect(parameters["layer.weight"].scalars[1] == 0 && parameters["layer.weight"].scalars[2] == 0)
    #expect(parameters["free"].scalars == [1 - 50])
  }
}
