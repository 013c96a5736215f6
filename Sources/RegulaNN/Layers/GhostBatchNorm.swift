import _Differentiation

/// Ghost batch normalization: batch normalization whose statistics come from consecutive
/// "ghost" batches of `ghostBatchSize` examples rather than the whole minibatch, so a large
/// batch keeps the noise (and the generalization) of small-batch statistics.
///
/// For an input [N, C] split along the batch into chunks B₁, B₂, … of b_g rows (the last
/// may be shorter), each row x of chunk B is normalized by that chunk's mean and biased
/// variance:
///
///     y = (x − μ_B) / √(σ²_B + ε) · γ + β
///
/// In inference the running statistics replace μ_B, σ²_B. They are updated once per chunk,
/// in order, with PyTorch's convention (the unbiased chunk variance, s²_B = σ²_B·|B|/(|B| − 1)):
///
///     μ̄ ← (1 − m)·μ̄ + m·μ_B,   σ̄² ← (1 − m)·σ̄² + m·s²_B
///
/// Parameters: `name.scale` (γ, ones) and `name.offset` (β, zeros), of shape [size]. The
/// running statistics are not parameters (no optimizer, weight decay or penalty may touch
/// them): they are the layer's ``runningStatistics``, which
/// ``updatedStatistics(_:input:)`` advances after a training forward pass.
///
/// - Parameters:
///   - size: C, the number of features.
///   - ghostBatchSize: b_g ≥ 1. Default 32.
///   - momentum: m ∈ [0, 1]. Default 0.1 (PyTorch's).
///   - epsilon: ε > 0. Default 1e-5 (PyTorch's).
/// - SeeAlso: E. Hoffer, I. Hubara & D. Soudry, "Train longer, generalize better: closing the
///   generalization gap in large batch training of neural networks", NeurIPS 2017; S. Ioffe
///   & C. Szegedy, "Batch Normalization", ICML 2015.
/// - Note: with b_g ≥ N this is plain batch normalization. Regula's layers are pure functions
///   of input and parameters, so the running statistics are advanced by an explicit call
///   rather than as a side effect of the forward pass (PyTorch's buffers).
public struct GhostBatchNorm<Scalar: TensorScalar>: NamedLayer {
  public var size: Int
  public var ghostBatchSize: Int
  public var momentum: Double
  public var epsilon: Double
  public var name: String
  /// μ̄ and σ̄², read in inference.
  public var runningStatistics: Statistics
  public static var defaultNameStem: String { "ghostBatchNorm" }

  /// The running mean and variance of each feature, and how many ghost batches made them.
  public struct Statistics: Codable, Sendable, Equatable {
    public var mean: [Double]
    public var variance: [Double]
    public var count: Int

    /// Mean 0 and variance 1 (PyTorch's initial buffers).
    public init(size: Int) {
      (mean, variance, count) = (Array(repeating: 0, count: size), Array(repeating: 1, count: size), 0)
    }
  }

  public init(size: Int, ghostBatchSize: Int = 32, momentum: Double = 0.1, epsilon: Double = 1e-5, name: String = "") {
    precondition(size > 0 && ghostBatchSize > 0, "GhostBatchNorm needs a positive size and ghostBatchSize, got \(size), \(ghostBatchSize)")
    precondition((0...1).contains(momentum) && epsilon > 0, "GhostBatchNorm needs momentum in [0, 1] and epsilon > 0, got \(momentum), \(epsilon)")
    (self.size, self.ghostBatchSize, self.momentum, self.epsilon, self.name) = (size, ghostBatchSize, momentum, epsilon, name)
    runningStatistics = Statistics(size: size)
  }

  public func initializeParameters(into parameters: inout ParameterSet<Scalar>, using rng: inout RandomGenerator) {
    parameters[path("scale")] = Tensor(ones: [size])
    parameters[path("offset")] = Tensor(zeros: [size])
  }

  /// The chunks' row ranges for a batch of `count` rows.
  func chunks(count: Int) -> [Range<Int>] {
    Swift.stride(from: 0, to: count, by: ghostBatchSize).map { $0..<Swift.min($0 + ghostBatchSize, count) }
  }

  @differentiable(reverse, wrt: (input, parameters))
  public func callAsFunction(_ input: Tensor<Scalar>, parameters: ParameterSet<Scalar>, context: ForwardContext) -> Tensor<Scalar> {
    checkInput(withoutDerivative(at: input.shape))
    let (scale, offset) = (parameters[path("scale")], parameters[path("offset")])
    guard context.isTraining else {
      let (mean, inverse) = runningTensors()
      return (input - mean) * inverse * scale + offset
    }
    let ranges = withoutDerivative(at: chunks(count: input.shape[0]))
    let eps = withoutDerivative(at: Scalar(epsilon))
    var parts: [Tensor<Scalar>] = []
    for range in ranges {
      let chunk = input.slice(alongAxis: 0, range)
      let centered = chunk - chunk.mean(alongAxes: [0], keepingDimensions: true)
      let variance = square(centered).mean(alongAxes: [0], keepingDimensions: true)
      parts.append(centered * rsqrt(variance + eps))
    }
    return Tensor(concatenating: parts, alongAxis: 0) * scale + offset
  }

  func checkInput(_ shape: [Int]) {
    precondition(shape.count == 2 && shape[1] == size, "GhostBatchNorm \(name): input must be [N, \(size)], got \(shape)")
  }

  /// μ̄ and 1/√(σ̄² + ε) as tensors of shape [size].
  func runningTensors() -> (mean: Tensor<Scalar>, inverseDeviation: Tensor<Scalar>) {
    (Tensor(shape: [size], scalars: runningStatistics.mean.map { Scalar($0) }),
     Tensor(shape: [size], scalars: runningStatistics.variance.map { Scalar(1 / ($0 + epsilon).squareRoot()) }))
  }

  /// The running statistics after the ghost batches of `input` (a training batch, [N, size]),
  /// one momentum update per chunk in order.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public func updatedStatistics(_ statistics: Statistics, input: Tensor<Scalar>) -> Statistics {
    checkInput(input.shape)
    var next = statistics
    let x = input.scalars.map(Double.init)
    for range in chunks(count: input.shape[0]) {
      let n = Double(range.count)
      for c in 0..<size {
        var mean = 0.0
        for i in range { mean += x[i * size + c] }
        mean /= n
        var squares = 0.0
        for i in range { squares += (x[i * size + c] - mean) * (x[i * size + c] - mean) }
        let unbiased = range.count > 1 ? squares / (n - 1) : 0
        next.mean[c] = (1 - momentum) * next.mean[c] + momentum * mean
        next.variance[c] = (1 - momentum) * next.variance[c] + momentum * unbiased
      }
      next.count += 1
    }
    return next
  }
}
