import _Differentiation

// Comparisons return masks: tensors of 0 and 1 in the same scalar type, which multiply into
// other tensors. Masks carry no derivative.

extension Tensor {
  /// 1 where `self > other`, else 0 (broadcasting).
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public func isGreater(than other: Tensor) -> Tensor { Tensor.broadcasting(self, other) { $0 > $1 ? 1 : 0 } }
  /// 1 where `self < other`, else 0 (broadcasting).
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public func isLess(than other: Tensor) -> Tensor { Tensor.broadcasting(self, other) { $0 < $1 ? 1 : 0 } }
  /// 1 where `self == other`, else 0 (broadcasting).
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public func isEqual(to other: Tensor) -> Tensor { Tensor.broadcasting(self, other) { $0 == $1 ? 1 : 0 } }
  /// 1 where `self > value`, else 0.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public func isGreater(than value: Scalar) -> Tensor { map { $0 > value ? 1 : 0 } }
  /// 1 where `self < value`, else 0.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public func isLess(than value: Scalar) -> Tensor { map { $0 < value ? 1 : 0 } }
  /// 1 where the element is finite, else 0.
  @inlinable
  public var finiteMask: Tensor { map { $0.isFinite ? 1 : 0 } }
}

/// Chooses elementwise from `a` where `mask` is non-zero and from `b` elsewhere
/// (all three broadcast together). The derivative flows to the chosen side.
@_specialize(where S == Float) @_specialize(where S == Double)
@differentiable(reverse, wrt: (a, b))
public func select<S>(_ mask: Tensor<S>, _ a: Tensor<S>, _ b: Tensor<S>) -> Tensor<S> {
  selectValue(mask, a, b)
}

@_specialize(where S == Float) @_specialize(where S == Double)
@usableFromInline func selectValue<S>(_ mask: Tensor<S>, _ a: Tensor<S>, _ b: Tensor<S>) -> Tensor<S> {
  guard let ab = broadcastShape(a.shape, b.shape), let shape = broadcastShape(mask.shape, ab)
  else { preconditionFailure("shapes \(mask.shape), \(a.shape), \(b.shape) do not broadcast") }
  let (m, x, y) = (mask.broadcasted(to: shape), a.broadcasted(to: shape), b.broadcasted(to: shape))
  return Tensor(shape: shape) { out in
    for i in 0..<out.count { out[i] = m.scalars[i] != 0 ? x.scalars[i] : y.scalars[i] }
  }
}
@_specialize(where S == Float) @_specialize(where S == Double)
@derivative(of: select, wrt: (a, b))
@usableFromInline func _vjpSelect<S>(_ mask: Tensor<S>, _ a: Tensor<S>, _ b: Tensor<S>)
  -> (value: Tensor<S>, pullback: (Tensor<S>) -> (Tensor<S>, Tensor<S>))
{
  let m = mask.map { $0 != 0 ? 1 : 0 }
  let y = selectValue(mask, a, b)
  let shape = y.shape
  return (
    y,
    { g in
      let g = g.broadcasted(to: shape)
      return ((g * m).summed(toShape: a.shape), (g * (1 - m)).summed(toShape: b.shape))
    }
  )
}

/// The elementwise maximum (broadcasting); at ties the derivative goes to `a`.
@_specialize(where S == Float) @_specialize(where S == Double)
@differentiable(reverse)
public func max<S>(_ a: Tensor<S>, _ b: Tensor<S>) -> Tensor<S> { select(withoutDerivative(at: a.isLess(than: b)), b, a) }

/// The elementwise minimum (broadcasting); at ties the derivative goes to `a`.
@_specialize(where S == Float) @_specialize(where S == Double)
@differentiable(reverse)
public func min<S>(_ a: Tensor<S>, _ b: Tensor<S>) -> Tensor<S> { select(withoutDerivative(at: a.isGreater(than: b)), b, a) }

extension Tensor {
  /// Limits every element to `[lower, upper]`; the derivative is 1 inside, 0 where clamped.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @differentiable(reverse, wrt: self)
  public func clamped(to range: ClosedRange<Scalar>) -> Tensor {
    map { Swift.min(Swift.max($0, range.lowerBound), range.upperBound) }
  }

  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @derivative(of: clamped, wrt: self)
  @usableFromInline func _vjpClamped(to range: ClosedRange<Scalar>)
    -> (value: Tensor, pullback: (Tensor) -> Tensor)
  {
    elementwiseVJP(self, { Swift.min(Swift.max($0, range.lowerBound), range.upperBound) }) {
      x, _ in range.contains(x) ? 1 : 0
    }
  }
}
