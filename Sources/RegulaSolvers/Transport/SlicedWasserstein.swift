/// The sliced Wasserstein distance between two weighted point clouds in ℝᵈ: the p-th root
/// of the mean, over directions θ on the unit sphere, of W_p^p between the clouds projected
/// on θ (each a transport problem on the line, solved in closed form).
///
///     SW_p(α, β) = ( (1/K) Σₖ W_p^p(⟨θₖ, x⟩, ⟨θₖ, y⟩) )^{1/p}
///
/// - Parameters:
///   - x: source points [n, d]; `sourceWeights` their weights (uniform when `nil`).
///   - y: target points [m, d]; `targetWeights` their weights (uniform when `nil`).
///   - directions: the θₖ as the columns of a [d, K] tensor (not necessarily unit: each is
///     used as given, as POT does with its `projections` argument).
///   - p: the exponent, ≥ 1. Default `2` (POT's).
/// - Complexity: O(K·(n + m)·(d + log(n + m))).
/// - SeeAlso: Bonneel, Rabin, Peyré & Pfister, "Sliced and Radon Wasserstein Barycenters of
///   Measures", J. Math. Imaging Vis., 2015.
public func slicedWassersteinDistance(
  _ x: Tensor<Double>, _ y: Tensor<Double>, sourceWeights: [Double]? = nil, targetWeights: [Double]? = nil,
  directions: Tensor<Double>, p: Double = 2
) throws(TransportError) -> Double {
  precondition(x.rank == 2 && y.rank == 2 && x.shape[1] == y.shape[1], "points of shapes \(x.shape) and \(y.shape)")
  precondition(directions.rank == 2 && directions.shape[0] == x.shape[1] && directions.shape[1] > 0,
    "directions of shape \(directions.shape) for points of dimension \(x.shape[1])")
  let (px, py) = (matmul(x, directions), matmul(y, directions))
  let k = directions.shape[1]
  var total = 0.0
  for column in 0..<k {
    let u = stride(from: column, to: px.scalars.count, by: k).map { px.scalars[$0] }
    let v = stride(from: column, to: py.scalars.count, by: k).map { py.scalars[$0] }
    total += try wassersteinCostOnTheLine(u, v, uWeights: sourceWeights, vWeights: targetWeights, p: p)
  }
  return Double.pow(total / Double(k), 1 / p)
}

/// The sliced Wasserstein distance along `projectionCount` directions drawn uniformly on
/// the unit sphere from `generator` (normalized Gaussian vectors, as POT's
/// `get_random_projections`); see the function above. Default `projectionCount` 50 (POT's).
public func slicedWassersteinDistance(
  _ x: Tensor<Double>, _ y: Tensor<Double>, sourceWeights: [Double]? = nil, targetWeights: [Double]? = nil,
  projectionCount: Int = 50, p: Double = 2, using generator: inout RandomGenerator
) throws(TransportError) -> Double {
  try slicedWassersteinDistance(
    x, y, sourceWeights: sourceWeights, targetWeights: targetWeights,
    directions: randomDirections(dimension: x.shape[1], count: projectionCount, using: &generator), p: p)
}

/// `count` directions uniform on the unit sphere of ℝᵈ, as the columns of a [d, count] tensor.
public func randomDirections(dimension d: Int, count: Int, using generator: inout RandomGenerator) -> Tensor<Double> {
  precondition(d > 0 && count > 0, "need a positive dimension and count, got \(d) and \(count)")
  var g = Tensor<Double>.randomNormal(shape: [d, count], using: &generator).scalars
  for k in 0..<count {
    let norm = stride(from: k, to: g.count, by: count).reduce(0) { $0 + g[$1] * g[$1] }.squareRoot()
    for i in stride(from: k, to: g.count, by: count) { g[i] /= norm }
  }
  return Tensor(shape: [d, count], scalars: g)
}
