/// Penalty terms from spec strings, for the command line and test tables:
///
///     nuclear(1e-3)                       λ = 1e-3 on every `weight`
///     l1(1e-5, on: dense1)                λ = 1e-5 on dense1.weight
///     group_lasso(1e-4, groups=columns, on: "dense*")
///     l2(weight=linear(init=0, end=1e-3, transition_steps=1000))   a scheduled λ
///     scad(0.01, gamma=3.7)               α = 0.01 (SCAD and MCP: α, not λ, comes first)
///     conv_orthogonality(0.1, stride=2, on: conv1)   OCNN's kernel orthogonality
///     total_variation(1e-3, iterations=1000, tolerance=1e-10)   2-D TV; prox by Chambolle
///
/// Every penalty takes its strength first (by position, or as `weight=`: a number or a
/// schedule) and a target `on` (a ``PathPattern``; default every `weight`). SCAD and MCP
/// take α first and a `weight` (default 1) by name. Unknown names and arguments, and
/// negative strengths, throw errors that name them; a target that matches no parameter or
/// a tensor of the wrong rank is caught by ``PenaltyTerm/validate(against:)``. HyperSparse's
/// ART weight is ``Schedule/adaptiveRegularization(initialValue:growth:warmupEpochs:stepsPerEpoch:)``
/// in code (it needs the steps per epoch).
public enum PenaltyRegistry {
  /// The penalty names ``make(_:)`` accepts.
  public static let names = [
    "cauchy_schwarz", "conv_orthogonality", "elastic_net", "fused_l1", "gram", "group_lasso", "group_orthogonality", "hypersparse", "l1", "l2",
    "lp", "mcp", "norm_loss", "nuclear", "orthogonality", "scad", "spectral",
    "total_variation",
  ]

  /// The term a spec string names.
  public static func make<Scalar: TensorScalar>(_ text: String) throws(MethodSpecError) -> PenaltyTerm<Scalar> {
    try make(MethodSpec(parsing: text))
  }

