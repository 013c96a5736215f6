import _Differentiation

extension Tensor {
  /// The slices at `indices` along `axis`, in that order (indices may repeat).
  ///
  /// With `axis = 0` on a rank-2 tensor this selects rows, as an embedding lookup or a
  /// minibatch does. The pullback scatter-adds, so repeated indices accumulate.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @differentiable(reverse, wrt: self)
  public func gathering(atIndices indices: [Int], alongAxis axis: Int = 0) -> Tensor {
    let axis = normalizedAxes([axis])[0]
    let n = shape[axis]
    let inner = shape[(axis + 1)...].reduce(1, *)
    let outer = shape[..<axis].reduce(1, *)
    for i in indices { precondition(i >= 0 && i < n, "index \(i) out of range 0..<\(n) on axis \(axis) of shape \(shape)") }
    var newShape = shape
    newShape[axis] = indices.count
    return Tensor(shape: newShape) { out in
      scalars.withUnsafeBufferPointer { x in
        var dst = 0
        for o in 0..<outer {
          for index in indices {
            let src = (o * n + index) * inner
            for i in 0..<inner { out[dst + i] = x[src + i] }
            dst += inner
          }
        }
      }
    }
  }

  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @derivative(of: gathering, wrt: self)
  @usableFromInline func _vjpGathering(atIndices indices: [Int], alongAxis axis: Int)
    -> (value: Tensor, pullback: (Tensor) -> Tensor)
  {
    let shape = self.shape
    let value = gathering(atIndices: indices, alongAxis: axis)
    let valueShape = value.shape
    return (
      value,
      { g in Tensor(zeros: shape).scatterAdding(g.gradient(inShape: valueShape), atIndices: indices, alongAxis: axis) }
    )
  }

  /// Adds the slices of `updates` into the slices of `self` at `indices` along `axis`
  /// (repeated indices accumulate).
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @differentiable(reverse, wrt: (self, updates))
  public func scatterAdding(_ updates: Tensor, atIndices indices: [Int], alongAxis axis: Int = 0) -> Tensor {
    let axis = normalizedAxes([axis])[0]
    var expected = shape
    expected[axis] = indices.count
    precondition(updates.shape == expected, "updates of shape \(updates.shape) do not fit \(expected)")
    let n = shape[axis]
    let inner = shape[(axis + 1)...].reduce(1, *)
    let outer = shape[..<axis].reduce(1, *)
    var result = self
    result.scalars.withUnsafeMutableBufferPointer { out in
      updates.scalars.withUnsafeBufferPointer { u in
        var src = 0
        for o in 0..<outer {
          for index in indices {
            precondition(index >= 0 && index < n, "index \(index) out of range 0..<\(n)")
            let dst = (o * n + index) * inner
            for i in 0..<inner { out[dst + i] += u[src + i] }
            src += inner
          }
        }
      }
    }
    return result
  }

  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @derivative(of: scatterAdding, wrt: (self, updates))
  @usableFromInline func _vjpScatterAdding(_ updates: Tensor, atIndices indices: [Int], alongAxis axis: Int)
    -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor))
  {
    let shape = self.shape
    return (
      scatterAdding(updates, atIndices: indices, alongAxis: axis),
      { g in
        let g = g.gradient(inShape: shape)
        return (g, g.gathering(atIndices: indices, alongAxis: axis))
      }
    )
  }

  /// For a tensor of shape [n, k], the n elements `self[i, indices[i]]`.
  ///
  /// This is how a loss reads the logit of each example's label.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @differentiable(reverse, wrt: self)
  public func picking(indices: [Int]) -> Tensor {
    reshaped(to: [-1]).gathering(atIndices: flatIndices(picking: indices))
  }

  /// The positions in row-major order of `self[i, indices[i]]`.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @usableFromInline func flatIndices(picking indices: [Int]) -> [Int] {
    precondition(rank == 2 && indices.count == shape[0], "picking \(indices.count) indices from shape \(shape)")
    let width = shape[1]
    return indices.enumerated().map { row, column in
      precondition(column >= 0 && column < width, "index \(column) out of range 0..<\(width) in row \(row)")
      return row * width + column
    }
  }

  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @derivative(of: picking, wrt: self)
  @usableFromInline func _vjpPicking(indices: [Int]) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    let flat = flatIndices(picking: indices)
    let shape = self.shape
    return (
      picking(indices: indices),
      { g in Tensor(zeros: [elementCount(shape)]).scatterAdding(g.gradient(inShape: [flat.count]), atIndices: flat).reshaped(to: shape) }
    )
  }

  /// Rows of one-hot vectors: row i has 1 at column `indices[i]`.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public static func oneHot(_ indices: [Int], depth: Int) -> Tensor {
    var result = Tensor(zeros: [indices.count, depth])
    for (row, column) in indices.enumerated() {
      precondition(column >= 0 && column < depth, "label \(column) out of range 0..<\(depth)")
      result.scalars[row * depth + column] = 1
    }
    return result
  }
}
