import RealModule

/// How a weight tensor is drawn at initialization, from the layer's seeded generator.
///
/// Fan-in and fan-out are the first and last extents of a rank-2 weight ([in, out]).
///
///     glorotUniform  U(−a, a),  a = √(6 / (fanIn + fanOut))
///     glorotNormal   N(0, 2 / (fanIn + fanOut))
///     heUniform      U(−a, a),  a = √(6 / fanIn)
///     heNormal       N(0, 2 / fanIn)
///     orthogonal     Q of the QR decomposition of a normal matrix (sign-corrected), × gain
///
/// - SeeAlso: Glorot & Bengio, "Understanding the difficulty of training deep feedforward
///   neural networks", AISTATS 2010; He et al., "Delving Deep into Rectifiers", ICCV 2015;
///   Saxe et al., "Exact solutions to the nonlinear dynamics of learning in deep linear
///   neural networks", ICLR 2014.
public enum Initializer: Sendable, Equatable {
  case zeros
  case ones
  case constant(Double)
  case normal(standardDeviation: Double)
  case uniform(limit: Double)
  case glorotUniform
  case glorotNormal
  case heUniform
  case heNormal
  case orthogonal(gain: Double)

  /// A tensor of `shape` drawn from this distribution.
  public func makeTensor<Scalar: TensorScalar>(shape: [Int], using rng: inout RandomGenerator) -> Tensor<Scalar> {
    let fanIn = Double(shape.count >= 2 ? shape.dropLast().reduce(1, *) : shape.first ?? 1)
    let fanOut = Double(shape.last ?? 1)
    switch self {
    case .zeros: return Tensor(zeros: shape)
    case .ones: return Tensor(ones: shape)
    case .constant(let c): return Tensor(repeating: Scalar(c), shape: shape)
    case .normal(let s): return Tensor.randomNormal(shape: shape, standardDeviation: Scalar(s), using: &rng)
    case .uniform(let a): return Tensor.randomUniform(shape: shape, lower: Scalar(-a), upper: Scalar(a), using: &rng)
    case .glorotUniform: return Initializer.uniform(limit: (6 / (fanIn + fanOut)).squareRoot()).makeTensor(shape: shape, using: &rng)
    case .glorotNormal: return Initializer.normal(standardDeviation: (2 / (fanIn + fanOut)).squareRoot()).makeTensor(shape: shape, using: &rng)
    case .heUniform: return Initializer.uniform(limit: (6 / fanIn).squareRoot()).makeTensor(shape: shape, using: &rng)
    case .heNormal: return Initializer.normal(standardDeviation: (2 / fanIn).squareRoot()).makeTensor(shape: shape, using: &rng)
    case .orthogonal(let gain): return orthogonalMatrix(shape: shape, gain: gain, using: &rng)
    }
  }
}

/// A (semi-)orthogonal matrix: the Q of the QR decomposition of a standard normal matrix,
/// with column signs fixed so that diag(R) > 0 (which makes Q Haar-distributed), times `gain`.
///
/// For shape [rows, columns] with rows < columns, the transpose of the [columns, rows] case
/// is used, so rows are orthonormal instead of columns. Higher ranks are flattened to
/// [∏ leading, last].
func orthogonalMatrix<Scalar: TensorScalar>(shape: [Int], gain: Double, using rng: inout RandomGenerator) -> Tensor<Scalar> {
  precondition(shape.count >= 2, "an orthogonal initializer needs rank ≥ 2, got shape \(shape)")
  let rows = shape.dropLast().reduce(1, *), columns = shape.last!
  let (m, n) = rows >= columns ? (rows, columns) : (columns, rows)
  let qr = qrDecomposition(Tensor<Scalar>.randomNormal(shape: [m, n], using: &rng))
  let signs = Tensor<Scalar>((0..<n).map { qr.r[$0, $0] < 0 ? -1 : 1 })
  let q = qr.q * signs * Scalar(gain)
  return (rows >= columns ? q : q.transposed()).reshaped(to: shape)
}
