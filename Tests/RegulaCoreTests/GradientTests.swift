import RegulaCore
import Testing
import _Differentiation
import _RegulaTestSupport

/// Every differentiable primitive of RegulaCore against central differences in Double.
struct GradientTests {
  typealias T = Tensor<Double>
  static let x = randomTensor([3, 4], seed: 11)
  static let positive = abs(randomTensor([3, 4], seed: 12)) + 0.5
  static let y = randomTensor([3, 4], seed: 13)
  static let row = randomTensor([4], seed: 14)
  static let column = randomTensor([3, 1], seed: 15)

  struct Case: CustomTestStringConvertible, Sendable {
    let name: String
    let input: T
    let f: @Sendable @differentiable(reverse) (T) -> T
    var testDescription: String { name }
  }

  static let unary: [Case] = [
    Case(name: "exp", input: x) { exp($0) },
    Case(name: "log", input: positive) { log($0) },
    Case(name: "log1p", input: positive) { log1p($0) },
    Case(name: "expm1", input: x) { expm1($0) },
    Case(name: "sqrt", input: positive) { sqrt($0) },
    Case(name: "rsqrt", input: positive) { rsqrt($0) },
    Case(name: "square", input: x) { square($0) },
    Case(name: "pow scalar", input: positive) { pow($0, 2.5) },
    Case(name: "pow whole exponent, negative base", input: x) { pow($0, 3) + pow($0, -2) },
    Case(name: "pow tensor base", input: positive) { pow($0, GradientTests.positive) },
    Case(name: "pow tensor exponent", input: x) { pow(GradientTests.positive, $0) },
    Case(name: "abs", input: x) { abs($0) },
    Case(name: "sign times x", input: x) { sign($0) * $0 },
    Case(name: "erf", input: x) { erf($0) },
    Case(name: "tanh", input: x) { tanh($0) },
    Case(name: "sigmoid", input: x) { sigmoid($0) },
    Case(name: "softplus", input: x * 30) { softplus($0) },
    Case(name: "logSigmoid", input: x * 30) { logSigmoid($0) },
    Case(name: "relu", input: x) { relu($0) },
    Case(name: "gelu exact", input: x) { gelu($0) },
    Case(name: "gelu tanh", input: x) { gelu($0, approximate: true) },
    Case(name: "clamped", input: x) { $0.clamped(to: -0.5...0.5) },
    Case(name: "negate", input: x) { -$0 },
    Case(name: "add broadcast row", input: x) { $0 + GradientTests.row },
    Case(name: "add, as row", input: row) { GradientTests.x + $0 },
    Case(name: "subtract, as column", input: column) { GradientTests.x - $0 },
    Case(name: "multiply", input: x) { $0 * GradientTests.y },
    Case(name: "multiply, as column", input: column) { GradientTests.x * $0 },
    Case(name: "divide numerator", input: x) { $0 / GradientTests.positive },
    Case(name: "divide denominator", input: positive) { GradientTests.x / $0 },
    Case(name: "scalar ops", input: x) { (2 - $0) * 3 / 4 + 1 },
    Case(name: "max elementwise", input: x) { max($0, GradientTests.y) },
    Case(name: "min elementwise", input: x) { min($0, GradientTests.y) },
    Case(name: "select", input: x) { select(GradientTests.y.isGreater(than: 0), $0, $0 * 3) },
    Case(name: "sum", input: x) { $0.sum() },
    Case(name: "sum axis 0", input: x) { $0.sum(alongAxes: [0]) },
    Case(name: "sum axis -1 keep", input: x) { $0.sum(alongAxes: [-1], keepingDimensions: true) },
    Case(name: "mean", input: x) { $0.mean() },
    Case(name: "mean axes", input: randomTensor([2, 3, 4])) { $0.mean(alongAxes: [0, 2]) },
    Case(name: "variance", input: x) { $0.variance(alongAxes: [1]) },
    Case(name: "max axis", input: x) { $0.max(alongAxes: [1]) },
    Case(name: "min axis", input: x) { $0.min(alongAxes: [0], keepingDimensions: true) },
    Case(name: "max all", input: x) { $0.max() },
    Case(name: "logSumExp", input: x) { $0.logSumExp(alongAxes: [1]) },
    Case(name: "logSumExp large", input: x * 1000) { $0.logSumExp(alongAxes: [0]) },
    Case(name: "softmax", input: x) { softmax($0) },
    Case(name: "logSoftmax", input: x) { logSoftmax($0, alongAxis: 0) },
    Case(name: "l1Norm", input: x) { $0.l1Norm(alongAxes: [1]) },
    Case(name: "l2Norm", input: x) { $0.l2Norm(alongAxes: [0]) },
    Case(name: "lInfinityNorm", input: x) { $0.lInfinityNorm() },
    Case(name: "frobeniusNorm", input: x) { $0.frobeniusNorm() },
    Case(name: "reshaped", input: x) { $0.reshaped(to: [2, -1]) * GradientTests.y.reshaped(to: [2, 6]) },
    Case(name: "expanding and squeezing", input: x) { $0.expandingShape(at: 1).squeezingShape(at: [1]) * GradientTests.y },
    Case(name: "transposed", input: x) { $0.transposed() },
    Case(name: "permuted", input: randomTensor([2, 3, 4])) { $0.transposed(permutation: [2, 0, 1]) },
    Case(name: "slice", input: x) { $0.slice(alongAxis: 1, 1..<3) },
    Case(name: "concatenate", input: x) { T(concatenating: [$0, $0 * 2], alongAxis: 1) },
    Case(name: "stack", input: x) { T(stacking: [$0, exp($0)], alongAxis: 1) },
    Case(name: "broadcasted", input: row) { $0.broadcasted(to: [3, 4]) },
    Case(name: "gathering", input: x) { $0.gathering(atIndices: [2, 0, 2]) },
    Case(name: "gathering axis 1", input: x) { $0.gathering(atIndices: [3, 3, 1], alongAxis: 1) },
    Case(name: "scatterAdding base", input: x) { $0.scatterAdding(GradientTests.y.slice(0..<2), atIndices: [1, 1]) },
    Case(name: "scatterAdding updates", input: x.slice(0..<2)) { GradientTests.y.scatterAdding($0, atIndices: [2, 0]) },
    Case(name: "picking", input: x) { $0.picking(indices: [3, 0, 1]) },
    Case(name: "matmul lhs", input: x) { matmul($0, GradientTests.y.transposed()) },
    Case(name: "matmul rhs", input: x) { matmul(GradientTests.y.transposed(), $0) },
    Case(name: "matmul transposed flags", input: x) { matmul($0, transposed: true, GradientTests.y, transposed: false) },
    Case(name: "matmul rhs transposed", input: x) { matmul(GradientTests.y, transposed: false, $0, transposed: true) },
    Case(name: "batched matmul", input: randomTensor([2, 3, 4])) { matmul($0, randomTensor([2, 4, 5], seed: 3)) },
    Case(name: "batched matmul rhs", input: randomTensor([2, 4, 5])) { matmul(randomTensor([2, 3, 4], seed: 3), $0) },
    Case(name: "batch by matrix", input: randomTensor([2, 3, 4])) { matmul($0, randomTensor([4, 5], seed: 3)) },
    Case(name: "batch by matrix rhs", input: randomTensor([4, 5])) { matmul(randomTensor([2, 3, 4], seed: 3), $0) },
  ]

