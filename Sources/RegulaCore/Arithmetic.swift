import _Differentiation

// Elementwise + − × ÷ with NumPy broadcasting. The pullback of a broadcast operand sums the
// incoming gradient back to that operand's shape.

extension Tensor {
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @differentiable(reverse)
  public static func + (lhs: Tensor, rhs: Tensor) -> Tensor { broadcasting(lhs, rhs, +) }

  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @differentiable(reverse)
  public static func - (lhs: Tensor, rhs: Tensor) -> Tensor { broadcasting(lhs, rhs, -) }

  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @differentiable(reverse)
  public static func * (lhs: Tensor, rhs: Tensor) -> Tensor { broadcasting(lhs, rhs, *) }

  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @differentiable(reverse)
  public static func / (lhs: Tensor, rhs: Tensor) -> Tensor { broadcasting(lhs, rhs, /) }

  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @differentiable(reverse)
  public static prefix func - (x: Tensor) -> Tensor { x.map { -$0 } }

  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public static func += (lhs: inout Tensor, rhs: Tensor) { lhs = lhs + rhs }

  /// x ← x + y in place, for tensors of one shape (no broadcasting, no derivative).
  ///
  /// `+=` allocates like `+`: automatic differentiation accumulates adjoints with `+=`, and
  /// an in-place version there crashed under -O (Swift 6.3.1). Hot loops that own their
  /// tensor (an optimizer applying updates) call this instead.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public mutating func addInPlace(_ other: Tensor) {
    precondition(shape == other.shape, "addInPlace: shapes \(shape) and \(other.shape) differ")
    scalars.withUnsafeMutableBufferPointer { x in
      other.scalars.withUnsafeBufferPointer { y in
        for i in 0..<x.count { x[i] += y[i] }
      }
    }
  }


  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public static func -= (lhs: inout Tensor, rhs: Tensor) { lhs = lhs - rhs }
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public static func *= (lhs: inout Tensor, rhs: Tensor) { lhs = lhs * rhs }
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public static func /= (lhs: inout Tensor, rhs: Tensor) { lhs = lhs / rhs }

  // Scalar operands.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @differentiable(reverse, wrt: lhs)
  public static func + (lhs: Tensor, rhs: Scalar) -> Tensor { lhs + Tensor(rhs) }
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @differentiable(reverse, wrt: rhs)
  public static func + (lhs: Scalar, rhs: Tensor) -> Tensor { Tensor(lhs) + rhs }
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @differentiable(reverse, wrt: lhs)
  public static func - (lhs: Tensor, rhs: Scalar) -> Tensor { lhs - Tensor(rhs) }
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @differentiable(reverse, wrt: rhs)
  public static func - (lhs: Scalar, rhs: Tensor) -> Tensor { Tensor(lhs) - rhs }
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @differentiable(reverse, wrt: lhs)
  public static func * (lhs: Tensor, rhs: Scalar) -> Tensor { lhs * Tensor(rhs) }
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @differentiable(reverse, wrt: rhs)
  public static func * (lhs: Scalar, rhs: Tensor) -> Tensor { Tensor(lhs) * rhs }
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @differentiable(reverse, wrt: lhs)
  public static func / (lhs: Tensor, rhs: Scalar) -> Tensor { lhs / Tensor(rhs) }
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @differentiable(reverse, wrt: rhs)
  public static func / (lhs: Scalar, rhs: Tensor) -> Tensor { Tensor(lhs) / rhs }
}

// MARK: - Derivatives

extension Tensor {
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @derivative(of: +)
  @usableFromInline static func _vjpAdd(_ a: Tensor, _ b: Tensor)
    -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor))
  {
    let (sa, sb) = (a.shape, b.shape)
    return (a + b, { g in (g.summed(toShape: sa), g.summed(toShape: sb)) })
  }

  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @derivative(of: -)
  @usableFromInline static func _vjpSubtract(_ a: Tensor, _ b: Tensor)
    -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor))
  {
    let (sa, sb) = (a.shape, b.shape)
    return (a - b, { g in (g.summed(toShape: sa), (-g).summed(toShape: sb)) })
  }

  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @derivative(of: *)
  @usableFromInline static func _vjpMultiply(_ a: Tensor, _ b: Tensor)
    -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor))
  {
    let y = a * b
    let shape = y.shape
    return (y, { g in
      let g = g.broadcasted(to: shape)
      return ((g * b).summed(toShape: a.shape), (g * a).summed(toShape: b.shape))
    })
  }

  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @derivative(of: /)
  @usableFromInline static func _vjpDivide(_ a: Tensor, _ b: Tensor)
    -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor))
  {
    let q = a / b
    return (
      q,
      { g in
        let ga = g.broadcasted(to: q.shape) / b
        return (ga.summed(toShape: a.shape), (-ga * q).summed(toShape: b.shape))
      }
    )
  }

  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @derivative(of: -)
  @usableFromInline static func _vjpNegate(_ x: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    (-x, { -$0 })
  }
}
