import RealModule
import _Differentiation

/// log(1 − eˣ) elementwise for x ≤ 0, accurate over the whole range: log(−expm1(x)) for
/// x > −ln 2 and log1p(−eˣ) otherwise (Mächler, "Accurately Computing log(1 − exp(−|a|))",
/// 2012). It is the log-probability of the complement of an event of log-probability x.
///
/// The value is −∞ at x = 0 and NaN for x > 0. The derivative is −1/expm1(−x).
@_specialize(where S == Float) @_specialize(where S == Double)
@differentiable(reverse)
public func log1mexp<S>(_ x: Tensor<S>) -> Tensor<S> { x.map { stableLog1mexp($0) } }
@_specialize(where S == Float) @_specialize(where S == Double)
@derivative(of: log1mexp)
@usableFromInline func _vjpLog1mexp<S>(_ x: Tensor<S>) -> (value: Tensor<S>, pullback: (Tensor<S>) -> Tensor<S>) {
  elementwiseVJP(x, { stableLog1mexp($0) }) { x, _ in -1 / S.expMinusOne(-x) }
}

@_specialize(where S == Float) @_specialize(where S == Double)
@usableFromInline func stableLog1mexp<S: TensorScalar>(_ x: S) -> S {
  x > -S.log(2) ? S.log(-S.expMinusOne(x)) : S.log(onePlus: -S.exp(x))
}