  @Test(arguments: unary)
  func matchesCentralDifferences(_ c: Case) {
    let error = gradientError(at: c.input, of: c.f)
    #expect(error <= 1e-6, "\(c.name): relative gradient error \(error)")
  }
}

extension GradientTests {
  /// An intermediate result that is computed but not used receives the rank-0 `zero` as its
  /// gradient; pullbacks that sum to an operand's shape must accept it.
  @Test func unusedIntermediateResultsHaveZeroGradient() {
    let x = randomTensor([3, 4])
    for useIt in [false, true] {
      let g = gradient(at: x) { x -> Double in
        let maybeUnused = x * GradientTests.row
        if useIt { return maybeUnused.sum().scalarized() }
        return (x * 2).sum().scalarized()
      }
      #expect(g == (useIt ? GradientTests.row.broadcasted(to: [3, 4]) : Tensor(repeating: 2, shape: [3, 4])))
    }
  }
}

extension GradientTests {
  /// Every op's pullback accepts the rank-0 `zero` that stands for an unused result.
  @Test(arguments: unary)
  func unusedResultContributesNothing(_ c: Case) {
    for useIt in [false, true] {
      let g = gradient(at: c.input) { x -> Double in
        let maybeUnused = c.f(x)
        if useIt { return maybeUnused.sum().scalarized() * 0 }
        return (x * 2).sum().scalarized()
      }
      #expect(g.broadcasted(to: c.input.shape) == Tensor(repeating: useIt ? 0 : 2, shape: c.input.shape), "\(c.name)")
    }
  }
}
