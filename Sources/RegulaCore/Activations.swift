import RealModule
import _Differentiation

/// The hyperbolic tangent elementwise.
@_specialize(where S == Float) @_specialize(where S == Double)
@differentiable(reverse)
public func tanh<S>(_ x: Tensor<S>) -> Tensor<S> { x.map { S.tanh($0) } }
@_specialize(where S == Float) @_specialize(where S == Double)
@derivative(of: tanh)
@usableFromInline func _vjpTanh<S>(_ x: Tensor<S>) -> (value: Tensor<S>, pullback: (Tensor<S>) -> Tensor<S>) {
  elementwiseVJP(x, { S.tanh($0) }) { _, y in 1 - y * y }
}

/// The logistic function σ(x) = 1 / (1 + e⁻ˣ), evaluated without overflow for any x.
@_specialize(where S == Float) @_specialize(where S == Double)
@differentiable(reverse)
public func sigmoid<S>(_ x: Tensor<S>) -> Tensor<S> { x.map { stableSigmoid($0) } }
@_specialize(where S == Float) @_specialize(where S == Double)
@derivative(of: sigmoid)
@usableFromInline func _vjpSigmoid<S>(_ x: Tensor<S>) -> (value: Tensor<S>, pullback: (Tensor<S>) -> Tensor<S>) {
  elementwiseVJP(x, { stableSigmoid($0) }) { _, y in y * (1 - y) }
}

@_specialize(where S == Float) @_specialize(where S == Double)
@usableFromInline func stableSigmoid<S: TensorScalar>(_ x: S) -> S {
  if x >= 0 { return 1 / (1 + S.exp(-x)) }
  let e = S.exp(x)
  return e / (1 + e)
}

/// softplus(x) = log(1 + eˣ), computed as max(x, 0) + log1p(e^−|x|) so that it never overflows.
@_specialize(where S == Float) @_specialize(where S == Double)
@differentiable(reverse)
public func softplus<S>(_ x: Tensor<S>) -> Tensor<S> { x.map { stableSoftplus($0) } }
@_specialize(where S == Float) @_specialize(where S == Double)
@derivative(of: softplus)
@usableFromInline func _vjpSoftplus<S>(_ x: Tensor<S>) -> (value: Tensor<S>, pullback: (Tensor<S>) -> Tensor<S>) {
  elementwiseVJP(x, { stableSoftplus($0) }) { x, _ in stableSigmoid(x) }
}

@_specialize(where S == Float) @_specialize(where S == Double)
@usableFromInline func stableSoftplus<S: TensorScalar>(_ x: S) -> S {
  Swift.max(x, 0) + S.log(onePlus: S.exp(-Swift.abs(x)))
}

/// log σ(x) = −softplus(−x), finite for every finite x.
@_specialize(where S == Float) @_specialize(where S == Double)
@differentiable(reverse)
public func logSigmoid<S>(_ x: Tensor<S>) -> Tensor<S> { -softplus(-x) }

/// The rectified linear unit max(x, 0); its derivative at 0 is taken as 0.
@_specialize(where S == Float) @_specialize(where S == Double)
@differentiable(reverse)
public func relu<S>(_ x: Tensor<S>) -> Tensor<S> { x.map { $0 > 0 ? $0 : 0 } }
@_specialize(where S == Float) @_specialize(where S == Double)
@derivative(of: relu)
@usableFromInline func _vjpRelu<S>(_ x: Tensor<S>) -> (value: Tensor<S>, pullback: (Tensor<S>) -> Tensor<S>) {
  elementwiseVJP(x, { $0 > 0 ? $0 : 0 }) { x, _ in x > 0 ? 1 : 0 }
}

/// The Gaussian error linear unit x·Φ(x).
///
///     exact:        gelu(x) = x/2 · (1 + erf(x/√2))                       (PyTorch's default)
///     approximate:  gelu(x) = x/2 · (1 + tanh(√(2/π)·(x + 0.044715·x³)))   (Optax's default)
///
/// - SeeAlso: "Gaussian Error Linear Units (GELUs)", Hendrycks & Gimpel, 2016.
@_specialize(where S == Float) @_specialize(where S == Double)
@differentiable(reverse, wrt: x)
public func gelu<S>(_ x: Tensor<S>, approximate: Bool = false) -> Tensor<S> {
  x.map { geluValue($0, approximate: approximate) }
}
@_specialize(where S == Float) @_specialize(where S == Double)
@derivative(of: gelu, wrt: x)
@usableFromInline func _vjpGelu<S>(_ x: Tensor<S>, approximate: Bool)
  -> (value: Tensor<S>, pullback: (Tensor<S>) -> Tensor<S>)
{
  elementwiseVJP(x, { geluValue($0, approximate: approximate) }) { x, _ in
    if approximate {
      let c: S = S.sqrt(2 / S.pi)
      let k: S = 0.044715
      let x2: S = x * x
      let t: S = S.tanh(c * (x + k * x2 * x))
      let dInner: S = c * (1 + 3 * k * x2)
      return (1 + t) / 2 + x / 2 * (1 - t * t) * dInner
    }
    let cdf = (1 + S.erf(x / S.sqrt(2))) / 2
    let pdf = S.exp(-x * x / 2) / S.sqrt(2 * S.pi)
    return cdf + x * pdf
  }
}

@_specialize(where S == Float) @_specialize(where S == Double)
@usableFromInline func geluValue<S: TensorScalar>(_ x: S, approximate: Bool) -> S {
  if approximate {
    return x / 2 * (1 + S.tanh(S.sqrt(2 / S.pi) * (x + 0.044715 * x * x * x)))
  }
  return x / 2 * (1 + S.erf(x / S.sqrt(2)))
}
