import _Differentiation

/// The shape that NumPy broadcasting gives two shapes, or `nil` if they are incompatible.
///
/// Shapes are aligned at their last axes; each pair of extents must be equal or one of them 1.
public func broadcastShape(_ a: [Int], _ b: [Int]) -> [Int]? {
  let rank = max(a.count, b.count)
  var result = [Int](repeating: 1, count: rank)
  for i in 0..<rank {
    let x = i < rank - a.count ? 1 : a[i - (rank - a.count)]
    let y = i < rank - b.count ? 1 : b[i - (rank - b.count)]
    guard x == y || x == 1 || y == 1 else { return nil }
    result[i] = x == 1 ? y : x
  }
  return result
}

/// Row-major strides of `shape` viewed inside `target` (right-aligned), with stride 0 on
/// every axis that broadcasting repeats.
@usableFromInline
func broadcastStrides(of shape: [Int], in target: [Int]) -> [Int] {
  var strides = [Int](repeating: 0, count: target.count)
  var step = 1
  for i in stride(from: shape.count - 1, through: 0, by: -1) {
    let axis = i + target.count - shape.count
    strides[axis] = shape[i] == 1 ? 0 : step
    step *= shape[i]
  }
  return strides
}

extension Tensor {
  /// Applies `op` elementwise to two broadcast-compatible tensors.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @usableFromInline static func broadcasting(
    _ a: Tensor, _ b: Tensor, _ op: (Scalar, Scalar) -> Scalar
  ) -> Tensor {
    if a.shape == b.shape {
      return Tensor(shape: a.shape) { out in
        a.scalars.withUnsafeBufferPointer { x in
          b.scalars.withUnsafeBufferPointer { y in
            for i in 0..<out.count { out[i] = op(x[i], y[i]) }
          }
        }
      }
    }
    guard let shape = broadcastShape(a.shape, b.shape) else {
      preconditionFailure("shapes \(a.shape) and \(b.shape) do not broadcast")
    }
    if b.scalarCount == 1, shape == a.shape {
      let y = b.scalars[0]
      return Tensor(shape: shape) { out in
        a.scalars.withUnsafeBufferPointer { x in
          for i in 0..<out.count { out[i] = op(x[i], y) }
        }
      }
    }
    if a.scalarCount == 1, shape == b.shape {
      let x = a.scalars[0]
      return Tensor(shape: shape) { out in
        b.scalars.withUnsafeBufferPointer { y in
          for i in 0..<out.count { out[i] = op(x, y[i]) }
        }
      }
    }
    return generalBroadcasting(a, b, shape, op)
  }

  /// The strided loop behind `broadcasting` for shapes that differ on some axis.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @usableFromInline static func generalBroadcasting(
    _ a: Tensor, _ b: Tensor, _ shape: [Int], _ op: (Scalar, Scalar) -> Scalar
  ) -> Tensor {
    let rank = shape.count
    let sa = broadcastStrides(of: a.shape, in: shape)
    let sb = broadcastStrides(of: b.shape, in: shape)
    let inner = rank == 0 ? 1 : shape[rank - 1]
    let ia = rank == 0 ? 0 : sa[rank - 1]
    let ib = rank == 0 ? 0 : sb[rank - 1]
    let outer = inner == 0 ? 0 : elementCount(shape) / inner
    var index = [Int](repeating: 0, count: Swift.max(rank - 1, 0))
    return Tensor(shape: shape) { out in
      a.scalars.withUnsafeBufferPointer { x in
        b.scalars.withUnsafeBufferPointer { y in
          var oa = 0, ob = 0
          for row in 0..<outer {
            let base = row * inner
            for j in 0..<inner { out[base + j] = op(x[oa + j * ia], y[ob + j * ib]) }
            // Advance the multi-index over the leading axes (odometer order).
            var axis = rank - 2
            while axis >= 0 {
              index[axis] += 1
              oa += sa[axis]
              ob += sb[axis]
              if index[axis] < shape[axis] { break }
              oa -= sa[axis] * shape[axis]
              ob -= sb[axis] * shape[axis]
              index[axis] = 0
              axis -= 1
            }
          }
        }
      }
    }
  }

  /// Sums over the axes that broadcasting added or stretched, so that the result has `shape`.
  ///
  /// This is the adjoint of broadcasting a tensor of `shape` to `self.shape`. A rank-0
  /// tensor (such as `Tensor.zero`) is broadcast to `shape` instead.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public func summed(toShape target: [Int]) -> Tensor {
    if shape == target { return self }
    // A rank-0 tensor is the `zero` that automatic differentiation passes for an unused
    // result; it stands for zeros of any shape.
    if shape.isEmpty { return broadcasted(to: target) }
    precondition(
      broadcastShape(target, shape) == shape,
      "cannot sum shape \(shape) down to \(target)")
    let lead = rank - target.count
    var axes = Array(0..<lead)
    for (i, extent) in target.enumerated() where extent == 1 && shape[lead + i] != 1 {
      axes.append(lead + i)
    }
    var result = axes.isEmpty ? self : reducedSum(alongAxes: axes)
    result.setShape(target)
    return result
  }

  /// An incoming gradient in the shape `target` of the value it belongs to: reshaped (same
  /// element count, e.g. a reduction's result with its reduced axes kept as 1), or, for the
  /// rank-0 `zero` that stands for an unused value, broadcast.
  @usableFromInline
  func gradient(inShape target: [Int]) -> Tensor {
    if shape == target { return self }
    if shape.isEmpty { return broadcasted(to: target) }
    var result = self
    result.setShape(target)
    return result
  }

  /// Repeats the tensor along broadcast axes to reach `target`.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @differentiable(reverse)
  public func broadcasted(to target: [Int]) -> Tensor {
    if shape == target { return self }
    return Tensor.broadcasting(self, Tensor(zeros: target)) { x, _ in x }
  }

  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @derivative(of: broadcasted)
  @usableFromInline func _vjpBroadcasted(to target: [Int]) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    let shape = self.shape
    return (broadcasted(to: target), { $0.summed(toShape: shape) })
  }
}
