import RegulaNN
import Testing
import _Differentiation
import _RegulaTestSupport

/// Ghost batch normalization against a literal per-chunk normalization and PyTorch's
/// running-statistics update written out.
struct GhostBatchNormTests {
  static let training = ForwardContext(isTraining: true)

  /// Each chunk of `g` rows normalized by its own mean and biased variance, then γ, β.
  static func literal(_ x: Tensor<Double>, ghost g: Int, scale: [Double], offset: [Double], epsilon: Double) -> [Double] {
    let (n, c) = (x.shape[0], x.shape[1])
    var y = [Double](repeating: 0, count: n * c)
    var start = 0
    while start < n {
      let end = Swift.min(start + g, n)
      for j in 0..<c {
        var mean = 0.0
        for i in start..<end { mean += x.scalars[i * c + j] }
        mean /= Double(end - start)
        var variance = 0.0
        for i in start..<end { variance += (x.scalars[i * c + j] - mean) * (x.scalars[i * c + j] - mean) }
        variance /= Double(end - start)
        for i in start..<end { y[i * c + j] = (x.scalars[i * c + j] - mean) / (variance + epsilon).squareRoot() * scale[j] + offset[j] }
      }
      start = end
    }
    return y
  }

  @Test(arguments: [2, 3, 7, 100])
  func trainingNormalizesEachGhostBatch(_ ghost: Int) {
    let layer = GhostBatchNorm<Double>(size: 3, ghostBatchSize: ghost, name: "bn")
    let x = randomTensor([7, 3], seed: 1, scale: 2) + 0.5
    var parameters = layer.initialParameters(seed: 0)
    parameters["bn.scale"] = Tensor([1.5, -0.5, 2])
    parameters["bn.offset"] = Tensor([0.1, 0.2, -0.3])
    let y = layer(x, parameters: parameters, context: Self.training)
    let expected = Self.literal(x, ghost: ghost, scale: [1.5, -0.5, 2], offset: [0.1, 0.2, -0.3], epsilon: 1e-5)
    #expect(zip(y.scalars, expected).allSatisfy { Swift.abs($0 - $1) < 1e-12 })
    // A ghost batch of the whole batch is batch normalization: each column has mean β.
    if ghost >= 7 {
      let means = y.mean(alongAxes: [0]).scalars
      #expect(zip(means, [0.1, 0.2, -0.3]).allSatisfy { Swift.abs($0 - $1) < 1e-12 })
    }
  }

  @Test func runningStatisticsFollowPyTorchPerChunkAndDriveInference() {
    var layer = GhostBatchNorm<Double>(size: 2, ghostBatchSize: 3, momentum: 0.2, name: "bn")
    let x = Tensor<Double>(shape: [5, 2], scalars: [1, 10, 2, 20, 4, 60, 0, -1, 2, 3])
    let statistics = layer.updatedStatistics(layer.runningStatistics, input: x)
    // Chunk 1: rows 0–2, means (7/3, 30), unbiased variances (7/3, 700). Chunk 2: rows 3–4,
    // means (1, 1), unbiased variances (2, 8). Start: mean 0, variance 1.
    let mean0 = 0.8 * (0.8 * 0 + 0.2 * 7.0 / 3) + 0.2 * 1
    let mean1 = 0.8 * (0.8 * 0 + 0.2 * 30) + 0.2 * 1
    let variance0 = 0.8 * (0.8 * 1 + 0.2 * 7.0 / 3) + 0.2 * 2
    let variance1 = 0.8 * (0.8 * 1 + 0.2 * 700) + 0.2 * 8
    #expect(Swift.abs(statistics.mean[0] - mean0) < 1e-12 && Swift.abs(statistics.mean[1] - mean1) < 1e-12)
    #expect(Swift.abs(statistics.variance[0] - variance0) < 1e-12 && Swift.abs(statistics.variance[1] - variance1) < 1e-12)
    #expect(statistics.count == 2)
    layer.runningStatistics = statistics
    var parameters = layer.initialParameters(seed: 0)
    parameters["bn.scale"] = Tensor([2, 3])
    let y = layer(x, parameters: parameters)  // inference
    for i in 0..<5 {
      #expect(Swift.abs(y.scalars[i * 2] - (x.scalars[i * 2] - mean0) / (variance0 + 1e-5).squareRoot() * 2) < 1e-12)
      #expect(Swift.abs(y.scalars[i * 2 + 1] - (x.scalars[i * 2 + 1] - mean1) / (variance1 + 1e-5).squareRoot() * 3) < 1e-12)
    }
  }

  @Test func gradientsMatchFiniteDifferences() {
    let layer = GhostBatchNorm<Double>(size: 3, ghostBatchSize: 3, name: "bn")
    let x = randomTensor([8, 3], seed: 4)
    var parameters = layer.initialParameters(seed: 0)
    parameters["bn.scale"] = randomTensor([3], seed: 5)
    parameters["bn.offset"] = randomTensor([3], seed: 6)
    let p = parameters
    #expect(gradientError(at: x) { layer($0, parameters: p, context: Self.training) } < 1e-6)
    #expect(gradientError(at: p["bn.scale"]) { s in layer(x, parameters: p.replacing("bn.scale", with: s), context: Self.training) } < 1e-6)
    #expect(gradientError(at: p["bn.offset"]) { b in layer(x, parameters: p.replacing("bn.offset", with: b), context: Self.training) } < 1e-6)
    #expect(gradientError(at: x) { layer($0, parameters: p) } < 1e-6)  // inference
  }

  @Test func sequentialNamesIt() {
    let model = Sequential<Double> {
      Dense<Double>(inputSize: 2, outputSize: 3)
      GhostBatchNorm<Double>(size: 3, ghostBatchSize: 2)
    }
    #expect(model.initialParameters(seed: 0).paths.contains("ghostBatchNorm1.scale"))
  }
}
