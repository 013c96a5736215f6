import RealModule

extension RandomGenerator {
  /// A Gamma(shape, 1) sample (Marsaglia & Tsang's squeeze method; for shape < 1, a
  /// Gamma(shape + 1) sample times U^(1/shape)).
  ///
  /// Written out on ``nextNormal()`` and ``nextUnit()`` so that a seed gives the same sample
  /// on every toolchain.
  ///
  /// - SeeAlso: Marsaglia & Tsang, "A Simple Method for Generating Gamma Variables", ACM TOMS 2000.
  public mutating func nextGamma(shape: Double) -> Double {
    precondition(shape > 0 && shape.isFinite, "nextGamma: shape must be positive, got \(shape)")
    if shape < 1 {
      let u = 1 - nextUnit()  // in (0, 1]
      return nextGamma(shape: shape + 1) * Double.pow(u, 1 / shape)
    }
    let d = shape - 1.0 / 3
    let c = 1 / (9 * d).squareRoot()
    while true {
      var x: Double, v: Double
      repeat {
        x = nextNormal()
        v = 1 + c * x
      } while v <= 0
      v = v * v * v
      let u = nextUnit()
      if u < 1 - 0.0331 * x * x * x * x { return d * v }
      if u > 0, Double.log(u) < 0.5 * x * x + d * (1 - v + Double.log(v)) { return d * v }
    }
  }

  /// A Beta(a, b) sample, X/(X + Y) with X ~ Gamma(a), Y ~ Gamma(b).
  public mutating func nextBeta(_ a: Double, _ b: Double) -> Double {
    let x = nextGamma(shape: a)
    let y = nextGamma(shape: b)
    return x + y > 0 ? x / (x + y) : 0.5
  }
}
