import RegulaPenalties

/// A separable penalty on the first `featureCount` coordinates, extended by gⱼ = 0 to the
/// coordinates after them (the intercept of ``DesignWithIntercept``): their prox is the
/// identity, their optimality condition ∂ⱼf = 0, and they belong to every working set.
struct UnpenalizedInterceptPenalty<Base: SeparablePenalty>: SeparablePenalty {
  let base: Base
  /// p: coordinates from p on are unpenalized.
  let featureCount: Int

  @inline(__always)
  func value(_ x: Double, coordinate j: Int) -> Double {
    j < featureCount ? base.value(x, coordinate: j) : 0
  }

  @inline(__always)
  func prox(_ x: Double, stepSize: Double, coordinate j: Int) -> Double {
    j < featureCount ? base.prox(x, stepSize: stepSize, coordinate: j) : x
  }

  @inline(__always)
  func subdifferentialDistance(_ wj: Double, gradient gj: Double, coordinate j: Int) -> Double {
    j < featureCount ? base.subdifferentialDistance(wj, gradient: gj, coordinate: j) : abs(gj)
  }

  @inline(__always)
  func isPenalized(coordinate j: Int) -> Bool { j < featureCount && base.isPenalized(coordinate: j) }

  @inline(__always)
  func isInGeneralizedSupport(_ wj: Double, coordinate j: Int) -> Bool {
    j < featureCount ? base.isInGeneralizedSupport(wj, coordinate: j) : wj != 0
  }
}
