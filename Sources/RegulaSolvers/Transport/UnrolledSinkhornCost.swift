import RegulaCore
import _Differentiation

/// The entropic transport cost after a fixed number of log-domain Sinkhorn iterations,
/// differentiated by unrolling them (reverse mode through every iteration), for small
/// problems and for training through a truncated solver:
///
///     f⁰ = 0, g⁰ = 0,   for k = 1 … K:
///       fᵢ ← −ε·log Σⱼ bⱼ e^((gⱼ − Cᵢⱼ)/ε),   gⱼ ← −ε·log Σᵢ aᵢ e^((fᵢ − Cᵢⱼ)/ε)
///     value = ⟨f, a⟩ + ⟨g, b⟩ − ε Σᵢⱼ aᵢbⱼ (e^((fᵢ + gⱼ − Cᵢⱼ)/ε) − 1)
///
/// The value is the dual objective of ``entropicTransportCost(_:sourceWeights:targetWeights:epsilon:tolerance:)``
/// at the K-th iterates, so it converges to OT_ε(a, b; C) as K grows, and so does its
/// gradient, to the envelope gradient (the plan for C). Unlike the envelope gradient, the
/// unrolled one is the exact derivative of what was computed, however few the iterations
/// (Adams & Zemel's and Genevay et al.'s "Sinkhorn autodiff"). Memory and time grow with
/// K·n·m; for large problems or tight tolerances use the envelope version.
///
/// - Parameters:
///   - cost: C, [n, m].
///   - sourceWeights: a, [n], positive; targetWeights: b, [m], positive, with the same total.
///   - epsilon: ε > 0, absolute.
///   - iterations: K ≥ 1 pairs of updates.
/// - Returns: a rank-0 tensor.
/// - Precondition: the shapes agree, ε > 0, K ≥ 1 and every weight is positive (log a).
/// - SeeAlso: Genevay, Peyré, Cuturi, "Learning Generative Models with Sinkhorn
///   Divergences", AISTATS 2018; Peyré & Cuturi, "Computational Optimal Transport", §9.1.
@differentiable(reverse, wrt: (cost, sourceWeights, targetWeights))
public func unrolledSinkhornCost(
  _ cost: Tensor<Double>, sourceWeights: Tensor<Double>, targetWeights: Tensor<Double>, epsilon: Double,
  iterations: Int
) -> Tensor<Double> {
  let (n, m) = withoutDerivative(at: (sourceWeights.scalarCount, targetWeights.scalarCount))
  precondition(
    withoutDerivative(at: cost.shape) == [n, m] && epsilon > 0 && iterations >= 1,
    "unrolledSinkhornCost: cost \(cost.shape), weights [\(n)], [\(m)], ε = \(epsilon), \(iterations) iterations")
  precondition(
    withoutDerivative(at: sourceWeights.scalars.allSatisfy { $0 > 0 } && targetWeights.scalars.allSatisfy { $0 > 0 }),
    "unrolledSinkhornCost: the weights must be positive (the iterations take their logarithms)")
  let logA = log(sourceWeights).reshaped(to: [n, 1])
  let logB = log(targetWeights).reshaped(to: [1, m])
  let scaled = cost / epsilon
  var f = Tensor<Double>(zeros: [n, 1])
  var g = Tensor<Double>(zeros: [1, m])
  for _ in 0..<iterations {
    f = -epsilon * (logB + g / epsilon - scaled).logSumExp(alongAxes: [1], keepingDimensions: true)
    g = -epsilon * (logA + f / epsilon - scaled).logSumExp(alongAxes: [0], keepingDimensions: true)
  }
  let (a, b) = (sourceWeights.reshaped(to: [n, 1]), targetWeights.reshaped(to: [1, m]))
  let plan = exp(logA + logB + (f + g) / epsilon - scaled)
  return (f * a).sum() + (g * b).sum() - epsilon * (plan.sum() - sourceWeights.sum() * targetWeights.sum())
}
