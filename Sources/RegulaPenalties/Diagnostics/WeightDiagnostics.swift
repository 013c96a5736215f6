/// Measurements of one weight tensor that regularizers act on: its spectral norm (three
/// ways), effective rank, sparsity and distance from orthogonality.
///
/// Usable on any layer's weight: a tensor of rank ≥ 2 is viewed as the matrix
/// [shape[0], product of the rest] (a conv kernel [c_out, c_in, k, k] as c_out filters);
/// the matrix measurements are nil for a vector or a scalar.
///
///     let d = WeightDiagnostics(parameters["dense1.weight"])
///     print(d.spectralNorm, d.gramBound, d.effectiveRank, d.sparsity)
public struct WeightDiagnostics: Sendable, Equatable, Codable {
  /// The tensor's shape.
  public var shape: [Int]
  /// The fraction of elements with |w| ≤ `zeroTolerance`.
  public var sparsity: Double
  /// σ₁ by the exact SVD.
  public var spectralNorm: Double?
  /// σ₁ by ``spectralNormByPowerIteration(_:iterations:seed:)`` (a lower bound).
  public var powerIterationEstimate: Double?
  /// The Gram-iteration upper bound on σ₁ (``gramIterationBound(_:iterations:)``).
  public var gramBound: Double?
  /// exp(H(p)) with pᵢ = σᵢ/Σσⱼ: between 1 (rank one) and min(m, n) (all σ equal); 0 for
  /// the zero matrix.
  public var effectiveRank: Double?
  /// ‖G − I‖_F with G the smaller Gram matrix (WᵀW or WWᵀ): 0 exactly for orthonormal
  /// columns (tall) or rows (wide).
  public var orthogonalityError: Double?

  /// - Parameters:
  ///   - zeroTolerance: the largest magnitude counted as zero. Default 0.
  ///   - powerIterations: power-iteration steps. Default 20.
  ///   - gramIterations: Gram-iteration steps. Default 5.
  /// - SeeAlso: O. Roy & M. Vetterli, "The Effective Rank: a Measure of Effective
  ///   Dimensionality", EUSIPCO 2007.
  public init<S: TensorScalar>(_ w: Tensor<S>, zeroTolerance: Double = 0, powerIterations: Int = 20, gramIterations: Int = 5) {
    shape = w.shape
    sparsity = w.scalarCount == 0 ? 0 : Double(w.scalars.filter { Swift.abs(Double($0)) <= zeroTolerance }.count) / Double(w.scalarCount)
    guard w.rank >= 2 else { return }
    let matrix = Tensor<Double>(w).reshaped(to: [w.shape[0], w.scalarCount / Swift.max(w.shape[0], 1)])
    let sigma = singularValues(matrix).scalars
    spectralNorm = sigma.first ?? 0
    powerIterationEstimate = spectralNormByPowerIteration(matrix, iterations: powerIterations)
    gramBound = gramIterationBound(matrix, iterations: gramIterations).scalar
    effectiveRank = Self.effectiveRank(sigma)
    orthogonalityError = orthogonalityDefect(matrix).scalar.squareRoot()
  }

  /// exp(−Σ pᵢ log pᵢ), pᵢ = σᵢ/Σσ (terms with pᵢ = 0 contribute 0).
  static func effectiveRank(_ sigma: [Double]) -> Double {
    let total = sigma.reduce(0, +)
    guard total > 0 else { return 0 }
    var entropy = 0.0
    for s in sigma where s > 0 { let p = s / total; entropy -= p * Double.log(p) }
    return Double.exp(entropy)
  }
}
