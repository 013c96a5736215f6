import RealModule
import _Differentiation

extension Tensor {
  /// Applies `transform` to every element (no derivative is recorded).
  @inlinable
  public func map(_ transform: (Scalar) -> Scalar) -> Tensor {
    Tensor(shape: shape) { out in
      scalars.withUnsafeBufferPointer { x in
        for i in 0..<out.count { out[i] = transform(x[i]) }
      }
    }
  }

  /// Applies `transform` to pairs of elements of two tensors of the same shape.
  @inlinable
  public func zipMap(_ other: Tensor, _ transform: (Scalar, Scalar) -> Scalar) -> Tensor {
    precondition(shape == other.shape, "shapes \(shape) and \(other.shape) differ")
    return Tensor.broadcasting(self, other, transform)
  }
}

/// The value and pullback of an elementwise function whose derivative is `derivative(x, y)`,
/// with `y = f(x)`.
@_specialize(where S == Float) @_specialize(where S == Double)
@usableFromInline func elementwiseVJP<S: TensorScalar>(
  _ x: Tensor<S>, _ f: (S) -> S, derivative: @escaping (S, S) -> S
) -> (value: Tensor<S>, pullback: (Tensor<S>) -> Tensor<S>) {
  let y = x.map(f)
  return (
    y,
    { g in
      Tensor(shape: x.shape) { out in
        x.scalars.withUnsafeBufferPointer { xs in
          y.scalars.withUnsafeBufferPointer { ys in
            g.broadcasted(to: x.shape).scalars.withUnsafeBufferPointer { gs in
              for i in 0..<out.count { out[i] = gs[i] * derivative(xs[i], ys[i]) }
            }
          }
        }
      }
    }
  )
}

/// eˣ elementwise.
@_specialize(where S == Float) @_specialize(where S == Double)
@differentiable(reverse)
public func exp<S>(_ x: Tensor<S>) -> Tensor<S> { x.map { S.exp($0) } }
@_specialize(where S == Float) @_specialize(where S == Double)
@derivative(of: exp)
@usableFromInline func _vjpExp<S>(_ x: Tensor<S>) -> (value: Tensor<S>, pullback: (Tensor<S>) -> Tensor<S>) {
  elementwiseVJP(x, { S.exp($0) }) { _, y in y }
}

/// The natural logarithm elementwise.
@_specialize(where S == Float) @_specialize(where S == Double)
@differentiable(reverse)
public func log<S>(_ x: Tensor<S>) -> Tensor<S> { x.map { S.log($0) } }
@_specialize(where S == Float) @_specialize(where S == Double)
@derivative(of: log)
@usableFromInline func _vjpLog<S>(_ x: Tensor<S>) -> (value: Tensor<S>, pullback: (Tensor<S>) -> Tensor<S>) {
  elementwiseVJP(x, { S.log($0) }) { x, _ in 1 / x }
}

/// log(1 + x) elementwise, accurate for small x.
@_specialize(where S == Float) @_specialize(where S == Double)
@differentiable(reverse)
public func log1p<S>(_ x: Tensor<S>) -> Tensor<S> { x.map { S.log(onePlus: $0) } }
@_specialize(where S == Float) @_specialize(where S == Double)
@derivative(of: log1p)
@usableFromInline func _vjpLog1p<S>(_ x: Tensor<S>) -> (value: Tensor<S>, pullback: (Tensor<S>) -> Tensor<S>) {
  elementwiseVJP(x, { S.log(onePlus: $0) }) { x, _ in 1 / (1 + x) }
}

/// eˣ − 1 elementwise, accurate for small x.
@_specialize(where S == Float) @_specialize(where S == Double)
@differentiable(reverse)
public func expm1<S>(_ x: Tensor<S>) -> Tensor<S> { x.map { S.expMinusOne($0) } }
@_specialize(where S == Float) @_specialize(where S == Double)
@derivative(of: expm1)
@usableFromInline func _vjpExpm1<S>(_ x: Tensor<S>) -> (value: Tensor<S>, pullback: (Tensor<S>) -> Tensor<S>) {
  elementwiseVJP(x, { S.expMinusOne($0) }) { _, y in y + 1 }
}

/// √x elementwise.
@_specialize(where S == Float) @_specialize(where S == Double)
@differentiable(reverse)
public func sqrt<S>(_ x: Tensor<S>) -> Tensor<S> { x.map { $0.squareRoot() } }
@_specialize(where S == Float) @_specialize(where S == Double)
@derivative(of: sqrt)
@usableFromInline func _vjpSqrt<S>(_ x: Tensor<S>) -> (value: Tensor<S>, pullback: (Tensor<S>) -> Tensor<S>) {
  elementwiseVJP(x, { $0.squareRoot() }) { _, y in 1 / (2 * y) }
}

/// 1/√x elementwise.
@_specialize(where S == Float) @_specialize(where S == Double)
@differentiable(reverse)
public func rsqrt<S>(_ x: Tensor<S>) -> Tensor<S> { x.map { 1 / $0.squareRoot() } }
@_specialize(where S == Float) @_specialize(where S == Double)
@derivative(of: rsqrt)
@usableFromInline func _vjpRsqrt<S>(_ x: Tensor<S>) -> (value: Tensor<S>, pullback: (Tensor<S>) -> Tensor<S>) {
  elementwiseVJP(x, { 1 / $0.squareRoot() }) { x, y in -y / (2 * x) }
}

