import Foundation
import _Differentiation

/// StableMax cross-entropy, computed in Float64 whatever the scalar type.
///
///     s(x) = x + 1 (x ≥ 0),  1 / (1 − x + 10⁻³⁰) (x < 0)
///     StableMax(z)ₖ = s(zₖ) / Σⱼ s(zⱼ),   ℓᵢ = −log StableMax(zᵢ)_yᵢ
///
/// s grows linearly instead of exponentially, so large logits do not drive the softmax into
/// "Softmax Collapse" (float32 gradients that are exactly 0). StableMax is monotone, so it
/// ranks classes as softmax does.
///
/// - Parameters:
///   - logits: [n, K].
///   - labels: n class indices in 0..<K.
/// - SeeAlso: Prieto, Barsbey, Mediano & Birdal, "Grokking at the Edge of Numerical
///   Stability", ICLR 2025.
@differentiable(reverse, wrt: logits)
public func stableMaxCrossEntropy<S: TensorScalar>(
  logits: Tensor<S>, labels: [Int], reduction: Reduction = .mean, mask: Tensor<S>? = nil
) -> Tensor<S> {
  checkClassification(logits, labels, in: "stableMaxCrossEntropy")
  return reduction.apply(stableMaxPerExample(logits, labels: labels), mask: mask)
}

/// StableMax probabilities s(zₖ)/Σⱼ s(zⱼ) of each row of [n, K] logits (not differentiable).
@_specialize(where S == Float) @_specialize(where S == Double)
public func stableMax<S: TensorScalar>(_ logits: Tensor<S>) -> Tensor<S> {
  precondition(logits.rank == 2, "stableMax: logits must be [n, K], got \(logits.shape)")
  let k = logits.shape[1]
  let s = logits.scalars.map { stableMaxS(Double($0)) }
  var out = [S](repeating: 0, count: s.count)
  for r in 0..<logits.shape[0] {
    let total = s[(r * k)..<(r * k + k)].reduce(0, +)
    for j in 0..<k { out[r * k + j] = S(s[r * k + j] / total) }
  }
  return Tensor(shape: logits.shape, scalars: out)
}

@inline(__always) @usableFromInline func stableMaxS(_ x: Double) -> Double { x >= 0 ? x + 1 : 1 / (1 - x + 1e-30) }
/// s′(x)/s(x) = d log s(x)/dx.
@inline(__always) @usableFromInline func stableMaxLogDerivative(_ x: Double) -> Double {
  x >= 0 ? 1 / (x + 1) : 1 / (1 - x + 1e-30)
}

@_specialize(where S == Float) @_specialize(where S == Double)
@differentiable(reverse, wrt: logits)
@usableFromInline func stableMaxPerExample<S: TensorScalar>(_ logits: Tensor<S>, labels: [Int]) -> Tensor<S> {
  stableMaxForward(logits, labels: labels).value
}

@_specialize(where S == Float) @_specialize(where S == Double)
@usableFromInline func stableMaxForward<S: TensorScalar>(_ logits: Tensor<S>, labels: [Int])
  -> (value: Tensor<S>, gradient: Tensor<S>)
{
  let k = logits.shape[1]
  var values = [S](repeating: 0, count: labels.count)
  var gradient = [S](repeating: 0, count: logits.scalarCount)
  for (r, label) in labels.enumerated() {
    let row = (0..<k).map { Double(logits.scalars[r * k + $0]) }
    let s = row.map(stableMaxS)
    let total = s.reduce(0, +)
    values[r] = S(Foundation.log(total) - Foundation.log(s[label]))
    for j in 0..<k {
      // ∂ℓ/∂zⱼ = s′(zⱼ)/Σs − 1[j = y]·s′(z_y)/s(z_y)
      var g = s[j] * stableMaxLogDerivative(row[j]) / total
      if j == label { g -= stableMaxLogDerivative(row[j]) }
      gradient[r * k + j] = S(g)
    }
  }
  return (Tensor(values), Tensor(shape: logits.shape, scalars: gradient))
}

@_specialize(where S == Float) @_specialize(where S == Double)
@derivative(of: stableMaxPerExample, wrt: logits)
@usableFromInline func _vjpStableMaxPerExample<S: TensorScalar>(_ logits: Tensor<S>, labels: [Int])
  -> (value: Tensor<S>, pullback: (Tensor<S>) -> Tensor<S>)
{
  let (value, gradient) = stableMaxForward(logits, labels: labels)
  return (value, { g in gradient * g.reshaped(to: [-1, 1]) })
}
