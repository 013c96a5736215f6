/// ScaledGD(λ)'s preconditioner for matrix factors: each factor's update is multiplied on the
/// right by the inverse damped Gram matrix of its partner factor.
///
///     u_L ← u_L · (RᵀR + λI)⁻¹,   u_R ← u_R · (LᵀL + λI)⁻¹        (asymmetric M ≈ LRᵀ)
///     u_X ← u_X · (XᵀX + λI)⁻¹                                      (symmetric M ≈ XXᵀ)
///
/// followed by a learning rate, X ← X − η∇f(X)(XᵀX + λI)⁻¹: preconditioned gradient descent
/// whose iteration count to a given accuracy is nearly independent of the condition number of
/// the low-rank target, where plain gradient descent's grows linearly with it. Both factors
/// of a pair are preconditioned with the Grams of the current (pre-step) parameters.
///
/// - Parameter damping: λ ≥ 0, e.g. a small fraction of the initial factor's top squared
///   singular value; λ = 0 is ScaledGD, which needs the exact rank.
/// - Parameter partners: for each factor's path, the path of the factor whose Gram
///   preconditions it (itself for a symmetric factor). Paths not listed pass unchanged. Both
///   must be matrices with the same number of columns r.
/// - SeeAlso: "The Power of Preconditioning in Overparameterized Low-Rank Matrix Sensing",
///   Xu, Shen, Ma, Sun & Chi, ICML 2023; "Accelerating Ill-Conditioned Low-Rank Matrix
///   Estimation via Scaled Gradient Descent", Tong, Ma & Chi, JMLR 2021.
public struct ScaleByScaledGD<Scalar: TensorScalar>: GradientTransformation {
  public var damping: Double
  public var partners: [String: String]

  public init(damping: Double, partners: [String: String]) {
    precondition(damping >= 0, "damping must be non-negative, got \(damping)")
    (self.damping, self.partners) = (damping, partners)
  }

  public func initialState(for parameters: ParameterSet<Scalar>) -> EmptyState {
    for (path, partner) in partners {
      precondition(parameters.contains(path) && parameters.contains(partner), "ScaledGD: no parameter \(path) or \(partner)")
      let a = parameters[path].shape, b = parameters[partner].shape
      precondition(a.count == 2 && b.count == 2 && a[1] == b[1],
        "ScaledGD: \(path) \(a) and its partner \(partner) \(b) must be matrices with the same number of columns")
    }
    return EmptyState()
  }

  public func update(_ updates: inout ParameterSet<Scalar>, state: inout EmptyState, parameters: ParameterSet<Scalar>) {
    for (i, path) in updates.paths.enumerated() {
      guard let partner = partners[path] else { continue }
      let x = parameters[partner]
      var gram = matmul(x, transposed: true, x, transposed: false)
      let r = gram.shape[0]
      gram.scalars.withUnsafeMutableBufferPointer { g in for k in 0..<r { g[k * r + k] += Scalar(damping) } }
      updates.withTensor(at: i) { u in u = solve(gram, u.transposed()).transposed() }
    }
  }
}
