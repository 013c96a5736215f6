/// The direction a Shampoo block is grafted onto (its norm is kept, Shampoo's direction used).
public enum ShampooGrafting: Sendable, Equatable {
  /// No grafting: the raw Shampoo direction.
  case none
  /// AdaGrad: a ← a + g², d = g/(√a + ε).
  case adagrad(epsilon: Double = 1e-10)
  /// RMSProp: a ← β·a + (1 − β)·g², d = g/(√a + ε).
  case rmsprop(beta2: Double = 0.999, epsilon: Double = 1e-10)
}

/// Shampoo's Kronecker-factored preconditioner, per block, with grafting.
///
/// Each parameter is viewed as a matrix (vectors as one column factor, tensors of rank > 2 as
/// [shape₀, rest]) and cut into blocks of at most `blockSize` along each axis. For a matrix
/// block G:
///
///     L ← β₂·L + (1 − β₂)·GGᵀ,   R ← β₂·R + (1 − β₂)·GᵀG      (β₂ = 1: the sums L += GGᵀ, R += GᵀG)
///     D = (L + εI)^(−1/(2k))·G·(R + εI)^(−1/(2k))               (k = 2 factors; vectors: k = 1, D = (L + εI)^(−1/2)·g)
///     D ← ‖D_graft‖_F · D/‖D‖_F                                 (grafting)
///
/// The inverse roots are recomputed every `preconditionFrequency` steps (and kept in the
/// state); before `startPreconditioningStep` the grafted direction is used alone. Scalars
/// (rank 0) use the grafted direction.
///
/// - Parameter beta2: β₂. Default `1` (AdaGrad sums, Meta's default).
/// - Parameter epsilon: ε. Default `1e-12`.
/// - Parameter exponentOverride: use G's factors to the power −1/p for this p instead of 2k
///   (e.g. 2 for "Shampoo²"). Default `nil`.
/// - Parameter blockSize: the largest preconditioner dimension. Default `1024`.
/// - Parameter preconditionFrequency: Default `1`.
/// - Parameter startPreconditioningStep: the first step (1-based) that uses Shampoo. Default `1`.
/// - Parameter grafting: Default `.adagrad(epsilon: 1e-10)`.
/// - Parameter inverseRootMethod: Default `.eigendecomposition`.
/// - Complexity: per block of size m×n, O(m²n + mn²) per step for the statistics and O(m³ + n³)
///   per root computation; the state holds m² + n² statistics and as many roots per block.
/// - SeeAlso: "Shampoo: Preconditioned Stochastic Tensor Optimization", Gupta, Koren &
///   Singer, ICML 2018; "Scalable Second Order Optimization for Deep Learning", Anil et al., 2020;
///   "A Distributed Data-Parallel PyTorch Implementation of the Distributed Shampoo
///   Optimizer…", Shi et al., 2023.
public struct ScaleByShampoo<Scalar: TensorScalar>: GradientTransformation {
  public var beta2: Double
  public var epsilon: Double
  public var exponentOverride: Int?
  public var blockSize: Int
  public var preconditionFrequency: Int
  public var startPreconditioningStep: Int
  public var grafting: ShampooGrafting
  public var inverseRootMethod: InverseRootMethod

  /// The statistics and inverse roots of one block.
  public struct Block: Codable, Sendable, Equatable {
    /// Row range [rowStart, rowEnd) and column range in the parameter's matrix view.
    public var rowStart: Int, rowEnd: Int, columnStart: Int, columnEnd: Int
    public var left: Tensor<Scalar>
    public var right: Tensor<Scalar>?
    public var leftInverseRoot: Tensor<Scalar>
    public var rightInverseRoot: Tensor<Scalar>?
  }

  public struct State: Codable, Sendable, Equatable {
    public var count: Int
    /// The blocks of each parameter, in path order (empty for scalars).
    public var blocks: [[Block]]
    /// The grafting accumulator (empty when `grafting` is `.none`).
    public var graftingAccumulator: ParameterSet<Scalar>
  }

