import RealModule

/// SOAP: Adam run in the eigenbasis of Shampoo's preconditioner.
///
/// For a matrix parameter with gradient G (axes longer than `maxPreconditionerDimension`
/// keep Q = I; vectors and tensors of rank > 2 are plain Adam):
///
///     G′ = Q_Lᵀ·G·Q_R                                   (rotate)
///     m ← β₁·m + (1 − β₁)·G′,   v ← β₂·v + (1 − β₂)·G′²   (Adam in the rotated basis)
///     u = √(1 − β₂ᵗ)/(1 − β₁ᵗ) · Q_L·(m/(√v + ε))·Q_Rᵀ   (rotate back)
///     L ← β_s·L + (1 − β_s)·GGᵀ,   R ← β_s·R + (1 − β_s)·GᵀG   (after the step)
///
/// The very first call only initializes L, R and the eigenbases Q (eigenvectors by
/// decreasing eigenvalue) and returns a zero update. Every `preconditionFrequency` steps the
/// bases are refreshed by one power iteration and a QR decomposition, Q ← qr(L·Q), after
/// sorting Q's columns by the estimated eigenvalues diag(QᵀLQ) (v is permuted alike, and m is
/// carried to the new basis).
///
/// - Parameter beta1: β₁. Default `0.95`.  - Parameter beta2: β₂. Default `0.95`.
/// - Parameter shampooBeta: β_s, or `nil` for β₂. Default `nil`.
/// - Parameter epsilon: ε. Default `1e-8`.
/// - Parameter preconditionFrequency: Default `10`.
/// - Parameter maxPreconditionerDimension: Default `10000`.
/// - Complexity: per m×n matrix, O(m²n + mn²) per step and O(m³ + n³) per refresh; the state
///   holds L, R, Q_L, Q_R, m and v.
/// - SeeAlso: "SOAP: Improving and Stabilizing Shampoo using Adam", Vyas et al., ICLR 2025
///   (reference: github.com/nikhilvyas/SOAP).
public struct ScaleBySOAP<Scalar: TensorScalar>: GradientTransformation {
  public var beta1: Double
  public var beta2: Double
  public var shampooBeta: Double?
  public var epsilon: Double
  public var preconditionFrequency: Int
  public var maxPreconditionerDimension: Int

  /// The preconditioner of one parameter (all nil for plain Adam or before the first step).
  public struct Preconditioner: Codable, Sendable, Equatable {
    public var left: Tensor<Scalar>?
    public var right: Tensor<Scalar>?
    public var leftBasis: Tensor<Scalar>?
    public var rightBasis: Tensor<Scalar>?
  }

  public struct State: Codable, Sendable, Equatable {
    /// Calls so far, the initializing one included.
    public var calls: Int
    /// Adam steps taken (calls − 1 after the first call).
    public var count: Int
    /// m, in the rotated basis.
    public var firstMoment: ParameterSet<Scalar>
    /// v, in the rotated basis.
    public var secondMoment: ParameterSet<Scalar>
    public var preconditioners: [Preconditioner]
  }

  public init(
    beta1: Double = 0.95, beta2: Double = 0.95, shampooBeta: Double? = nil, epsilon: Double = 1e-8,
    preconditionFrequency: Int = 10, maxPreconditionerDimension: Int = 10000
  ) {
    precondition(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, "beta1 and beta2 must be in [0, 1)")
    precondition(preconditionFrequency >= 1, "preconditionFrequency must be positive")
    (self.beta1, self.beta2, self.shampooBeta, self.epsilon) = (beta1, beta2, shampooBeta, epsilon)
    (self.preconditionFrequency, self.maxPreconditionerDimension) = (preconditionFrequency, maxPreconditionerDimension)
  }

  public func initialState(for parameters: ParameterSet<Scalar>) -> State {
    State(
      calls: 0, count: 0, firstMoment: parameters.zeros(), secondMoment: parameters.zeros(),
      preconditioners: Array(repeating: Preconditioner(), count: parameters.count))
  }

