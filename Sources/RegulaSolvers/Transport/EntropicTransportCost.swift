import Foundation
import _Differentiation

/// The entropic transport cost as a differentiable function of the cost matrix and the
/// weights, so that it can serve as a training loss:
///
///     OT_ε(a, b; C) = min over P ∈ U(a, b) of ⟨P, C⟩ + ε·KL(P ‖ a⊗b)
///                   = max over f, g of ⟨f, a⟩ + ⟨g, b⟩ − ε Σᵢⱼ aᵢbⱼ (e^((fᵢ + gⱼ − Cᵢⱼ)/ε) − 1)
///
/// (KL the generalized divergence Σ p log(p/q) − p + q), solved by ``Sinkhorn``. By the
/// envelope theorem the gradients are the optimal plan and the optimal potentials (with
/// respect to the reference measure a⊗b: f = ε·log u − ε·log a):
///
///     ∂OT_ε/∂C = P,   ∂OT_ε/∂a = f,   ∂OT_ε/∂b = g
///
/// The value is smooth (unlike the exact cost), so these are true gradients. Only weight
/// changes that keep Σa = Σb are defined; the potentials are centered as the exact cost's
/// (⟨a, f⟩ = ⟨b, g⟩, each half the cost when the weights sum to 1).
///
/// The value and the gradients are read off the dual potentials after one last exact row
/// update (fᵢ = −ε·log Σⱼ bⱼ e^((gⱼ − Cᵢⱼ)/ε)), so rows of P meet a exactly; weights may be
/// zero.
///
/// - Parameters:
///   - cost: C, [n, m].
///   - sourceWeights: a, [n], non-negative; targetWeights: b, [m], with the same total.
///   - epsilon: ε > 0, absolute (a relative ε would depend on C and change its gradient).
///   - tolerance: Sinkhorn's stopping tolerance on ‖Pᵀ1 − b‖₂. Default `1e-10`; the
///     gradients are exact to about this.
/// - Returns: a rank-0 tensor.
/// - Precondition: the weights and the cost define a transport problem (see
///   ``TransportProblem``); the message is the ``TransportError``'s. The solve runs in
///   Sinkhorn's automatic domain (log domain on underflow) with its default iteration budget.
/// - Note: POT's `sinkhorn2` differentiates ⟨P, C⟩ (without the entropy) by the same
///   envelope shortcut, which is then only approximate; OTT's `reg_ot_cost` is this value
///   (with the same a⊗b reference), differentiated implicitly.
/// - SeeAlso: Peyré & Cuturi, "Computational Optimal Transport", 2019, Prop. 4.6 and §9.1;
///   Feydy et al., "Interpolating between Optimal Transport and MMD using Sinkhorn
///   Divergences", AISTATS 2019.
@differentiable(reverse, wrt: (cost, sourceWeights, targetWeights))
public func entropicTransportCost(
  _ cost: Tensor<Double>, sourceWeights: Tensor<Double>, targetWeights: Tensor<Double>, epsilon: Double,
  tolerance: Double = 1e-10
) -> Tensor<Double> {
  Tensor(entropicTransportSolution(cost, sourceWeights, targetWeights, epsilon, tolerance).value)
}

/// The entropic transport cost between point clouds x [n, d] and y [m, d] with the squared
/// Euclidean cost, differentiable in the points: see the function above; by the chain rule
/// ∂OT_ε/∂xᵢ = 2 Σⱼ Pᵢⱼ (xᵢ − yⱼ).
@differentiable(reverse, wrt: (x, y))
public func entropicTransportCost(
  sourcePoints x: Tensor<Double>, targetPoints y: Tensor<Double>, sourceWeights: Tensor<Double>,
  targetWeights: Tensor<Double>, epsilon: Double, tolerance: Double = 1e-10
) -> Tensor<Double> {
  entropicTransportCost(
    squaredEuclideanCost(x, y), sourceWeights: sourceWeights, targetWeights: targetWeights, epsilon: epsilon,
    tolerance: tolerance)
}

