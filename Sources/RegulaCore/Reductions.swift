import RealModule
import _Differentiation

// Reductions along any set of axes. Negative axes count from the end. With
// `keepingDimensions`, reduced axes stay as extent 1 (so the result broadcasts against the
// input); otherwise they are removed. Sums of every element accumulate in Double.

extension Tensor {
  /// Normalizes possibly negative axes, checks them, and sorts them.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @usableFromInline func normalizedAxes(_ axes: [Int]) -> [Int] {
    let result = axes.map { $0 < 0 ? $0 + rank : $0 }
    precondition(
      result.allSatisfy { $0 >= 0 && $0 < rank } && Set(result).count == result.count,
      "invalid axes \(axes) for shape \(shape)")
    return result.sorted()
  }

  /// The shape after reducing `axes` (normalized), keeping them as 1.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @usableFromInline func keptShape(reducing axes: [Int]) -> [Int] {
    var s = shape
    for a in axes { s[a] = 1 }
    return s
  }

  /// Reduces one axis, viewing the tensor as [outer, n, inner]; the axis stays as extent 1.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @usableFromInline func reducedAlongAxis(
    _ axis: Int, initial: Scalar, _ combine: (Scalar, Scalar) -> Scalar
  ) -> Tensor {
    let n = shape[axis]
    let inner = shape[(axis + 1)...].reduce(1, *)
    let outer = shape[..<axis].reduce(1, *)
    var outShape = shape
    outShape[axis] = 1
    return Tensor(shape: outShape) { out in
      scalars.withUnsafeBufferPointer { x in
        for o in 0..<outer {
          let src = o * n * inner
          let dst = o * inner
          for i in 0..<inner { out[dst + i] = initial }
          for k in 0..<n {
            let row = src + k * inner
            for i in 0..<inner { out[dst + i] = combine(out[dst + i], x[row + i]) }
          }
        }
      }
    }
  }

  /// Reduces the (normalized) axes one at a time, keeping them as extent 1.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @usableFromInline func reduced(
    alongAxes axes: [Int], initial: Scalar, _ combine: (Scalar, Scalar) -> Scalar
  ) -> Tensor {
    var result = self
    for axis in axes { result = result.reducedAlongAxis(axis, initial: initial, combine) }
    return result
  }

  /// The sum over normalized axes, kept as extent 1 (no derivative; see `sum`).
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @usableFromInline func reducedSum(alongAxes axes: [Int]) -> Tensor { reduced(alongAxes: axes, initial: 0, +) }

  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @usableFromInline func finishing(_ reduced: Tensor, axes: [Int], keepingDimensions: Bool) -> Tensor {
    if keepingDimensions { return reduced }
    var result = reduced
    result.setShape(shape.enumerated().filter { !axes.contains($0.offset) }.map(\.element))
    return result
  }

  /// The sum of all elements, accumulated in Double.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @differentiable(reverse)
  public func sum() -> Tensor {
    var total = 0.0
    for x in scalars { total += Double(x) }
    return Tensor(Scalar(total))
  }

  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @derivative(of: sum)
  @usableFromInline func _vjpSum() -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    let shape = self.shape
    return (sum(), { $0.broadcasted(to: shape) })
  }

  /// The sum along `axes`.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @differentiable(reverse, wrt: self)
  public func sum(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Tensor {
    let axes = normalizedAxes(axes)
    return finishing(reducedSum(alongAxes: axes), axes: axes, keepingDimensions: keepingDimensions)
  }

  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @derivative(of: sum(alongAxes:keepingDimensions:), wrt: self)
  @usableFromInline func _vjpSumAlongAxes(alongAxes axes: [Int], keepingDimensions: Bool)
    -> (value: Tensor, pullback: (Tensor) -> Tensor)
  {
    let (shape, kept) = (self.shape, keptShape(reducing: normalizedAxes(axes)))
    return (
      sum(alongAxes: axes, keepingDimensions: keepingDimensions),
      { g in
        let g = g.gradient(inShape: kept)
        return g.broadcasted(to: shape)
      }
    )
  }

  /// The mean of all elements.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @differentiable(reverse)
  public func mean() -> Tensor { sum() / withoutDerivative(at: Scalar(Swift.max(scalarCount, 1))) }

  /// The mean along `axes`.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @differentiable(reverse, wrt: self)
  public func mean(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Tensor {
    let count = withoutDerivative(at: normalizedAxes(axes).reduce(1) { $0 * shape[$1] })
    return sum(alongAxes: axes, keepingDimensions: keepingDimensions) / Scalar(count)
  }

  /// The population variance (divisor n) along `axes`.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @differentiable(reverse, wrt: self)
  public func variance(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Tensor {
    let centered = self - mean(alongAxes: axes, keepingDimensions: true)
    return square(centered).mean(alongAxes: axes, keepingDimensions: keepingDimensions)
  }

  /// The maximum along `axes`. At ties the derivative is shared equally, as in JAX.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @differentiable(reverse, wrt: self)
  public func max(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Tensor {
    extremum(alongAxes: axes, keepingDimensions: keepingDimensions, greatest: true)
  }

  /// The minimum along `axes`. At ties the derivative is shared equally, as in JAX.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @differentiable(reverse, wrt: self)
  public func min(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Tensor {
    extremum(alongAxes: axes, keepingDimensions: keepingDimensions, greatest: false)
  }

  /// The largest element.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @differentiable(reverse)
  public func max() -> Tensor { max(alongAxes: withoutDerivative(at: Array(0..<rank))) }

  /// The smallest element.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @differentiable(reverse)
  public func min() -> Tensor { min(alongAxes: withoutDerivative(at: Array(0..<rank))) }

  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @differentiable(reverse, wrt: self)
  @usableFromInline func extremum(alongAxes axes: [Int], keepingDimensions: Bool, greatest: Bool) -> Tensor {
    let axes = normalizedAxes(axes)
    let r =
      greatest
      ? reduced(alongAxes: axes, initial: -.infinity) { Swift.max($0, $1) }
      : reduced(alongAxes: axes, initial: .infinity) { Swift.min($0, $1) }
    return finishing(r, axes: axes, keepingDimensions: keepingDimensions)
  }

  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @derivative(of: extremum, wrt: self)
  @usableFromInline func _vjpExtremum(alongAxes axes: [Int], keepingDimensions: Bool, greatest: Bool)
    -> (value: Tensor, pullback: (Tensor) -> Tensor)
  {
    let normalized = normalizedAxes(axes)
    let value = extremum(alongAxes: axes, keepingDimensions: true, greatest: greatest)
    let hits = isEqual(to: value)
    let counts = hits.reducedSum(alongAxes: normalized)
    let kept = value.shape
    var result = value
    if !keepingDimensions { result = finishing(value, axes: normalized, keepingDimensions: false) }
    return (
      result,
      { g in
        let g = g.gradient(inShape: kept)
        return hits * (g / counts)
      }
    )
  }

  /// log Σ exp(x) along `axes`, computed stably as m + log Σ exp(x − m) with m the maximum.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @differentiable(reverse, wrt: self)
  public func logSumExp(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Tensor {
    let axes = normalizedAxes(axes)
    var m = reduced(alongAxes: axes, initial: -.infinity) { Swift.max($0, $1) }
    m = m.map { $0.isFinite ? $0 : 0 }
    let shifted = Tensor.broadcasting(self, m) { Scalar.exp($0 - $1) }
    let lse = Tensor.broadcasting(shifted.reducedSum(alongAxes: axes), m) { Scalar.log($0) + $1 }
    return finishing(lse, axes: axes, keepingDimensions: keepingDimensions)
  }

  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  @derivative(of: logSumExp, wrt: self)
  @usableFromInline func _vjpLogSumExp(alongAxes axes: [Int], keepingDimensions: Bool)
    -> (value: Tensor, pullback: (Tensor) -> Tensor)
  {
    let kept = logSumExp(alongAxes: axes, keepingDimensions: true)
    let softmax = Tensor.broadcasting(self, kept) { Scalar.exp($0 - $1) }
    let result = keepingDimensions ? kept : finishing(kept, axes: normalizedAxes(axes), keepingDimensions: false)
    return (
      result,
      { g in
        let g = g.gradient(inShape: kept.shape)
        return softmax * g
      }
    )
  }

  /// The index of the largest element along `axis` (the first at ties), for every position
  /// of the other axes, in row-major order of those axes.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public func argmax(alongAxis axis: Int) -> [Int] {
    let axis = normalizedAxes([axis])[0]
    let n = shape[axis]
    let inner = shape[(axis + 1)...].reduce(1, *)
    let outer = shape[..<axis].reduce(1, *)
    var result = [Int](repeating: 0, count: outer * inner)
    for o in 0..<outer {
      for i in 0..<inner {
        var best = 0
        for k in 1..<Swift.max(n, 1) where scalars[(o * n + k) * inner + i] > scalars[(o * n + best) * inner + i] {
          best = k
        }
        result[o * inner + i] = best
      }
    }
    return result
  }
}

/// The softmax along `axis`: exp(x − logsumexp(x)).
@_specialize(where S == Float) @_specialize(where S == Double)
@differentiable(reverse, wrt: x)
public func softmax<S>(_ x: Tensor<S>, alongAxis axis: Int = -1) -> Tensor<S> {
  exp(logSoftmax(x, alongAxis: axis))
}

/// The log-softmax along `axis`: x − logsumexp(x), finite for any finite logits.
@_specialize(where S == Float) @_specialize(where S == Double)
@differentiable(reverse, wrt: x)
public func logSoftmax<S>(_ x: Tensor<S>, alongAxis axis: Int = -1) -> Tensor<S> {
  x - x.logSumExp(alongAxes: [axis], keepingDimensions: true)
}
