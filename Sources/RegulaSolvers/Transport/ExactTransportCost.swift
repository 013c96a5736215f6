import _Differentiation

/// The exact transport cost OT(a, b; C) = min over P ∈ U(a, b) of ⟨P, C⟩ as a
/// differentiable function, so that it can serve as a training loss.
///
/// By the envelope theorem (the cost is the value of a linear program), with P the optimal
/// plan and (u, v) the optimal dual potentials of ``NetworkSimplex``:
///
///     ∂OT/∂C = P,   ∂OT/∂a = u,   ∂OT/∂b = v
///
/// These are gradients wherever the optimal plan and potentials are unique (generic data);
/// elsewhere they are the supergradients the solver found. The gradients with respect to
/// the weights are defined up to a constant (shifting u by c and v by −c leaves ⟨a, u⟩ +
/// ⟨b, v⟩ unchanged when Σa = Σb); these are centered as POT's (⟨a, u⟩ = ⟨b, v⟩).
///
/// - Parameters:
///   - cost: C, [n, m].
///   - sourceWeights: a, [n], non-negative; targetWeights: b, [m], with the same total.
/// - Returns: a rank-0 tensor.
/// - Precondition: the weights and the cost define a transport problem (see
///   ``TransportProblem``); a training loop passes checked data, so bad input here is a
///   programmer error and its message is the ``TransportError``'s.
/// - Note: As POT's `emd2` with its backend gradients (plan for C, centered duals for a, b).
/// - SeeAlso: Peyré & Cuturi, "Computational Optimal Transport", 2019, §9.1.
@differentiable(reverse, wrt: (cost, sourceWeights, targetWeights))
public func exactTransportCost(_ cost: Tensor<Double>, sourceWeights: Tensor<Double>, targetWeights: Tensor<Double>) -> Tensor<Double> {
  Tensor(exactTransportSolution(cost, sourceWeights, targetWeights).cost)
}

/// The exact transport cost between point clouds x [n, d] and y [m, d] with the squared
/// Euclidean cost, differentiable in the points (and the weights): see the function above;
/// by the chain rule ∂OT/∂xᵢ = 2 Σⱼ Pᵢⱼ (xᵢ − yⱼ).
@differentiable(reverse, wrt: (x, y))
public func exactTransportCost(
  sourcePoints x: Tensor<Double>, targetPoints y: Tensor<Double>, sourceWeights: Tensor<Double>, targetWeights: Tensor<Double>
) -> Tensor<Double> {
  exactTransportCost(squaredEuclideanCost(x, y), sourceWeights: sourceWeights, targetWeights: targetWeights)
}

/// Cᵢⱼ = ‖xᵢ − yⱼ‖² for the rows of x [n, d] and y [m, d], differentiably, as
/// ‖xᵢ‖² + ‖yⱼ‖² − 2⟨xᵢ, yⱼ⟩ (one matrix product).
@differentiable(reverse)
public func squaredEuclideanCost(_ x: Tensor<Double>, _ y: Tensor<Double>) -> Tensor<Double> {
  let xx = (x * x).sum(alongAxes: [1], keepingDimensions: true)
  let yy = (y * y).sum(alongAxes: [1], keepingDimensions: true)
  return xx + yy.transposed() - 2 * matmul(x, transposed: false, y, transposed: true)
}

@usableFromInline func exactTransportSolution(
  _ cost: Tensor<Double>, _ a: Tensor<Double>, _ b: Tensor<Double>
) -> NetworkSimplex.Solution {
  precondition(cost.rank == 2 && a.rank == 1 && b.rank == 1 && cost.shape == [a.scalarCount, b.scalarCount],
    "cost of shape \(cost.shape) with weights of shapes \(a.shape), \(b.shape)")
  let problem: TransportProblem
  do {
    problem = try TransportProblem(sourceWeights: a.scalars, targetWeights: b.scalars, cost: cost.scalars)
  } catch {
    preconditionFailure(error.message)
  }
  return NetworkSimplex().solve(problem)
}

@derivative(of: exactTransportCost(_:sourceWeights:targetWeights:), wrt: (cost, sourceWeights, targetWeights))
@usableFromInline func _vjpExactTransportCost(
  _ cost: Tensor<Double>, sourceWeights: Tensor<Double>, targetWeights: Tensor<Double>
) -> (value: Tensor<Double>, pullback: (Tensor<Double>) -> (Tensor<Double>, Tensor<Double>, Tensor<Double>)) {
  let s = exactTransportSolution(cost, sourceWeights, targetWeights)
  let (plan, u, v) = (s.plan, Tensor(s.sourcePotential), Tensor(s.targetPotential))
  return (Tensor(s.cost), { g in
    let g = g.scalars[0]
    return (plan * g, u * g, v * g)
  })
}
