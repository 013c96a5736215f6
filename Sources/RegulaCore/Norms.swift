import _Differentiation

extension Tensor {
  /// Σ|x| along `axes` (all axes when `nil`).
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @differentiable(reverse, wrt: self)
  public func l1Norm(alongAxes axes: [Int]? = nil, keepingDimensions: Bool = false) -> Tensor {
    abs(self).sum(alongAxes: withoutDerivative(at: axes ?? Array(0..<rank)), keepingDimensions: keepingDimensions)
  }

  /// √(Σx²) along `axes` (all axes when `nil`). The derivative x/‖x‖ is taken as 0 where
  /// the norm is 0, so it is finite everywhere.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @differentiable(reverse, wrt: self)
  public func l2Norm(alongAxes axes: [Int]? = nil, keepingDimensions: Bool = false) -> Tensor {
    sqrt(square(self).sum(alongAxes: withoutDerivative(at: axes ?? Array(0..<rank)), keepingDimensions: keepingDimensions))
  }

  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @derivative(of: l2Norm, wrt: self)
  @usableFromInline func _vjpL2Norm(alongAxes axes: [Int]?, keepingDimensions: Bool)
    -> (value: Tensor, pullback: (Tensor) -> Tensor)
  {
    let axes = axes ?? Array(0..<rank)
    let kept = l2Norm(alongAxes: axes, keepingDimensions: true)
    let value = keepingDimensions ? kept : finishing(kept, axes: normalizedAxes(axes), keepingDimensions: false)
    return (
      value,
      { g in
        let g = g.gradient(inShape: kept.shape)
        let scale = Tensor.broadcasting(g, kept) { $1 > 0 ? $0 / $1 : 0 }
        return self * scale
      }
    )
  }

  /// max|x| along `axes` (all axes when `nil`).
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @differentiable(reverse, wrt: self)
  public func lInfinityNorm(alongAxes axes: [Int]? = nil, keepingDimensions: Bool = false) -> Tensor {
    abs(self).max(alongAxes: withoutDerivative(at: axes ?? Array(0..<rank)), keepingDimensions: keepingDimensions)
  }

  /// The Frobenius norm √(Σᵢⱼ xᵢⱼ²) of all elements.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @differentiable(reverse)
  public func frobeniusNorm() -> Tensor { l2Norm() }
}
