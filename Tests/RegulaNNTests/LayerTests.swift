import RegulaNN
import Testing
import _Differentiation
import _RegulaTestSupport

struct LayerTests {
  static let input = randomTensor([5, 4], seed: 3)

  /// Gradient with respect to every parameter of `layer`, checked one path at a time.
  static func parameterGradientErrors<L: Layer>(_ layer: L, input: Tensor<Double>, seed: UInt64 = 1) -> [String: Double] where L.Scalar == Double {
    let parameters = layer.initialParameters(seed: seed)
    var errors: [String: Double] = [:]
    for path in parameters.paths {
      errors[path] = gradientError(at: parameters[path]) { t in layer(input, parameters: parameters.replacing(path, with: t)) }
    }
    errors["input"] = gradientError(at: input) { layer($0, parameters: parameters) }
    return errors
  }

  @Test func denseComputesAffineMapAndItsGradients() {
    let dense = Dense<Double>(inputSize: 4, outputSize: 3, name: "d")
    let p = dense.initialParameters(seed: 1)
    #expect(p.paths == ["d.weight", "d.bias"])
    let expected = matmul(Self.input, p["d.weight"]) + p["d.bias"]
    #expect(dense(Self.input, parameters: p) == expected)
    for (path, error) in Self.parameterGradientErrors(dense, input: Self.input) { #expect(error < 1e-6, "\(path): \(error)") }
  }

  @Test func layerNormNormalizesAndDifferentiates() {
    let norm = LayerNorm<Double>(size: 4, name: "ln")
    let y = norm(Self.input * 5 + 3, parameters: norm.initialParameters(seed: 0))
    #expect(maxRelativeDifference(y.mean(alongAxes: [1]), Tensor(zeros: [5]), floor: 1) < 1e-12)
    #expect(maxRelativeDifference(y.variance(alongAxes: [1]), Tensor(ones: [5]), floor: 1) < 1e-5)
    var p = norm.initialParameters(seed: 0)
    p["ln.scale"] = randomTensor([4], seed: 5)
    p["ln.offset"] = randomTensor([4], seed: 6)
    for path in p.paths {
      let error = gradientError(at: p[path]) { t in norm(Self.input, parameters: p.replacing(path, with: t)) }
      #expect(error < 1e-6, "\(path): \(error)")
    }
    #expect(gradientError(at: Self.input) { norm($0, parameters: p) } < 1e-6)
  }

  @Test func embeddingLooksUpRowsAndScatterAddsGradients() {
    let embedding = Embedding<Double>(vocabularySize: 6, dimension: 3, name: "emb")
    let p = embedding.initialParameters(seed: 2)
    let tokens = Tensor<Double>(shape: [2, 2], scalars: [5, 0, 5, 2])
    let y = embedding(tokens, parameters: p)
    #expect(y.shape == [2, 2, 3])
    #expect(y.slice(0..<1).reshaped(to: [2, 3]).slice(0..<1).scalars == p["emb.table"].slice(5..<6).scalars)
    let g = gradient(at: p) { p in embedding(tokens, parameters: p).sum().scalarized() }
    #expect(g["emb.table"].sum(alongAxes: [1]).scalars == [3, 0, 3, 0, 0, 6])
  }

  @Test func dropoutIsReplayableAndScaled() {
    let dropout = Dropout<Double>(rate: 0.25, name: "drop")
    let x = Tensor<Double>(ones: [200, 50])
    let training = ForwardContext(isTraining: true, seed: 9)
    let a = dropout(x, parameters: ParameterSet(), context: training)
    #expect(a == dropout(x, parameters: ParameterSet(), context: training))
    #expect(a != dropout(x, parameters: ParameterSet(), context: ForwardContext(isTraining: true, seed: 10)))
    #expect(Set(a.scalars) == [0, 1 / 0.75])
    #expect(abs(a.mean().scalar - 1) < 0.03)
    #expect(dropout(x, parameters: ParameterSet()) == x)
  }

  @Test func sequentialNamesLayersAndChainsGradients() {
    let mlp = Sequential<Double>.multilayerPerceptron(inputSize: 4, hiddenSizes: [6, 5], outputSize: 3, activation: .tanh, name: "mlp")
    let p = mlp.initialParameters(seed: 4)
    #expect(p.paths == ["mlp.dense1.weight", "mlp.dense1.bias", "mlp.dense2.weight", "mlp.dense2.bias", "mlp.dense3.weight", "mlp.dense3.bias"])
    for (path, error) in Self.parameterGradientErrors(mlp, input: Self.input, seed: 4) { #expect(error < 1e-6, "\(path): \(error)") }
  }

  struct TwoTower: Layer {
    var left = Dense<Double>(inputSize: 4, outputSize: 2, name: "left")
    var right = [Dense<Double>(inputSize: 4, outputSize: 2, name: "right")]
    var scale = 2.0

    @differentiable(reverse, wrt: (input, parameters))
    func callAsFunction(_ input: Tensor<Double>, parameters: ParameterSet<Double>, context: ForwardContext) -> Tensor<Double> {
      left(input, parameters: parameters, context: context) * right[0](input, parameters: parameters, context: context)
    }
  }

  @Test func customModelNeedsOnlyItsConformance() {
    let model = TwoTower()
    let p = model.initialParameters(seed: 1)
    #expect(p.paths == ["left.weight", "left.bias", "right.weight", "right.bias"])
    for (path, error) in Self.parameterGradientErrors(model, input: Self.input) { #expect(error < 1e-6, "\(path): \(error)") }
  }

  @Test func initializersHaveTheirVariance() {
    var rng = RandomGenerator(seed: 3)
    let glorot: Tensor<Double> = Initializer.glorotUniform.makeTensor(shape: [300, 200], using: &rng)
    #expect(abs(glorot.variance(alongAxes: [0, 1]).scalar - 2.0 / 500) < 2e-4)
    let he: Tensor<Double> = Initializer.heNormal.makeTensor(shape: [300, 200], using: &rng)
    #expect(abs(he.variance(alongAxes: [0, 1]).scalar - 2.0 / 300) < 3e-4)
  }
}

extension LayerTests {
  @Test(arguments: [[6, 4], [4, 6], [2, 3, 5]])
  func orthogonalInitializerIsOrthogonal(_ shape: [Int]) {
    var rng = RandomGenerator(seed: 8)
    let w: Tensor<Double> = Initializer.orthogonal(gain: 2).makeTensor(shape: shape, using: &rng)
    #expect(w.shape == shape)
    let m = w.reshaped(to: [-1, shape.last!])
    let small = m.shape[0] >= m.shape[1] ? matmul(m.transposed(), m) : matmul(m, m.transposed())
    let identity = Tensor<Double>.oneHot(Array(0..<small.shape[0]), depth: small.shape[0]) * 4
    #expect(maxRelativeDifference(small, identity, floor: 1) < 1e-12)
  }
}