  public init(
    beta2: Double = 1, epsilon: Double = 1e-12, exponentOverride: Int? = nil, blockSize: Int = 1024,
    preconditionFrequency: Int = 1, startPreconditioningStep: Int = 1, grafting: ShampooGrafting = .adagrad(),
    inverseRootMethod: InverseRootMethod = .eigendecomposition
  ) {
    precondition(beta2 > 0 && beta2 <= 1, "beta2 must be in (0, 1], got \(beta2)")
    precondition(blockSize >= 1 && preconditionFrequency >= 1, "blockSize and preconditionFrequency must be positive")
    (self.beta2, self.epsilon, self.exponentOverride, self.blockSize) = (beta2, epsilon, exponentOverride, blockSize)
    (self.preconditionFrequency, self.startPreconditioningStep) = (preconditionFrequency, startPreconditioningStep)
    (self.grafting, self.inverseRootMethod) = (grafting, inverseRootMethod)
  }

  /// The matrix view [rows, columns] of a shape (vectors: [n, 1]).
  static func matrixShape(_ shape: [Int]) -> (Int, Int)? {
    switch shape.count {
    case 0: return nil
    case 1: return (shape[0], 1)
    default: return (shape[0], shape.dropFirst().reduce(1, *))
    }
  }

  public func initialState(for parameters: ParameterSet<Scalar>) -> State {
    let blocks = parameters.tensors.map { p -> [Block] in
      guard let (rows, columns) = Self.matrixShape(p.shape) else { return [] }
      var result: [Block] = []
      for r in stride(from: 0, to: rows, by: blockSize) {
        for c in stride(from: 0, to: columns, by: blockSize) {
          let (m, n) = (Swift.min(blockSize, rows - r), Swift.min(blockSize, columns - c))
          let vector = p.rank == 1
          result.append(Block(
            rowStart: r, rowEnd: r + m, columnStart: c, columnEnd: c + n,
            left: Tensor(zeros: [m, m]), right: vector ? nil : Tensor(zeros: [n, n]),
            leftInverseRoot: identity(m), rightInverseRoot: vector ? nil : identity(n)))
        }
      }
      return result
    }
    let accumulator = grafting == .none ? ParameterSet<Scalar>() : parameters.zeros()
    return State(count: 0, blocks: blocks, graftingAccumulator: accumulator)
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func update(_ updates: inout ParameterSet<Scalar>, state: inout State, parameters: ParameterSet<Scalar>) {
    state.count += 1
    let step = state.count
    let preconditioning = step >= startPreconditioningStep
    let refresh = (step - 1) % preconditionFrequency == 0
    for i in 0..<updates.count {
      let g = updates.tensors[i]
      // The grafted direction, elementwise.
      var graft = g
      switch grafting {
      case .none: break
      case .adagrad(let eps), .rmsprop(_, let eps):
        var beta: Scalar = 1, weight: Scalar = 1
        if case .rmsprop(let b, _) = grafting { (beta, weight) = (Scalar(b), Scalar(1 - b)) }
        let e = Scalar(eps)
        graft.scalars.withUnsafeMutableBufferPointer { d in
          state.graftingAccumulator.withBuffer(at: i) { a in
            for j in d.indices {
              a[j] = beta * a[j] + weight * d[j] * d[j]
              d[j] = d[j] / (a[j].squareRoot() + e)
            }
          }
        }
      }
      guard let (rows, columns) = Self.matrixShape(g.shape), preconditioning else {
        updates.replaceTensor(at: i, with: graft)
        continue
      }
      let matrix = g.reshaped(to: [rows, columns]), graftMatrix = graft.reshaped(to: [rows, columns])
      var direction = Tensor<Scalar>(zeros: [rows, columns])
      for b in state.blocks[i].indices {
        var block = state.blocks[i][b]
        let G = Self.slice(matrix, block)
        let factors = block.right == nil ? 1 : 2
        let p = exponentOverride ?? 2 * factors
        Self.accumulate(&block.left, matmul(G, transposed: false, G, transposed: true), beta2: beta2)
        if var right = block.right {
          Self.accumulate(&right, matmul(G, transposed: true, G, transposed: false), beta2: beta2)
          block.right = right
        }
        if refresh {
          block.leftInverseRoot = inverseRoot(block.left, p: p, epsilon: epsilon, method: inverseRootMethod)
          if let right = block.right { block.rightInverseRoot = inverseRoot(right, p: p, epsilon: epsilon, method: inverseRootMethod) }
        }
        var D = matmul(block.leftInverseRoot, G)
        if let rightRoot = block.rightInverseRoot { D = matmul(D, rightRoot) }
        if grafting != .none {
          let graftNorm = Self.slice(graftMatrix, block).scalars.withUnsafeBufferPointer { euclideanNorm($0) }
          let norm = D.scalars.withUnsafeBufferPointer { euclideanNorm($0) }
          if norm > 0 { D.scaleInPlace(by: Scalar(graftNorm / norm)) }
        }
        Self.write(D, into: &direction, block)
        state.blocks[i][b] = block
      }
      updates.replaceTensor(at: i, with: direction.reshaped(to: g.shape))
    }
  }

  static func accumulate(_ statistic: inout Tensor<Scalar>, _ outer: Tensor<Scalar>, beta2: Double) {
    let b = Scalar(beta2), w = Scalar(beta2 == 1 ? 1 : 1 - beta2)
    statistic.scalars.withUnsafeMutableBufferPointer { s in
      outer.scalars.withUnsafeBufferPointer { o in
        for j in s.indices { s[j] = b * s[j] + w * o[j] }
      }
    }
  }

  static func slice(_ matrix: Tensor<Scalar>, _ block: Block) -> Tensor<Scalar> {
    let columns = matrix.shape[1]
    let (m, n) = (block.rowEnd - block.rowStart, block.columnEnd - block.columnStart)
    if m == matrix.shape[0] && n == columns { return matrix }
    var out = [Scalar](repeating: 0, count: m * n)
    matrix.scalars.withUnsafeBufferPointer { x in
      for r in 0..<m { for c in 0..<n { out[r * n + c] = x[(block.rowStart + r) * columns + block.columnStart + c] } }
    }
    return Tensor(shape: [m, n], scalars: out)
  }

  static func write(_ D: Tensor<Scalar>, into matrix: inout Tensor<Scalar>, _ block: Block) {
    let columns = matrix.shape[1], n = block.columnEnd - block.columnStart
    matrix.scalars.withUnsafeMutableBufferPointer { x in
      D.scalars.withUnsafeBufferPointer { d in
        for r in 0..<(block.rowEnd - block.rowStart) {
          for c in 0..<n { x[(block.rowStart + r) * columns + block.columnStart + c] = d[r * n + c] }
        }
      }
    }
  }
}

/// Shampoo with momentum on the preconditioned direction and decoupled weight decay.
///
///     D = Shampoo(g) (see ``ScaleByShampoo``);   m ← D + β₁·m;   θ ← θ − η·(m + λ·θ)
///
/// Defaults follow Meta's DistributedShampoo where they exist: β₂ = 1 (AdaGrad sums),
/// ε = 1e-12, blocks of 1024, roots every step, AdaGrad grafting.
///
/// - Parameter learningRate: η (Meta's default 1e-2).
/// - Parameter momentum: β₁ of the heavy-ball momentum on D. Default `0.9`.
/// - Parameter weightDecay: λ. Default `0`.
/// - Note: Meta's implementation filters the gradient with an EMA (β₁ = 0.9) *before*
///   preconditioning; Regula applies momentum after it (the catalog's "momentum outside the
///   preconditioner"). With `momentum: 0` the two agree.
/// - SeeAlso: "Shampoo: Preconditioned Stochastic Tensor Optimization", Gupta, Koren &
///   Singer, ICML 2018; "Scalable Second Order Optimization for Deep Learning", Anil et al., 2020.
public func shampoo<Scalar: TensorScalar>(
  learningRate: Schedule, momentum: Double = 0.9, nesterov: Bool = false, beta2: Double = 1, epsilon: Double = 1e-12,
  exponentOverride: Int? = nil, blockSize: Int = 1024, preconditionFrequency: Int = 1, startPreconditioningStep: Int = 1,
  grafting: ShampooGrafting = .adagrad(), inverseRootMethod: InverseRootMethod = .eigendecomposition,
  weightDecay: Double = 0, mask: (@Sendable (String) -> Bool)? = nil
) -> some GradientTransformation<Scalar> {
  chain {
    ScaleByShampoo<Scalar>(
      beta2: beta2, epsilon: epsilon, exponentOverride: exponentOverride, blockSize: blockSize,
      preconditionFrequency: preconditionFrequency, startPreconditioningStep: startPreconditioningStep,
      grafting: grafting, inverseRootMethod: inverseRootMethod)
    Trace<Scalar>(decay: momentum, nesterov: nesterov)
    AddDecayedWeights<Scalar>(weightDecay, mask: mask)
    ScaleByLearningRate<Scalar>(learningRate)
  }
}