/// x² elementwise.
@_specialize(where S == Float) @_specialize(where S == Double)
@differentiable(reverse)
public func square<S>(_ x: Tensor<S>) -> Tensor<S> { x.map { $0 * $0 } }
@_specialize(where S == Float) @_specialize(where S == Double)
@derivative(of: square)
@usableFromInline func _vjpSquare<S>(_ x: Tensor<S>) -> (value: Tensor<S>, pullback: (Tensor<S>) -> Tensor<S>) {
  elementwiseVJP(x, { $0 * $0 }) { x, _ in 2 * x }
}

/// xᵖ elementwise for a constant exponent.
@_specialize(where S == Float) @_specialize(where S == Double)
@differentiable(reverse, wrt: x)
public func pow<S>(_ x: Tensor<S>, _ p: S) -> Tensor<S> { x.map { power($0, p) } }
@_specialize(where S == Float) @_specialize(where S == Double)
@derivative(of: pow, wrt: x)
@usableFromInline func _vjpPow<S>(_ x: Tensor<S>, _ p: S) -> (value: Tensor<S>, pullback: (Tensor<S>) -> Tensor<S>) {
  elementwiseVJP(x, { power($0, p) }) { x, _ in p == 0 ? 0 : p * power(x, p - 1) }
}

/// xᵖ for a constant exponent: by repeated multiplication when p is a whole number (so a
/// negative base is fine), else through exp and log (NaN for a negative base).
@inlinable
func power<S: TensorScalar>(_ x: S, _ p: S) -> S {
  if p == p.rounded(), Swift.abs(p) <= 1_048_576 { return S.pow(x, Int(p)) }
  return S.pow(x, p)
}

/// xʸ elementwise with broadcasting, for x > 0 where y is not an integer.
///
/// The derivative with respect to y is xʸ·log x, taken as 0 where x = 0.
@_specialize(where S == Float) @_specialize(where S == Double)
@differentiable(reverse)
public func pow<S>(_ x: Tensor<S>, _ y: Tensor<S>) -> Tensor<S> {
  Tensor.broadcasting(x, y) { S.pow($0, $1) }
}
@_specialize(where S == Float) @_specialize(where S == Double)
@derivative(of: pow)
@usableFromInline func _vjpPowTensor<S>(_ x: Tensor<S>, _ y: Tensor<S>)
  -> (value: Tensor<S>, pullback: (Tensor<S>) -> (Tensor<S>, Tensor<S>))
{
  let z = pow(x, y)
  return (
    z,
    { g in
      let dx = Tensor.broadcasting(x, y) { x, y in y == 0 ? 0 : y * S.pow(x, y - 1) }
      let logx = x.map { $0 == 0 ? 0 : S.log($0) }
      return ((g * dx).summed(toShape: x.shape), (g * z * logx).summed(toShape: y.shape))
    }
  )
}

/// |x| elementwise; the derivative at 0 is taken as 0.
@_specialize(where S == Float) @_specialize(where S == Double)
@differentiable(reverse)
public func abs<S>(_ x: Tensor<S>) -> Tensor<S> { x.map { Swift.abs($0) } }
@_specialize(where S == Float) @_specialize(where S == Double)
@derivative(of: abs)
@usableFromInline func _vjpAbs<S>(_ x: Tensor<S>) -> (value: Tensor<S>, pullback: (Tensor<S>) -> Tensor<S>) {
  elementwiseVJP(x, { Swift.abs($0) }) { x, _ in x > 0 ? 1 : (x < 0 ? -1 : 0) }
}

/// The sign of each element: −1, 0 or 1 (0 for NaN). Its derivative is zero.
@_specialize(where S == Float) @_specialize(where S == Double)
@differentiable(reverse)
public func sign<S>(_ x: Tensor<S>) -> Tensor<S> { x.map { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) } }
@_specialize(where S == Float) @_specialize(where S == Double)
@derivative(of: sign)
@usableFromInline func _vjpSign<S>(_ x: Tensor<S>) -> (value: Tensor<S>, pullback: (Tensor<S>) -> Tensor<S>) {
  let shape = x.shape
  return (sign(x), { _ in Tensor(zeros: shape) })
}

/// The error function erf(x) elementwise.
@_specialize(where S == Float) @_specialize(where S == Double)
@differentiable(reverse)
public func erf<S>(_ x: Tensor<S>) -> Tensor<S> { x.map { S.erf($0) } }
@_specialize(where S == Float) @_specialize(where S == Double)
@derivative(of: erf)
@usableFromInline func _vjpErf<S>(_ x: Tensor<S>) -> (value: Tensor<S>, pullback: (Tensor<S>) -> Tensor<S>) {
  let c = 2 / S.sqrt(S.pi)
  return elementwiseVJP(x, { S.erf($0) }) { x, _ in c * S.exp(-x * x) }
}
