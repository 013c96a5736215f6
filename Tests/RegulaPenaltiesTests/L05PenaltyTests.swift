import Foundation
import RegulaPenalties
import Testing

@Test("ℓ0.5 prox is the global minimizer of its nonconvex objective", arguments: [0.05, 0.5, 2.0])
func l05ProxIsGlobalMinimizer(stepSize s: Double) {
  let penalty = L05Penalty(alpha: 0.7)
  var rng = SplitMix(seed: 9)
  for _ in 0..<200 {
    let x = rng.uniform() * 8 - 4
    let z = penalty.prox(x, stepSize: s, coordinate: 0)
    func h(_ t: Double) -> Double { 0.5 * (t - x) * (t - x) + s * penalty.value(t, coordinate: 0) }
    // A literal search: a fine grid over [−|x|, |x|] (the minimizer lies between 0 and x).
    var best = h(0)
    for k in 0...20_000 { best = min(best, h(-abs(x) + 2 * abs(x) * Double(k) / 20_000)) }
    #expect(h(z) <= best + 1e-12, "x = \(x): h(prox) = \(h(z)), grid minimum \(best)")
    #expect(z == 0 || (z > 0) == (x > 0))
    // A nonzero prox is a stationary point: z − x + sα·sign(z)/(2√|z|) = 0.
    if z != 0 { #expect(penalty.subdifferentialDistance(z, gradient: (z - x) / s, coordinate: 0) * s <= 1e-10) }
  }
  // The threshold: just below (3/2)(sα)^{2/3} the prox is 0, at 1.01 times it is not.
  let t = 1.5 * pow(s * 0.7, 2.0 / 3)
  #expect(penalty.prox(t * 0.999, stepSize: s, coordinate: 0) == 0)
  #expect(penalty.prox(-t * 1.01, stepSize: s, coordinate: 0) < 0)
  #expect(penalty.prox(1.3, stepSize: 0, coordinate: 0) == 1.3)
  #expect(abs(penalty.value(-4, coordinate: 0) - 1.4) < 1e-15)
}
