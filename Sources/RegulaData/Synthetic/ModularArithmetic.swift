/// A binary operation modulo *p*.
public enum ModularOperation: String, Sendable, Hashable, CaseIterable, Codable {
  /// (a + b) mod p.
  case addition
  /// (a − b) mod p, in 0 ..< p.
  case subtraction
  /// (a · b) mod p.
  case multiplication
  /// a · b⁻¹ mod p for b ≠ 0, with b⁻¹ the inverse modulo a prime p.
  case division

  /// a ∘ b mod `modulus`, for a, b in 0 ..< modulus (b ≠ 0 for division).
  public func apply(_ a: Int, _ b: Int, modulus p: Int) -> Int {
    precondition(a >= 0 && a < p && b >= 0 && b < p, "operands \(a), \(b) must lie in 0..<\(p)")
    switch self {
    case .addition: return (a + b) % p
    case .subtraction: return ((a - b) % p + p) % p
    case .multiplication: return (a * b) % p
    case .division:
      precondition(b != 0, "division by 0 modulo \(p)")
      return (a * modularPower(b, p - 2, modulus: p)) % p
    }
  }

  /// The symbol used in descriptions: `+`, `−`, `×`, `÷`.
  public var symbol: String {
    switch self {
    case .addition: return "+"
    case .subtraction: return "−"
    case .multiplication: return "×"
    case .division: return "÷"
    }
  }
}

/// bᵉ mod m by repeated squaring (m < 2³¹, so products fit in 64 bits).
private func modularPower(_ base: Int, _ exponent: Int, modulus m: Int) -> Int {
  var result = 1
  var b = base % m
  var e = exponent
  while e > 0 {
    if e & 1 == 1 { result = result * b % m }
    b = b * b % m
    e >>= 1
  }
  return result
}

/// One equation a ∘ b = c (mod p).
public struct ModularExample: Sendable, Hashable, Codable {
  /// The left operand, a token in 0 ..< p.
  public var a: Int
  /// The right operand, a token in 0 ..< p.
  public var b: Int
  /// The label c = a ∘ b mod p.
  public var result: Int

  public init(a: Int, b: Int, result: Int) {
    self.a = a
    self.b = b
    self.result = result
  }
}

/// The equations of one modular operation, split into training and test equations: the
/// algorithmic data sets on which Power et al. observed grokking.
///
/// The operands a and b are integer tokens 0 … p − 1 and the label is c = a ∘ b mod p. All
/// p² pairs are used (p(p − 1) for division, where b ≠ 0).
///
///     let task = Synthetic.modularArithmetic(modulus: 97, operation: .addition, trainFraction: 0.3, seed: 0)
///     let train = task.dataset(task.train, encoding: .oneHot, as: Float.self)  // [2823, 194]
public struct ModularArithmeticTask: Sendable, Equatable {
  /// How ``dataset(_:encoding:as:)`` presents the operands.
  public enum Encoding: Sendable, Hashable {
    /// Two features, the tokens a and b (for an embedding layer).
    case tokens
    /// 2p features, one-hot(a) followed by one-hot(b) (for a multilayer perceptron, as in
    /// Gromov, "Grokking modular arithmetic", 2023).
    case oneHot
  }

  /// The modulus p.
  public let modulus: Int
  /// The operation ∘.
  public let operation: ModularOperation
  /// The training equations, in shuffled order.
  public let train: [ModularExample]
  /// The held-out equations, in shuffled order.
  public let test: [ModularExample]

  init(modulus: Int, operation: ModularOperation, train: [ModularExample], test: [ModularExample]) {
    self.modulus = modulus
    self.operation = operation
    self.train = train
    self.test = test
  }

  /// Every equation in the order a = 0 … p − 1, then b.
  public var allExamples: [ModularExample] {
    let firstB = operation == .division ? 1 : 0
    var examples = [ModularExample]()
    examples.reserveCapacity(modulus * (modulus - firstB))
    for a in 0..<modulus {
      for b in firstB..<modulus {
        examples.append(ModularExample(a: a, b: b, result: operation.apply(a, b, modulus: modulus)))
      }
    }
    return examples
  }

  /// Equations as a data set: features per `encoding`, targets the labels c.
  public func dataset<Scalar: TensorScalar>(
    _ examples: [ModularExample], encoding: Encoding, as _: Scalar.Type = Scalar.self
  ) -> Dataset<Scalar> {
    let p = modulus
    let width = encoding == .tokens ? 2 : 2 * p
    let features = Tensor<Scalar>(shape: [examples.count, width]) { buffer in
      buffer.initialize(repeating: 0)
      for (i, example) in examples.enumerated() {
        switch encoding {
        case .tokens:
          buffer[i * width] = Scalar(example.a)
          buffer[i * width + 1] = Scalar(example.b)
        case .oneHot:
          buffer[i * width + example.a] = 1
          buffer[i * width + p + example.b] = 1
        }
      }
    }
    return Dataset(features: features, targets: examples.map { Double($0.result) })
  }
}

extension Synthetic {
  /// Every equation a ∘ b = c (mod p), split at random into training and test equations.
  ///
  /// The equations are shuffled by a generator seeded with `seed`, and the first
  /// round(`trainFraction` · N) of them form the training set.
  ///
  /// - Parameters:
  ///   - modulus: p, in 2 … 46,340 (so that products fit in an `Int`); a prime for division.
  ///     Power et al. use 97.
  ///   - operation: ∘.
  ///   - trainFraction: The share of equations used for training, in [0, 1]. Default `0.5`.
  ///   - seed: The seed of the split.
  /// - SeeAlso: A. Power, Y. Burda, H. Edwards, I. Babuschkin and V. Misra, "Grokking:
  ///   Generalization Beyond Overfitting on Small Algorithmic Datasets", 2022.
  ///   <https://arxiv.org/abs/2201.02177>
  public static func modularArithmetic(
    modulus: Int, operation: ModularOperation, trainFraction: Double = 0.5, seed: UInt64
  ) -> ModularArithmeticTask {
    precondition(modulus >= 2 && modulus <= 46_340, "modulus must be in 2...46340, got \(modulus)")
    precondition(operation != .division || isPrime(modulus), "division needs a prime modulus, got \(modulus)")
    precondition(trainFraction >= 0 && trainFraction <= 1, "trainFraction must be in [0, 1], got \(trainFraction)")
    let all = ModularArithmeticTask(modulus: modulus, operation: operation, train: [], test: []).allExamples
    var rng = RandomGenerator(seed: seed)
    let order = rng.permutation(all.count)
    let trainCount = Int((trainFraction * Double(all.count)).rounded())
    return ModularArithmeticTask(
      modulus: modulus, operation: operation, train: order[..<trainCount].map { all[$0] },
      test: order[trainCount...].map { all[$0] })
  }

  private static func isPrime(_ n: Int) -> Bool {
    guard n >= 2 else { return false }
    var d = 2
    while d * d <= n {
      if n % d == 0 { return false }
      d += 1
    }
    return true
  }
}
