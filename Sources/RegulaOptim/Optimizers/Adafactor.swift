/// Adafactor: factored second moments, update clipping and relative step sizes.
///
///     d = ScaleByFactoredRMS(g);   d ← d / max(1, rms(d)/τ);   d ← η·d
///     d ← d · max(rms(θ), 1e-3)            (with multiplyByParameterScale)
///     d ← EMA_β(d) (undebiased, with momentum);   d ← d + λ·θ;   θ ← θ − d
///
/// - Parameter learningRate: η, or `nil` for none (relative steps only). Default `nil`.
/// - Parameter minDimSizeToFactor: Default `128`.  - Parameter decayRate: Default `0.8`.
/// - Parameter decayOffset: Default `0`.
/// - Parameter multiplyByParameterScale: Default `true`.
/// - Parameter clippingThreshold: τ, or `nil` for no clipping. Default `1`.
/// - Parameter momentum: β, or `nil`. Default `nil`.
/// - Parameter weightDecayRate: λ (not multiplied by η), or `nil`. Default `nil`.
/// - Parameter epsilon: Default `1e-30`.  - Parameter factored: Default `true`.
/// - Parameter weightDecayMask: paths that decay.
/// - Note: Optax keeps the momentum in float32 by default (`dtype_momentum`); Regula keeps
///   it in the parameters' scalar type. Regula's defaults are otherwise Optax's; the paper and PyTorch (transformers) use
///   ε = (1e-30, 1e-3) and a relative step schedule min(1e-2, 1/√t) when η is omitted.
/// - SeeAlso: "Adafactor: Adaptive Learning Rates with Sublinear Memory Cost", Shazeer &
///   Stern, ICML 2018.
public func adafactor<Scalar: TensorScalar>(
  learningRate: Schedule? = nil, minDimSizeToFactor: Int = 128, decayRate: Double = 0.8, decayOffset: Int = 0,
  multiplyByParameterScale: Bool = true, clippingThreshold: Double? = 1, momentum: Double? = nil,
  weightDecayRate: Double? = nil, epsilon: Double = 1e-30, factored: Bool = true,
  weightDecayMask: (@Sendable (String) -> Bool)? = nil
) -> some GradientTransformation<Scalar> {
  let useClipping = clippingThreshold != nil, useScale = multiplyByParameterScale, useMomentum = momentum != nil
  return chain {
    ScaleByFactoredRMS<Scalar>(
      factored: factored, decayRate: decayRate, stepOffset: decayOffset, minDimSizeToFactor: minDimSizeToFactor,
      epsilon: epsilon)
    Masked(ClipByBlockRMS<Scalar>(threshold: clippingThreshold ?? 1)) { _ in useClipping }
    Scale<Scalar>(learningRate ?? 1)
    Masked(ScaleByParamBlockRMS<Scalar>()) { _ in useScale }
    Masked(EMA<Scalar>(decay: momentum ?? 0, debias: false)) { _ in useMomentum }
    AddDecayedWeights<Scalar>(weightDecayRate ?? 0, mask: weightDecayMask)
    Scale<Scalar>(-1)
  }
}
