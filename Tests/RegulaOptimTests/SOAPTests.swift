import RegulaOptim
import Testing
import _RegulaTestSupport

/// SOAP against a slow, literal transcription of the reference algorithm (Vyas et al. 2025,
/// github.com/nikhilvyas/SOAP soap.py), with Regula's weight-decay convention.
struct SOAPTests {
  static let c = Tensor<Double>(shape: [3, 4], scalars: (0..<12).map { 0.5 + Double($0) / 4 })
  static func gradient(_ w: Tensor<Double>) -> Tensor<Double> { 2 * c * w + w * w * w - 0.3 }

  static func descendingEigenvectors(_ a: Tensor<Double>) -> Tensor<Double> {
    let n = a.shape[0]
    let v = symmetricEigendecomposition(a).eigenvectors
    return Tensor(shape: [n, n], scalars: (0..<(n * n)).map { k in v.scalars[(k / n) * n + (n - 1 - k % n)] })
  }

  static func columns(_ a: Tensor<Double>, _ order: [Int]) -> Tensor<Double> {
    let (m, n) = (a.shape[0], a.shape[1])
    return Tensor(shape: [m, n], scalars: (0..<(m * n)).map { k in a.scalars[(k / n) * n + order[k % n]] })
  }

  static func rows(_ a: Tensor<Double>, _ order: [Int]) -> Tensor<Double> {
    let (m, n) = (a.shape[0], a.shape[1])
    return Tensor(shape: [m, n], scalars: (0..<(m * n)).map { k in a.scalars[order[k / n] * n + k % n] })
  }

  static func sortedByEstimate(_ stat: Tensor<Double>, _ q: Tensor<Double>) -> [Int] {
    let d = matmul(matmul(q, transposed: true, stat, transposed: false), q)
    let n = q.shape[1]
    return (0..<n).sorted { d.scalars[$0 * n + $0] > d.scalars[$1 * n + $1] }
  }

  @Test func matchesTheReferenceAlgorithm() {
    let (lr, b1, b2, eps, wd, frequency) = (0.05, 0.9, 0.95, 1e-8, 0.01, 2)
    var w = randomTensor([3, 4], seed: 12)
    var parameters = ParameterSet([("w", w)])
    let optimizer: some GradientTransformation<Double> = soap(
      learningRate: .constant(lr), beta1: b1, beta2: b2, epsilon: eps, weightDecay: wd, preconditionFrequency: frequency)
    var state = optimizer.initialState(for: parameters)

    var (L, R) = (Tensor<Double>(zeros: [3, 3]), Tensor<Double>(zeros: [4, 4]))
    var ql: Tensor<Double>? = nil, qr = Tensor<Double>(zeros: [4, 4])
    var (m, v) = (Tensor<Double>(zeros: [3, 4]), Tensor<Double>(zeros: [3, 4]))
    var step = 0
    for _ in 0..<9 {
      let g = Self.gradient(w)
      optimizer.step(&parameters, gradient: ParameterSet([("w", g)]), state: &state)
      let outerL = matmul(g, transposed: false, g, transposed: true), outerR = matmul(g, transposed: true, g, transposed: false)
      guard let qLeft = ql else {
        L = L + (1 - b2) * (outerL - L)
        R = R + (1 - b2) * (outerR - R)
        ql = Self.descendingEigenvectors(L)
        qr = Self.descendingEigenvectors(R)
        #expect(parameters["w"] == w, "the first call must not move the parameters")
        continue
      }
      var qlCurrent = qLeft
      let gRotated = matmul(matmul(qlCurrent, transposed: true, g, transposed: false), qr)
      step += 1
      m = b1 * m + (1 - b1) * gRotated
      v = b2 * v + (1 - b2) * gRotated * gRotated
      let direction = matmul(matmul(qlCurrent, m / (sqrt(v) + eps)), transposed: false, qr, transposed: true)
      let stepSize = lr * (1 - Double.pow(b2, Double(step))).squareRoot() / (1 - Double.pow(b1, Double(step)))
      w = w - stepSize * direction - lr * wd * w
      L = L + (1 - b2) * (outerL - L)
      R = R + (1 - b2) * (outerR - R)
      if step % frequency == 0 {
        let mOriginal = matmul(matmul(qlCurrent, m), transposed: false, qr, transposed: true)
        let leftOrder = Self.sortedByEstimate(L, qlCurrent)
        v = Self.rows(v, leftOrder)
        qlCurrent = qrDecomposition(matmul(L, Self.columns(qlCurrent, leftOrder))).q
        let rightOrder = Self.sortedByEstimate(R, qr)
        v = Self.columns(v, rightOrder)
        qr = qrDecomposition(matmul(R, Self.columns(qr, rightOrder))).q
        m = matmul(matmul(qlCurrent, transposed: true, mOriginal, transposed: false), qr)
        ql = qlCurrent
      }
      #expect(maxRelativeDifference(parameters["w"], w, floor: 1e-3) < 1e-9, "step \(step)")
    }
  }

  @Test func vectorsArePlainAdamAfterTheFirstCall() {
    let start = ParameterSet([("b", Tensor<Double>([0.5, -1, 2]))])
    let s: some GradientTransformation<Double> = soap(learningRate: 0.1, beta1: 0.9, beta2: 0.999, weightDecay: 0)
    let a: Chained<ScaleByAdam<Double>, ScaleByLearningRate<Double>> = adam(learningRate: 0.1)
    var (p1, s1) = (start, s.initialState(for: start))
    var (p2, s2) = (start, a.initialState(for: start))
    let grad = { (p: ParameterSet<Double>) in p.mapTensors { _, t in 2 * t - 1 } }
    s.step(&p1, gradient: grad(p1), state: &s1)
    #expect(p1 == start)
    for _ in 0..<5 {
      s.step(&p1, gradient: grad(p1), state: &s1)
      a.step(&p2, gradient: grad(p2), state: &s2)
    }
    // SOAP's ε is outside √v without bias correction of v: u = √(1 − β₂ᵗ)/(1 − β₁ᵗ)·m/(√v + ε).
    #expect(maxRelativeDifference(p1["b"], p2["b"], floor: 1e-3) < 1e-6)
  }
}
