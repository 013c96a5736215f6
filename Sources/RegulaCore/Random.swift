import RealModule

/// A seeded, reproducible pseudo-random generator (xoshiro256**), whose state is `Codable`
/// so that a checkpoint can resume the exact same stream.
///
/// The four state words are filled from the seed by SplitMix64, as the authors recommend.
/// Every random operation in Regula takes `using: inout RandomGenerator`, so a run is
/// replayed exactly from its `--seed`.
///
/// - SeeAlso: Blackman & Vigna, "Scrambled Linear Pseudorandom Number Generators", 2021.
public struct RandomGenerator: RandomNumberGenerator, Codable, Sendable, Equatable {
  @usableFromInline var state: (UInt64, UInt64, UInt64, UInt64)

  /// Creates a generator whose stream is determined by `seed`.
  public init(seed: UInt64) {
    var s = seed
    func splitMix() -> UInt64 {
      s &+= 0x9E37_79B9_7F4A_7C15
      var z = s
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    state = (splitMix(), splitMix(), splitMix(), splitMix())
  }

  @inlinable
  public mutating func next() -> UInt64 {
    let result = rotateLeft(state.1 &* 5, 7) &* 9
    let t = state.1 << 17
    state.2 ^= state.0
    state.3 ^= state.1
    state.1 ^= state.2
    state.0 ^= state.3
    state.2 ^= t
    state.3 = rotateLeft(state.3, 45)
    return result
  }

  @inlinable
  func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

  /// A uniform double in [0, 1) with 53 random bits.
  @inlinable
  public mutating func nextUnit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

  /// A standard normal sample (Box–Muller on two uniform draws).
  @inlinable
  public mutating func nextNormal() -> Double {
    let u1 = 1 - nextUnit()  // in (0, 1], so the logarithm is finite
    let u2 = nextUnit()
    return (-2 * _log(u1)).squareRoot() * _cos(2 * .pi * u2)
  }

  /// A uniform integer in `0..<bound`, without modulo bias (Lemire's multiply-and-reject).
  ///
  /// Written out rather than taken from `Int.random(in:using:)`, whose algorithm may change
  /// between Swift releases: a seed must give the same stream on every toolchain.
  ///
  /// - SeeAlso: D. Lemire, "Fast Random Integer Generation in an Interval", ACM TOMACS 2019.
  public mutating func nextIndex(below bound: Int) -> Int {
    precondition(bound > 0, "bound must be positive, got \(bound)")
    let range = UInt64(bound)
    var product = next().multipliedFullWidth(by: range)
    if product.low < range {
      let threshold = (0 &- range) % range
      while product.low < threshold { product = next().multipliedFullWidth(by: range) }
    }
    return Int(product.high)
  }

  /// A uniformly random permutation of `0..<n` (Fisher–Yates from the top down, on
  /// ``nextIndex(below:)``, so the same seed gives the same order on every toolchain).
  public mutating func permutation(_ n: Int) -> [Int] {
    var order = Array(0..<n)
    var i = n - 1
    while i > 0 {
      order.swapAt(i, nextIndex(below: i + 1))
      i -= 1
    }
    return order
  }

  /// A generator for an independent stream, derived from this one's next output and `index`.
  public mutating func split(_ index: UInt64 = 0) -> RandomGenerator {
    RandomGenerator(seed: next() ^ (index &* 0x9E37_79B9_7F4A_7C15))
  }

  public static func == (a: Self, b: Self) -> Bool { a.state == b.state }

  private enum CodingKeys: String, CodingKey { case state }
  public init(from decoder: any Decoder) throws {
    let words = try decoder.container(keyedBy: CodingKeys.self).decode([UInt64].self, forKey: .state)
    guard words.count == 4, words.contains(where: { $0 != 0 }) else {
      throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "xoshiro256** state must be four words, not all zero"))
    }
    state = (words[0], words[1], words[2], words[3])
  }
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode([state.0, state.1, state.2, state.3], forKey: .state)
  }
}

@usableFromInline func _log(_ x: Double) -> Double { Double.log(x) }
@usableFromInline func _cos(_ x: Double) -> Double { Double.cos(x) }

extension Tensor {
  /// Independent uniform samples in `[lower, upper)`.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public static func randomUniform(
    shape: [Int], lower: Scalar = 0, upper: Scalar = 1, using rng: inout RandomGenerator
  ) -> Tensor {
    let width = Double(upper - lower)
    return Tensor(shape: shape, scalars: (0..<elementCount(shape)).map { _ in lower + Scalar(rng.nextUnit() * width) })
  }

  /// Independent normal samples with the given mean and standard deviation.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public static func randomNormal(
    shape: [Int], mean: Scalar = 0, standardDeviation: Scalar = 1, using rng: inout RandomGenerator
  ) -> Tensor {
    Tensor(shape: shape, scalars: (0..<elementCount(shape)).map { _ in mean + standardDeviation * Scalar(rng.nextNormal()) })
  }

  /// Independent Bernoulli samples: 1 with probability `probability`, else 0.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public static func randomBernoulli(
    shape: [Int], probability: Double, using rng: inout RandomGenerator
  ) -> Tensor {
    Tensor(shape: shape, scalars: (0..<elementCount(shape)).map { _ in rng.nextUnit() < probability ? 1 : 0 })
  }
}
