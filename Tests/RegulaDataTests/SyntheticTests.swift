import RegulaData
import Testing

@Suite("Synthetic data")
struct SyntheticTests {
  @Test func twoMoonsWithoutNoiseLieOnTheirArcs() throws {
    let moons = Synthetic.twoMoons(count: 101, seed: 0, as: Double.self)
    #expect(moons.features.shape == [101, 2])
    let labels = try moons.classLabels()
    #expect(labels.filter { $0 == 0 }.count == 50)
    #expect(labels.filter { $0 == 1 }.count == 51)
    for i in 0..<101 {
      let (x, y) = (moons.features.scalars[2 * i], moons.features.scalars[2 * i + 1])
      if labels[i] == 0 {
        #expect(abs(x * x + y * y - 1) < 1e-12 && y >= -1e-12)
      } else {
        #expect(abs((x - 1) * (x - 1) + (y - 0.5) * (y - 0.5) - 1) < 1e-12 && y <= 0.5 + 1e-12)
      }
    }
    #expect(labels != labels.sorted())  // shuffled
    #expect(Synthetic.twoMoons(count: 101, seed: 0, as: Double.self) == moons)
  }

  @Test func twoMoonsNoiseHasTheRequestedSpread() throws {
    let clean = Synthetic.twoMoons(count: 4000, seed: 3, as: Double.self)
    let noisy = Synthetic.twoMoons(count: 4000, noise: 0.1, seed: 3, as: Double.self)
    // Same seed: same shuffle, so the difference is the noise alone.
    let difference = zip(noisy.features.scalars, clean.features.scalars).map { $0 - $1 }
    let variance = difference.map { $0 * $0 }.reduce(0, +) / Double(difference.count)
    #expect(abs(variance.squareRoot() - 0.1) < 0.005)
  }

  @Test func spiralsHaveOnePointPerRadiusAndArm() throws {
    let spirals = Synthetic.spirals(pointsPerArm: 50, arms: 3, turns: 1.5, seed: 2, as: Double.self)
    #expect(spirals.features.shape == [150, 2])
    let labels = try spirals.classLabels()
    for arm in 0..<3 {
      #expect(labels.filter { $0 == arm }.count == 50)
    }
    for i in 0..<150 {
      let (x, y) = (spirals.features.scalars[2 * i], spirals.features.scalars[2 * i + 1])
      let r = (x * x + y * y).squareRoot()
      // r = k / 50 and θ = 2π(1.5 r + arm / 3) (mod 2π)
      #expect(abs(r * 50 - (r * 50).rounded()) < 1e-9)
      let theta = 2 * Double.pi * (1.5 * r + Double(labels[i]) / 3)
      #expect(abs(x - r * _cos(theta)) < 1e-9 && abs(y - r * _sin(theta)) < 1e-9)
    }
  }

