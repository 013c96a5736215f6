import _Differentiation

extension Tensor: AdditiveArithmetic {
  /// The rank-0 tensor 0. It broadcasts, so it is the identity for `+` at every shape.
  @inlinable
  public static var zero: Tensor { Tensor(0) }
}

extension Tensor: Differentiable {
  public typealias TangentVector = Tensor

  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public mutating func move(by offset: Tensor) {
    self = self + offset
  }
}

extension Tensor {
  /// The only element, as a scalar that automatic differentiation can see through.
  ///
  /// Use it to turn a rank-0 loss tensor into the `Float` or `Double` that
  /// `gradient(at:of:)` requires.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @differentiable(reverse)
  public func scalarized() -> Scalar { scalar }

  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @derivative(of: scalarized)
  @usableFromInline func _vjpScalarized() -> (value: Scalar, pullback: (Scalar) -> Tensor) {
    let shape = self.shape
    return (scalar, { Tensor(repeating: $0, shape: shape) })
  }
}