@usableFromInline func entropicTransportSolution(
  _ cost: Tensor<Double>, _ a: Tensor<Double>, _ b: Tensor<Double>, _ eps: Double, _ tolerance: Double
) -> (value: Double, plan: Tensor<Double>, f: Tensor<Double>, g: Tensor<Double>) {
  precondition(cost.rank == 2 && a.rank == 1 && b.rank == 1 && cost.shape == [a.scalarCount, b.scalarCount],
    "cost of shape \(cost.shape) with weights of shapes \(a.shape), \(b.shape)")
  let problem: TransportProblem
  let solution: Sinkhorn.Solution
  do {
    problem = try TransportProblem(sourceWeights: a.scalars, targetWeights: b.scalars, cost: cost.scalars)
    var solver = Sinkhorn(epsilon: .absolute(eps))
    solver.tolerance = tolerance
    solution = try solver.solve(problem)
  } catch {
    preconditionFailure(error.message)
  }
  let (n, m) = (problem.sourceCount, problem.targetCount)
  let (wa, wb, c) = (problem.sourceWeights, problem.targetWeights, problem.cost)
  /// −ε·log Σₖ wₖ e^((hₖ − cₖ)/ε) over the k with wₖ > 0 (a soft minimum), stably.
  func softMin(_ h: [Double], _ w: [Double], _ costs: (Int) -> Double) -> Double {
    let terms = w.indices.filter { w[$0] > 0 }.map { log(w[$0]) + (h[$0] - costs($0)) / eps }
    let top = terms.max()!
    return -eps * (top + log(terms.reduce(0) { $0 + exp($1 - top) }))
  }
  // Potentials relative to a⊗b: g from the solve; f by an exact row update; g at zero
  // target weights by the column update.
  var g = (0..<m).map { wb[$0] > 0 ? solution.targetPotential[$0] - eps * log(wb[$0]) : 0 }
  let f = (0..<n).map { i in softMin(g, wb) { c[i * m + $0] } }
  for j in 0..<m where wb[j] == 0 { g[j] = softMin(f, wa) { c[$0 * m + j] } }
  var plan = [Double](repeating: 0, count: n * m)
  for i in 0..<n { for j in 0..<m { plan[i * m + j] = wa[i] * wb[j] * exp((f[i] + g[j] - c[i * m + j]) / eps) } }
  let (totalA, totalB) = (wa.reduce(0, +), wb.reduce(0, +))
  let dot = { (x: [Double], y: [Double]) in zip(x, y).reduce(0) { $0 + $1.0 * $1.1 } }
  let value = dot(f, wa) + dot(g, wb) - eps * (plan.reduce(0, +) - totalA * totalB)
  // ∂/∂aᵢ = fᵢ − ε(P1)ᵢ/aᵢ + εΣb = fᵢ − ε + εΣb (rows exact), likewise for b with the column
  // sums; then centered: (f − c, g + c) with ⟨a, f − c⟩ = ⟨b, g + c⟩.
  var df = f.map { $0 - eps + eps * totalB }
  var dg = [Double](repeating: 0, count: m)
  for j in 0..<m {
    var ratio = 0.0  // (Pᵀ1)ⱼ / bⱼ, defined at bⱼ = 0 too
    for i in 0..<n where wa[i] > 0 { ratio += wa[i] * exp((f[i] + g[j] - c[i * m + j]) / eps) }
    dg[j] = g[j] - eps * ratio + eps * totalA
  }
  let shift = (dot(df, wa) - dot(dg, wb)) / (totalA + totalB)
  df = df.map { $0 - shift }
  dg = dg.map { $0 + shift }
  return (value, Tensor(shape: [n, m], scalars: plan), Tensor(df), Tensor(dg))
}

@derivative(of: entropicTransportCost(_:sourceWeights:targetWeights:epsilon:tolerance:), wrt: (cost, sourceWeights, targetWeights))
@usableFromInline func _vjpEntropicTransportCost(
  _ cost: Tensor<Double>, sourceWeights: Tensor<Double>, targetWeights: Tensor<Double>, epsilon: Double, tolerance: Double
) -> (value: Tensor<Double>, pullback: (Tensor<Double>) -> (Tensor<Double>, Tensor<Double>, Tensor<Double>)) {
  let s = entropicTransportSolution(cost, sourceWeights, targetWeights, epsilon, tolerance)
  let (plan, f, g) = (s.plan, s.f, s.g)
  return (Tensor(s.value), { v in
    let v = v.scalars[0]
    return (plan * v, f * v, g * v)
  })
}