  @Test func blobsClusterAroundTheirCenters() throws {
    let centers: [[Double]] = [[0, 0], [10, 0], [0, 10]]
    let blobs = Synthetic.gaussianBlobs(count: 3001, centers: centers, standardDeviation: 0.5, seed: 4, as: Double.self)
    let labels = try blobs.classLabels()
    #expect([0, 1, 2].map { c in labels.filter { $0 == c }.count } == [1001, 1000, 1000])
    for c in 0..<3 {
      let rows = labels.indices.filter { labels[$0] == c }
      for axis in 0..<2 {
        let values = rows.map { blobs.features.scalars[2 * $0 + axis] }
        let mean = values.reduce(0, +) / Double(values.count)
        let sd = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)).squareRoot()
        #expect(abs(mean - centers[c][axis]) < 0.06)
        #expect(abs(sd - 0.5) < 0.04)
      }
    }
    let random = Synthetic.gaussianBlobs(count: 10, centerCount: 4, dimension: 5, seed: 1, as: Float.self)
    #expect(random.features.shape == [10, 5])
    #expect(Set(try random.classLabels()) == [0, 1, 2, 3])
  }

  @Test(arguments: ModularOperation.allCases)
  func modularLabelsAreCorrectForEveryPair(_ operation: ModularOperation) throws {
    let p = 13
    let task = Synthetic.modularArithmetic(modulus: p, operation: operation, trainFraction: 0.4, seed: 8)
    let all = task.train + task.test
    let expectedCount = operation == .division ? p * (p - 1) : p * p
    #expect(all.count == expectedCount)
    #expect(task.train.count == Int((0.4 * Double(expectedCount)).rounded()))
    #expect(Set(all.map { [$0.a, $0.b] }).count == expectedCount)  // every pair exactly once
    for example in all {
      let (a, b, c) = (example.a, example.b, example.result)
      #expect(c >= 0 && c < p)
      switch operation {
      case .addition: #expect((a + b) % p == c)
      case .subtraction: #expect((c + b) % p == a)
      case .multiplication: #expect((a * b) % p == c)
      case .division: #expect(b != 0 && (c * b) % p == a)
      }
    }
    let again = Synthetic.modularArithmetic(modulus: p, operation: operation, trainFraction: 0.4, seed: 8)
    #expect(again == task)
  }

  @Test func modularDatasetsEncodeTokensAndOneHot() throws {
    let task = Synthetic.modularArithmetic(modulus: 7, operation: .addition, seed: 1)
    let example = task.train[0]
    let tokens = task.dataset([example], encoding: .tokens, as: Float.self)
    #expect(tokens.features.scalars == [Float(example.a), Float(example.b)])
    #expect(tokens.targets == [Double(example.result)])
    let oneHot = task.dataset(task.train, encoding: .oneHot, as: Float.self)
    #expect(oneHot.features.shape == [task.train.count, 14])
    let row = Array(oneHot.features.scalars[0..<14])
    #expect(row.firstIndex(of: 1) == example.a && row.lastIndex(of: 1) == 7 + example.b)
    #expect(row.reduce(0, +) == 2)
  }

  @Test func sparseRegressionHasItsSupportCorrelationAndSNR() throws {
    let (n, p, rho) = (4000, 30, 0.6)
    let problem = Synthetic.sparseLinearRegression(
      sampleCount: n, featureCount: p, supportSize: 6, correlation: rho, noise: .signalToNoiseRatio(3), seed: 7,
      as: Double.self)
    #expect(problem.design.shape == [n, p])
    #expect(problem.support.count == 6)
    #expect(problem.support == problem.support.sorted())
    let beta = problem.coefficients.scalars
    #expect((0..<p).filter { beta[$0] != 0 } == problem.support)
    let x = problem.design.scalars
    func correlation(_ j: Int, _ k: Int) -> Double {
      var sum = 0.0
      for i in 0..<n { sum += x[i * p + j] * x[i * p + k] }
      return sum / Double(n)  // E[x] = 0 and E[x²] = 1 by construction
    }
    // Averaged over the columns, lag-1 and lag-2 correlations are ρ and ρ².
    let lag1 = (0..<(p - 1)).map { correlation($0, $0 + 1) }.reduce(0, +) / Double(p - 1)
    let lag2 = (0..<(p - 2)).map { correlation($0, $0 + 2) }.reduce(0, +) / Double(p - 2)
    let variance = (0..<p).map { correlation($0, $0) }.reduce(0, +) / Double(p)
    #expect(abs(lag1 - rho) < 0.01)
    #expect(abs(lag2 - rho * rho) < 0.01)
    #expect(abs(variance - 1) < 0.01)
    // y = Xβ + ε with ‖Xβ‖ / ‖ε‖ = 3 exactly.
    let y = problem.response.scalars
    let epsilon = problem.noise.scalars
    var signalNorm = 0.0
    for i in 0..<n {
      var s = 0.0
      for j in 0..<p { s += x[i * p + j] * beta[j] }
      #expect(abs(y[i] - s - epsilon[i]) < 1e-9)
      signalNorm += s * s
    }
    let noiseNorm = epsilon.map { $0 * $0 }.reduce(0, +)
    #expect(abs((signalNorm / noiseNorm).squareRoot() - 3) < 1e-9)

    let exact = Synthetic.sparseLinearRegression(
      sampleCount: 20, featureCount: 5, supportSize: 2, noise: .standardDeviation(0), seed: 1, as: Float.self)
    #expect(exact.noise.scalars.allSatisfy { $0 == 0 })
    #expect(exact.dataset.targets == exact.response.scalars.map(Double.init))
  }

  @Test func labelNoiseFlipsAtTheRequestedRateAndNeverKeepsTheClass() {
    let k = 10
    let labels = (0..<20_000).map { $0 % k }
    let (noisy, flipped) = labels.injectingSymmetricLabelNoise(rate: 0.3, classes: k, seed: 5)
    let rate = Double(flipped.filter { $0 }.count) / Double(labels.count)
    #expect(abs(rate - 0.3) < 0.01)
    for i in labels.indices {
      #expect((noisy[i] != labels[i]) == flipped[i])
      #expect(noisy[i] >= 0 && noisy[i] < k)
    }
    // The new class is uniform over the other k − 1 classes.
    var counts = [Int](repeating: 0, count: k)
    for i in labels.indices where flipped[i] { counts[(noisy[i] - labels[i] + k) % k] += 1 }
    #expect(counts[0] == 0)
    let expected = Double(flipped.filter { $0 }.count) / Double(k - 1)
    #expect(counts[1...].allSatisfy { abs(Double($0) - expected) < 0.12 * expected })
    // Deterministic, and the extremes.
    #expect(labels.injectingSymmetricLabelNoise(rate: 0.3, classes: k, seed: 5).labels == noisy)
    #expect(labels.injectingSymmetricLabelNoise(rate: 0, classes: k, seed: 5).labels == labels)
    #expect(labels.injectingSymmetricLabelNoise(rate: 1, classes: k, seed: 5).flipped.allSatisfy { $0 })
  }

  @Test func labelNoiseOnADataset() throws {
    let digits = Digits.load(as: Float.self)
    let (noisy, flipped) = try digits.injectingSymmetricLabelNoise(rate: 0.2, seed: 1)
    #expect(noisy.features == digits.features)
    let changed = zip(noisy.targets, digits.targets).map { $0 != $1 }
    #expect(changed == flipped)
    #expect(abs(Double(flipped.filter { $0 }.count) / 1797 - 0.2) < 0.03)
  }
}

private func _cos(_ x: Double) -> Double { Double.cos(x) }
private func _sin(_ x: Double) -> Double { Double.sin(x) }
