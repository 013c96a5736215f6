import _Differentiation

extension Tensor {
  /// The same elements in a new shape with as many elements; one extent may be −1 (inferred).
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @differentiable(reverse, wrt: self)
  public func reshaped(to newShape: [Int]) -> Tensor {
    var result = self
    result.setShape(resolvedShape(newShape))
    return result
  }

  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @derivative(of: reshaped, wrt: self)
  @usableFromInline func _vjpReshaped(to newShape: [Int]) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    let shape = self.shape
    return (reshaped(to: newShape), { $0.gradient(inShape: shape) })
  }

  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @usableFromInline func resolvedShape(_ newShape: [Int]) -> [Int] {
    guard let hole = newShape.firstIndex(of: -1) else { return newShape }
    let known = newShape.enumerated().filter { $0.offset != hole }.reduce(1) { $0 * $1.element }
    precondition(known > 0 && scalarCount % known == 0, "cannot reshape \(shape) to \(newShape)")
    var result = newShape
    result[hole] = scalarCount / known
    return result
  }

  /// Flattens all axes after the first: shape [n, …] becomes [n, ∏…].
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @differentiable(reverse)
  public func flattenedBatch() -> Tensor { reshaped(to: withoutDerivative(at: [shape.first ?? 1, -1])) }

  /// Inserts an axis of extent 1 at `axis`.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @differentiable(reverse, wrt: self)
  public func expandingShape(at axis: Int) -> Tensor {
    reshaped(to: withoutDerivative(at: expandedShape(at: axis)))
  }

  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @usableFromInline func expandedShape(at axis: Int) -> [Int] {
    var s = shape
    s.insert(1, at: axis < 0 ? axis + rank + 1 : axis)
    return s
  }

  /// Removes axes of extent 1 (the given ones, or all when `axes` is empty).
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @differentiable(reverse, wrt: self)
  public func squeezingShape(at axes: [Int] = []) -> Tensor {
    reshaped(to: withoutDerivative(at: squeezedShape(at: axes)))
  }

  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @usableFromInline func squeezedShape(at axes: [Int]) -> [Int] {
    let drop = Set(axes.isEmpty ? shape.indices.filter { shape[$0] == 1 } : normalizedAxes(axes))
    precondition(drop.allSatisfy { shape[$0] == 1 }, "cannot squeeze axes \(axes) of shape \(shape)")
    return shape.indices.filter { !drop.contains($0) }.map { shape[$0] }
  }

  /// The axes reordered: axis i of the result is axis `permutation[i]` of `self`.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @differentiable(reverse, wrt: self)
  public func transposed(permutation: [Int]) -> Tensor {
    precondition(
      permutation.sorted() == Array(0..<rank),
      "\(permutation) is not a permutation of the axes of shape \(shape)")
    if permutation == Array(0..<rank) { return self }
    let newShape = permutation.map { shape[$0] }
    var srcStrides = [Int](repeating: 1, count: rank)
    for i in stride(from: rank - 2, through: 0, by: -1) { srcStrides[i] = srcStrides[i + 1] * shape[i + 1] }
    let strides = permutation.map { srcStrides[$0] }
    if rank == 2 {
      let (rows, cols) = (newShape[0], newShape[1])
      return Tensor(shape: newShape) { out in
        scalars.withUnsafeBufferPointer { x in
          // Blocked transpose keeps both sides cache-resident.
          let block = 32
          for r0 in stride(from: 0, to: rows, by: block) {
            for c0 in stride(from: 0, to: cols, by: block) {
              for r in r0..<Swift.min(r0 + block, rows) {
                for c in c0..<Swift.min(c0 + block, cols) { out[r * cols + c] = x[r * strides[0] + c * strides[1]] }
              }
            }
          }
        }
      }
    }
    var index = [Int](repeating: 0, count: rank)
    return Tensor(shape: newShape) { out in
      scalars.withUnsafeBufferPointer { x in
        var offset = 0
        for i in 0..<out.count {
          out[i] = x[offset]
          var axis = rank - 1
          while axis >= 0 {
            index[axis] += 1
            offset += strides[axis]
            if index[axis] < newShape[axis] { break }
            offset -= strides[axis] * newShape[axis]
            index[axis] = 0
            axis -= 1
          }
        }
      }
    }
  }

  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @derivative(of: transposed(permutation:), wrt: self)
  @usableFromInline func _vjpTransposed(permutation: [Int]) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    var inverse = permutation
    for (i, p) in permutation.enumerated() { inverse[p] = i }
    let y = transposed(permutation: permutation)
    let shape = y.shape
    return (y, { $0.gradient(inShape: shape).transposed(permutation: inverse) })
  }

  /// The matrix transpose (swaps the last two axes).
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @differentiable(reverse)
  public func transposed() -> Tensor {
    transposed(permutation: withoutDerivative(at: matrixTransposePermutation))
  }

  @inlinable
  var matrixTransposePermutation: [Int] {
    precondition(rank >= 2, "transposed() needs rank ≥ 2, got shape \(shape)")
    var p = Array(0..<rank)
    p.swapAt(rank - 1, rank - 2)
    return p
  }

  /// The elements whose index along `axis` lies in `range`.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @differentiable(reverse, wrt: self)
  public func slice(alongAxis axis: Int = 0, _ range: Range<Int>) -> Tensor {
    let axis = normalizedAxes([axis])[0]
    precondition(range.lowerBound >= 0 && range.upperBound <= shape[axis], "range \(range) out of bounds for axis \(axis) of shape \(shape)")
    let inner = shape[(axis + 1)...].reduce(1, *)
    let outer = shape[..<axis].reduce(1, *)
    var newShape = shape
    newShape[axis] = range.count
    return Tensor(shape: newShape) { out in
      scalars.withUnsafeBufferPointer { x in
        let chunk = range.count * inner
        for o in 0..<outer {
          let src = (o * shape[axis] + range.lowerBound) * inner
          for i in 0..<chunk { out[o * chunk + i] = x[src + i] }
        }
      }
    }
  }

  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @derivative(of: slice, wrt: self)
  @usableFromInline func _vjpSlice(alongAxis axis: Int, _ range: Range<Int>) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    let shape = self.shape
    let axis = normalizedAxes([axis])[0]
    let value = slice(alongAxis: axis, range)
    let sliceShape = value.shape
    return (
      value,
      { g in
        let g = g.gradient(inShape: sliceShape)
        var parts: [Tensor] = []
        var before = shape, after = shape
        before[axis] = range.lowerBound
        after[axis] = shape[axis] - range.upperBound
        parts = [Tensor(zeros: before), g, Tensor(zeros: after)]
        return Tensor(concatenating: parts, alongAxis: axis)
      }
    )
  }

  /// Joins tensors along an existing axis; all other extents must agree.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @differentiable(reverse, wrt: tensors)
  public init(concatenating tensors: [Tensor], alongAxis axis: Int = 0) {
    precondition(!tensors.isEmpty, "nothing to concatenate")
    let rank = tensors[0].rank
    let axis = axis < 0 ? axis + rank : axis
    for t in tensors {
      precondition(
        t.rank == rank && t.shape.indices.allSatisfy { $0 == axis || t.shape[$0] == tensors[0].shape[$0] },
        "cannot concatenate shapes \(tensors.map(\.shape)) along axis \(axis)")
    }
    var shape = tensors[0].shape
    shape[axis] = tensors.reduce(0) { $0 + $1.shape[axis] }
    let outer = shape[..<axis].reduce(1, *)
    let inner = shape[(axis + 1)...].reduce(1, *)
    var scalars: [Scalar] = []
    scalars.reserveCapacity(elementCount(shape))
    for o in 0..<outer {
      for t in tensors {
        let chunk = t.shape[axis] * inner
        scalars.append(contentsOf: t.scalars[(o * chunk)..<((o + 1) * chunk)])
      }
    }
    self.init(shape: shape, scalars: scalars)
  }

  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @derivative(of: init(concatenating:alongAxis:), wrt: tensors)
  @usableFromInline static func _vjpConcatenating(_ tensors: [Tensor], alongAxis axis: Int)
    -> (value: Tensor, pullback: (Tensor) -> [Tensor].TangentVector)
  {
    let rank = tensors[0].rank
    let axis = axis < 0 ? axis + rank : axis
    let extents = tensors.map { $0.shape[axis] }
    let value = Tensor(concatenating: tensors, alongAxis: axis)
    let shape = value.shape
    return (
      value,
      { g in
        let g = g.gradient(inShape: shape)
        var start = 0
        var parts: [Tensor] = []
        for e in extents {
          parts.append(g.slice(alongAxis: axis, start..<(start + e)))
          start += e
        }
        return .init(parts)
      }
    )
  }

  /// Joins tensors of one shape along a new axis.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @differentiable(reverse, wrt: tensors)
  public init(stacking tensors: [Tensor], alongAxis axis: Int = 0) {
    precondition(!tensors.isEmpty, "nothing to stack")
    precondition(tensors.allSatisfy { $0.shape == tensors[0].shape }, "cannot stack shapes \(tensors.map(\.shape))")
    let axis = axis < 0 ? axis + tensors[0].rank + 1 : axis
    self.init(concatenating: tensors.map { $0.expandingShape(at: axis) }, alongAxis: axis)
  }

  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @derivative(of: init(stacking:alongAxis:), wrt: tensors)
  @usableFromInline static func _vjpStacking(_ tensors: [Tensor], alongAxis axis: Int)
    -> (value: Tensor, pullback: (Tensor) -> [Tensor].TangentVector)
  {
    let axis = axis < 0 ? axis + tensors[0].rank + 1 : axis
    let value = Tensor(stacking: tensors, alongAxis: axis)
    let shape = value.shape
    return (
      value,
      { g in let g = g.gradient(inShape: shape); return .init((0..<tensors.count).map { g.slice(alongAxis: axis, $0..<($0 + 1)).squeezingShape(at: [axis]) }) }
    )
  }
}
