/// The sharpness of a loss at θ: its Hessian's largest eigenvalue by power iteration on
/// Hessian–vector products.
///
///     Hv ≈ (∇L(θ + εv) − ∇L(θ − εv)) / (2ε),   ‖v‖ = 1
///     vₖ₊₁ = H vₖ / ‖H vₖ‖,   λ ≈ vₖᵀ H vₖ
///
/// The products are central differences of the gradient (two gradient evaluations each, no
/// second derivatives), accurate to O(ε²) — at ε = 1e-4 in Double, far below what
/// sharpness comparisons need. Power iteration converges to the eigenvalue of largest
/// magnitude; at a minimum that is λ_max.
///
/// - Parameters:
///   - gradient: ∇L at any point with the paths of θ (missing paths count as zeros).
///   - parameters: θ.
///   - iterations: power iterations. Default `30`.
///   - epsilon: ε, the finite-difference step along the unit vector v. Default `1e-4`.
///   - seed: seeds the starting vector. Default `0`.
/// - Returns: the Rayleigh quotient vᵀHv at the last iterate.
/// - SeeAlso: Keskar et al., "On Large-Batch Training for Deep Learning: Generalization Gap
///   and Sharp Minima", ICLR 2017; Ghorbani, Krishnan & Xiao, "An Investigation into Neural
///   Net Optimization via Hessian Eigenvalue Density", ICML 2019.
public func largestHessianEigenvalue(
  of gradient: (ParameterSet<Double>) -> ParameterSet<Double>, at parameters: ParameterSet<Double>,
  iterations: Int = 30, epsilon: Double = 1e-4, seed: UInt64 = 0
) -> Double {
  precondition(iterations >= 1 && epsilon > 0, "iterations must be positive and epsilon positive")
  var random = RandomGenerator(seed: seed)
  var v = parameters.mapTensors { _, t in Tensor<Double>.randomNormal(shape: t.shape, using: &random) }
  v = v.scaled(by: 1 / v.globalNorm())
  var eigenvalue = 0.0
  for _ in 0..<iterations {
    let plus = gradient(parameters.adding(v, scaledBy: epsilon)).aligned(with: parameters)
    let minus = gradient(parameters.adding(v, scaledBy: -epsilon)).aligned(with: parameters)
    let hv = plus.adding(minus, scaledBy: -1).scaled(by: 1 / (2 * epsilon))
    eigenvalue = v.dot(hv)
    let norm = hv.globalNorm()
    guard norm > 0 else { return 0 }
    v = hv.scaled(by: 1 / norm)
  }
  return eigenvalue
}
