/// Optimal transport between two weighted point sets on the real line, in closed form.
///
///     W_p^p(μ, ν) = ∫₀¹ |F_μ⁻¹(q) − F_ν⁻¹(q)|ᵖ dq
///
/// On the line the monotone (sorted) coupling is optimal for every p ≥ 1, so the cost is an
/// integral of the gap between the two quantile functions. Both are step functions; the
/// integral is a sum over the merged breakpoints of the cumulative weights. This returns
/// W_p^p, as POT's `wasserstein_1d` does; take the p-th root for the distance.
///
/// - Parameters:
///   - u, v: the points (any order).
///   - uWeights, vWeights: non-negative weights with equal totals (uniform when `nil`).
///   - p: the exponent, ≥ 1. Default `1`.
/// - Complexity: O((n + m) log(n + m)).
/// - SeeAlso: Peyré & Cuturi, "Computational Optimal Transport", 2019, Remark 2.30.
public func wassersteinCostOnTheLine(
  _ u: [Double], _ v: [Double], uWeights: [Double]? = nil, vWeights: [Double]? = nil, p: Double = 1
) throws(TransportError) -> Double {
  precondition(p >= 1, "p must be at least 1, got \(p)")
  let (a, b) = try validatedMeasures(u, v, uWeights: uWeights, vWeights: vWeights)
  let su = u.indices.sorted { u[$0] < u[$1] }, sv = v.indices.sorted { v[$0] < v[$1] }
  let total = a.reduce(0, +)
  var (i, j) = (0, 0)
  var (restU, restV) = (a[su[0]] / total, b[sv[0]] / total)  // mass left in the current atoms
  var cost = 0.0
  while i < su.count && j < sv.count {
    let step = min(restU, restV)
    cost += step * Swift.abs(u[su[i]] - v[sv[j]]).power(p)
    restU -= step
    restV -= step
    if restU <= 1e-15 { i += 1; if i < su.count { restU = a[su[i]] / total } }
    if restV <= 1e-15 { j += 1; if j < sv.count { restV = b[sv[j]] / total } }
  }
  return cost * total
}

/// The weights of two point sets on a line or circle (uniform when `nil`), after checking
/// them and the points.
func validatedMeasures(
  _ u: [Double], _ v: [Double], uWeights: [Double]?, vWeights: [Double]?
) throws(TransportError) -> (a: [Double], b: [Double]) {
  let a = uWeights ?? Array(repeating: 1 / Double(u.count), count: u.count)
  let b = vWeights ?? Array(repeating: 1 / Double(v.count), count: v.count)
  precondition(u.count == a.count && v.count == b.count, "\(u.count) and \(v.count) points for \(a.count) and \(b.count) weights")
  try TransportProblem.validate(sourceWeights: a, targetWeights: b)
  if let i = u.firstIndex(where: { !$0.isFinite }) { throw .nonFinitePoint(side: "source", index: i, value: u[i]) }
  if let j = v.firstIndex(where: { !$0.isFinite }) { throw .nonFinitePoint(side: "target", index: j, value: v[j]) }
  return (a, b)
}

extension Double {
  func power(_ p: Double) -> Double { p == 1 ? self : (p == 2 ? self * self : Double.pow(self, p)) }
}
