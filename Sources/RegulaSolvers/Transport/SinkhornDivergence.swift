extension Sinkhorn {
  /// The Sinkhorn divergence between two weighted point clouds, with the squared Euclidean
  /// cost C(x, y) = ‖x − y‖²:
  ///
  ///     S_ε(α, β) = max(0, OT_ε(α, β) − ½·OT_ε(α, α) − ½·OT_ε(β, β)),   OT_ε = ⟨P_ε, C⟩
  ///
  /// where P_ε is the entropic plan this solver computes. The two self-transport terms
  /// remove the entropic bias, so S_ε(α, α) = 0 and S_ε interpolates between W₂² (ε → 0)
  /// and an MMD (ε → ∞). All three solves use the same ε; a `.relative` ε is taken
  /// relative to the mean of the cross cost C(x, y).
  ///
  /// - Parameters:
  ///   - x: source points [n, d]; `sourceWeights` their weights (uniform when `nil`).
  ///   - y: target points [m, d]; `targetWeights` their weights (uniform when `nil`).
  /// - Note: As POT's `empirical_sinkhorn_divergence`, OT_ε is the transport cost of the
  ///   entropic plan (not the regularized objective that OTT and GeomLoss use), and the
  ///   result is clipped at 0.
  /// - SeeAlso: Genevay, Peyré & Cuturi, "Learning Generative Models with Sinkhorn
  ///   Divergences", AISTATS 2018; Feydy et al., "Interpolating between Optimal Transport
  ///   and MMD using Sinkhorn Divergences", AISTATS 2019.
  public func divergence(
    between x: Tensor<Double>, and y: Tensor<Double>, sourceWeights a: [Double]? = nil, targetWeights b: [Double]? = nil
  ) throws(TransportError) -> Double {
    let cross = try TransportProblem(sourcePoints: x, targetPoints: y, sourceWeights: a, targetWeights: b)
    var solver = self
    if case .relative(let r) = epsilon {
      solver.epsilon = .absolute(r * cross.cost.reduce(0, +) / Double(cross.cost.count))
    }
    let xx = try TransportProblem(sourcePoints: x, targetPoints: x, sourceWeights: a, targetWeights: a)
    let yy = try TransportProblem(sourcePoints: y, targetPoints: y, sourceWeights: b, targetWeights: b)
    let ab = try solver.solve(cross).cost, aa = try solver.solve(xx).cost, bb = try solver.solve(yy).cost
    return max(0, ab - (aa + bb) / 2)
  }
}