  /// Eigenvectors of a symmetric matrix as columns, by decreasing eigenvalue.
  static func eigenbasis(_ a: Tensor<Scalar>) -> Tensor<Scalar> {
    let n = a.shape[0]
    var shifted = a
    shifted.scalars.withUnsafeMutableBufferPointer { x in for i in 0..<n { x[i * n + i] += Scalar(1e-30) } }
    let v = symmetricEigendecomposition(shifted).eigenvectors
    return permuteColumns(v, Array((0..<n).reversed()))
  }

  static func permuteColumns(_ a: Tensor<Scalar>, _ order: [Int]) -> Tensor<Scalar> {
    let (m, n) = (a.shape[0], a.shape[1])
    var out = [Scalar](repeating: 0, count: m * n)
    a.scalars.withUnsafeBufferPointer { x in
      for i in 0..<m { for j in 0..<n { out[i * n + j] = x[i * n + order[j]] } }
    }
    return Tensor(shape: [m, n], scalars: out)
  }

  static func rotate(_ g: Tensor<Scalar>, _ p: Preconditioner, back: Bool) -> Tensor<Scalar> {
    var x = g
    if let q = p.leftBasis { x = back ? matmul(q, x) : matmul(q, transposed: true, x, transposed: false) }
    if let q = p.rightBasis { x = back ? matmul(x, transposed: false, q, transposed: true) : matmul(x, q) }
    return x
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func update(_ updates: inout ParameterSet<Scalar>, state: inout State, parameters: ParameterSet<Scalar>) {
    state.calls += 1
    let gradients = updates
    if state.calls > 1 {
      state.count += 1
      let stepSize = Scalar(biasCorrection(beta2, state.count).squareRoot() / biasCorrection(beta1, state.count))
      let b1 = Scalar(beta1), b2 = Scalar(beta2), eps = Scalar(epsilon)
      for i in 0..<updates.count {
        let p = state.preconditioners[i]
        var d = Self.rotate(gradients.tensors[i], p, back: false)
        d.scalars.withUnsafeMutableBufferPointer { g in
          state.firstMoment.withBuffer(at: i) { m in
            state.secondMoment.withBuffer(at: i) { v in
              for j in g.indices {
                let gj = g[j]
                m[j] = b1 * m[j] + (1 - b1) * gj
                v[j] = b2 * v[j] + (1 - b2) * gj * gj
                g[j] = m[j] / (v[j].squareRoot() + eps)
              }
            }
          }
        }
        var u = Self.rotate(d, p, back: true)
        u.scaleInPlace(by: stepSize)
        updates.replaceTensor(at: i, with: u)
      }
    } else {
      updates.setToZero()
    }
    // Update the statistics with this step's gradient, then the bases.
    let sb = shampooBeta ?? beta2
    for i in 0..<gradients.count where gradients.tensors[i].rank == 2 {
      let g = gradients.tensors[i]
      let (m, n) = (g.shape[0], g.shape[1])
      var p = state.preconditioners[i]
      // L ← L + (1 − β_s)(GGᵀ − L), from L = 0 (the reference's `lerp_`).
      func blend(_ old: Tensor<Scalar>?, _ outer: Tensor<Scalar>) -> Tensor<Scalar> {
        var s = old ?? Tensor(zeros: outer.shape)
        s.scalars.withUnsafeMutableBufferPointer { x in
          outer.scalars.withUnsafeBufferPointer { o in
            for j in x.indices { x[j] = x[j] + Scalar(1 - sb) * (o[j] - x[j]) }
          }
        }
        return s
      }
      if m <= maxPreconditionerDimension { p.left = blend(p.left, matmul(g, transposed: false, g, transposed: true)) }
      if n <= maxPreconditionerDimension { p.right = blend(p.right, matmul(g, transposed: true, g, transposed: false)) }
      if state.calls == 1 {
        if let l = p.left { p.leftBasis = Self.eigenbasis(l) }
        if let r = p.right { p.rightBasis = Self.eigenbasis(r) }
      } else if state.count % preconditionFrequency == 0 {
        // Carry m back to the parameter basis; refresh the bases; rotate m into the new ones.
        let mOriginal = Self.rotate(state.firstMoment.tensors[i], p, back: true)
        var v = state.secondMoment.tensors[i]
        if let l = p.left, let q = p.leftBasis {
          let order = Self.descendingOrder(l, q)
          v = Self.permuteRows(v, order)
          p.leftBasis = qrDecomposition(matmul(l, Self.permuteColumns(q, order))).q
        }
        if let r = p.right, let q = p.rightBasis {
          let order = Self.descendingOrder(r, q)
          v = Self.permuteColumns(v, order)
          p.rightBasis = qrDecomposition(matmul(r, Self.permuteColumns(q, order))).q
        }
        state.secondMoment.replaceTensor(at: i, with: v)
        state.firstMoment.replaceTensor(at: i, with: Self.rotate(mOriginal, p, back: false))
      }
      state.preconditioners[i] = p
    }
  }

  /// Column indices of q by decreasing estimated eigenvalue diag(qᵀ·a·q).
  static func descendingOrder(_ a: Tensor<Scalar>, _ q: Tensor<Scalar>) -> [Int] {
    let aq = matmul(a, q)
    let n = q.shape[1], rows = q.shape[0]
    var estimates = [Scalar](repeating: 0, count: n)
    for j in 0..<n { for i in 0..<rows { estimates[j] += q.scalars[i * n + j] * aq.scalars[i * n + j] } }
    return (0..<n).sorted { estimates[$0] > estimates[$1] || (estimates[$0] == estimates[$1] && $0 < $1) }
  }

  static func permuteRows(_ a: Tensor<Scalar>, _ order: [Int]) -> Tensor<Scalar> {
    let n = a.shape[1]
    var out = [Scalar]()
    out.reserveCapacity(a.scalarCount)
    for r in order { out.append(contentsOf: a.scalars[(r * n)..<((r + 1) * n)]) }
    return Tensor(shape: a.shape, scalars: out)
  }
}

/// SOAP with decoupled weight decay: θ ← θ − η·(u + λ·θ), u from ``ScaleBySOAP``.
///
/// Defaults are the reference implementation's: η = 3e-3, β = (0.95, 0.95), β_s = β₂,
/// ε = 1e-8, λ = 0.01, preconditioner refresh every 10 steps, dimensions up to 10000.
///
/// - Note: The reference decays the parameters after the step (θ ← θ − ηλ·θ₊); Regula, like
///   Optax's AdamW, decays θ before it — they differ by O(η²λ). The reference's
///   `merge_dims`, `normalize_grads` and `precondition_1d` options are not offered (their
///   defaults are off).
/// - SeeAlso: "SOAP: Improving and Stabilizing Shampoo using Adam", Vyas et al., ICLR 2025.
public func soap<Scalar: TensorScalar>(
  learningRate: Schedule = 3e-3, beta1: Double = 0.95, beta2: Double = 0.95, shampooBeta: Double? = nil,
  epsilon: Double = 1e-8, weightDecay: Double = 0.01, preconditionFrequency: Int = 10,
  maxPreconditionerDimension: Int = 10000, mask: (@Sendable (String) -> Bool)? = nil
) -> some GradientTransformation<Scalar> {
  precondition(weightDecay >= 0, "weightDecay must be non-negative, got \(weightDecay)")
  return chain {
    ScaleBySOAP<Scalar>(
      beta1: beta1, beta2: beta2, shampooBeta: shampooBeta, epsilon: epsilon, preconditionFrequency: preconditionFrequency,
      maxPreconditionerDimension: maxPreconditionerDimension)
    // The first call only initializes the preconditioner: no decay either, as the reference.
    AddDecayedWeights<Scalar>(schedule: Schedule { $0 == 0 ? 0 : weightDecay }, mask: mask)
    ScaleByLearningRate<Scalar>(learningRate)
  }
}