  /// The term a parsed spec names; its ``PenaltyTerm/name`` is the spec as written back.
  public static func make<Scalar: TensorScalar>(_ spec: MethodSpec) throws(MethodSpecError) -> PenaltyTerm<Scalar> {
    var a = spec.reader(for: "penalty")
    let nonNegative = { (name: String, x: Double) throws(MethodSpecError) -> Double in
      guard x >= 0, x.isFinite else { throw MethodSpecError("penalty \(spec.name): \(name) must be non-negative and finite, got \(x)") }
      return x
    }
    func weight(position: Int?, default d: Double? = nil) throws(MethodSpecError) -> Schedule {
      guard let v = a.value("weight", aliases: ["lambda"], position: position) else {
        if let d { return .constant(d) }
        throw MethodSpecError("penalty \(spec.name): missing required argument weight (the strength λ, first)")
      }
      switch v {
      case .number(let x): return .constant(try nonNegative("weight", x))
      case .spec(let s): return try Schedule.make(s)
      default: throw a.wrongKind("weight", "a number or a schedule such as linear(init=0, end=1e-3, transition_steps=100)", v)
      }
    }
    func iterations(_ d: Int) throws(MethodSpecError) -> Int {
      let n = try a.int("iterations", default: d)
      guard n >= 1 else { throw MethodSpecError("penalty \(spec.name): iterations must be at least 1, got \(n)") }
      return n
    }
    func groups(_ name: String, default d: String) throws(MethodSpecError) -> GroupLassoRegularizer<Scalar>.Groups {
      .init(rawValue: try a.string(name, default: d, choices: GroupLassoRegularizer<Scalar>.Groups.allCases.map(\.rawValue)))!
    }
    func positive(_ name: String, _ x: Double) throws(MethodSpecError) -> Double {
      guard x > 0, x.isFinite else { throw MethodSpecError("penalty \(spec.name): \(name) must be positive and finite, got \(x)") }
      return x
    }
    let penalty: any TensorPenalty<Scalar>
    var lambda: Schedule
    switch spec.name {
    case "l1":
      (penalty, lambda) = (L1Regularizer<Scalar>(), try weight(position: 0))
    case "l2":
      (penalty, lambda) = (L2Regularizer<Scalar>(), try weight(position: 0))
    case "elastic_net":
      lambda = try weight(position: 0)
      let ratio = try a.double("l1_ratio", default: 0.5)
      guard (0...1).contains(ratio) else { throw MethodSpecError("penalty elastic_net: l1_ratio must be in [0, 1], got \(ratio)") }
      penalty = ElasticNetRegularizer<Scalar>(l1Ratio: ratio)
    case "group_lasso":
      lambda = try weight(position: 0)
      penalty = GroupLassoRegularizer<Scalar>(groups: try groups("groups", default: "rows"))
    case "nuclear":
      (penalty, lambda) = (NuclearNormRegularizer<Scalar>(), try weight(position: 0))
    case "spectral":
      lambda = try weight(position: 0)
      penalty = SpectralNormRegularizer<Scalar>(iterations: try iterations(20))
    case "gram":
      lambda = try weight(position: 0)
      penalty = GramIterationRegularizer<Scalar>(iterations: try iterations(5))
    case "orthogonality":
      (penalty, lambda) = (SoftOrthogonalityRegularizer<Scalar>(), try weight(position: 0))
    case "conv_orthogonality":
      lambda = try weight(position: 0)
      let stride = try a.int("stride", default: 1)
      guard stride >= 1 else { throw MethodSpecError("penalty conv_orthogonality: stride must be at least 1, got \(stride)") }
      penalty = ConvolutionOrthogonalityRegularizer<Scalar>(stride: stride)
    case "total_variation":
      lambda = try weight(position: 0)
      let tolerance = try nonNegative("tolerance", a.double("tolerance", default: 1e-10))
      penalty = TotalVariationRegularizer<Scalar>(tolerance: tolerance, maxIterations: try iterations(1000))
    case "lp":
      lambda = try weight(position: 0)
      penalty = LpRegularizer<Scalar>(p: try positive("p", a.double("p", default: 0.5)))
    case "fused_l1":
      (penalty, lambda) = (FusedL1Regularizer<Scalar>(), try weight(position: 0))
    case "norm_loss":
      lambda = try weight(position: 0)
      penalty = NormLossRegularizer<Scalar>(units: try groups("units", default: "columns"))
    case "cauchy_schwarz":
      lambda = try weight(position: 0)
      let kind = try a.string("kind", default: "binary", choices: CauchySchwarzRegularizer<Scalar>.Kind.allCases.map(\.rawValue))
      penalty = CauchySchwarzRegularizer<Scalar>(kind: .init(rawValue: kind)!)
    case "group_orthogonality":
      lambda = try weight(position: 0)
      let count = try a.int("groups", default: 1)
      guard count >= 1 else { throw MethodSpecError("penalty group_orthogonality: groups must be at least 1, got \(count)") }
      let sets = try a.string("sets", default: "within", choices: ["within", "across"])
      penalty = GroupOrthogonalityRegularizer<Scalar>(
        groups: count, sets: sets == "within" ? .withinGroups : .acrossGroups, units: try groups("units", default: "columns"))
    case "hypersparse":
      lambda = try weight(position: 0)
      let rate = try a.double("prune_rate", default: 0.9)
      guard rate >= 0 && rate < 1 else { throw MethodSpecError("penalty hypersparse: prune_rate must be in [0, 1), got \(rate)") }
      penalty = HyperSparseRegularizer<Scalar>(pruneRate: rate)
    case "scad", "mcp":
      let alpha = try nonNegative("alpha", a.double("alpha", position: 0))
      let gamma = try a.double("gamma", default: spec.name == "scad" ? 3.7 : 3)
      let least = spec.name == "scad" ? 2.0 : 0.0
      guard gamma > least else { throw MethodSpecError("penalty \(spec.name): gamma must be greater than \(Int(least)), got \(gamma)") }
      penalty = spec.name == "scad" ? SCADRegularizer<Scalar>(alpha: alpha, gamma: gamma) : MCPRegularizer<Scalar>(alpha: alpha, gamma: gamma)
      lambda = try weight(position: nil, default: 1)
    default:
      throw MethodSpecError("unknown penalty \"\(spec.name)\"; penalties are \(names.joined(separator: ", "))")
    }
    let target = PathPattern(try a.string("on", aliases: ["target"], default: PathPattern.weights.pattern))
    try a.finish()
    return PenaltyTerm(erasing: penalty, on: target, weight: lambda, name: spec.description)
  }
}
