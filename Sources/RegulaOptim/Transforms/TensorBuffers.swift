import Dispatch
import Foundation
import RealModule

// Internal helpers for the per-element loops of transformations. Each helper calls its
// closure once per tensor with raw buffers, so the element loop lives in the caller's
// (specialized) `update` and mutates storage in place.

extension ParameterSet {
  /// Calls `body` with the i-th tensor's elements, mutable in place.
  @inlinable
  mutating func withBuffer<R>(at i: Int, _ body: (UnsafeMutableBufferPointer<Scalar>) throws -> R) rethrows -> R {
    try withTensor(at: i) { t in try t.scalars.withUnsafeMutableBufferPointer { try body($0) } }
  }

  /// Calls `body` with the i-th tensor's elements, read-only.
  @inlinable
  func withReadBuffer<R>(at i: Int, _ body: (UnsafeBufferPointer<Scalar>) throws -> R) rethrows -> R {
    try tensors[i].scalars.withUnsafeBufferPointer(body)
  }

  /// Calls `body` with the elements of every tensor at once, each mutable in place.
  ///
  /// Swift's exclusivity rule allows one in-place access to the set at a time, so each
  /// tensor is moved out of the set for the call (swapped with an empty placeholder: its
  /// elements are not copied) and opened as a local variable, the next ones recursively.
  @inlinable
  mutating func withAllBuffers<R>(_ body: ([UnsafeMutableBufferPointer<Scalar>]) -> R) -> R {
    var buffers: [UnsafeMutableBufferPointer<Scalar>] = []
    buffers.reserveCapacity(count)
    return openBuffers(from: 0, into: &buffers, body)
  }

  @inlinable
  mutating func openBuffers<R>(
    from i: Int, into buffers: inout [UnsafeMutableBufferPointer<Scalar>], _ body: ([UnsafeMutableBufferPointer<Scalar>]) -> R
  ) -> R {
    guard i < count else { return body(buffers) }
    var tensor = Tensor<Scalar>(shape: [0], scalars: [])
    withTensor(at: i) { swap(&$0, &tensor) }
    defer { withTensor(at: i) { swap(&$0, &tensor) } }
    return tensor.scalars.withUnsafeMutableBufferPointer { buffer in
      buffers.append(buffer)
      return openBuffers(from: i + 1, into: &buffers, body)
    }
  }

  /// Calls `body` with the elements of every tensor at once, read-only.
  @inlinable
  func withAllReadBuffers<R>(_ body: ([UnsafeBufferPointer<Scalar>]) -> R) -> R {
    var buffers: [UnsafeBufferPointer<Scalar>] = []
    buffers.reserveCapacity(count)
    return openReadBuffers(from: 0, into: &buffers, body)
  }

  @inlinable
  func openReadBuffers<R>(
    from i: Int, into buffers: inout [UnsafeBufferPointer<Scalar>], _ body: ([UnsafeBufferPointer<Scalar>]) -> R
  ) -> R {
    guard i < count else { return body(buffers) }
    return withReadBuffer(at: i) { buffer in
      buffers.append(buffer)
      return openReadBuffers(from: i + 1, into: &buffers, body)
    }
  }

  /// A set of the same paths and shapes filled with `value`.
  @inlinable
  func filled(with value: Scalar) -> ParameterSet {
    mapTensors { _, p in Tensor(repeating: value, shape: p.shape) }
  }

  /// A set of the same paths and shapes filled with zeros.
  @inlinable
  func zeros() -> ParameterSet { filled(with: 0) }
}

/// Calls `body(k, range)` on pieces that together cover 0..<counts[k] for every k, once
/// each: all on the calling thread when the total is below 2¹⁸ elements, else on every core
/// at once, with one hand-off per call.
///
/// The tensors are laid end to end and the total cut into one contiguous part per core (at
/// most one per 2¹⁷ elements); each core walks its part in order, whole tensors and the
/// pieces of those cut at a part's boundary. So 64 small tensors cost one hand-off, not 64,
/// and a single large one is split as evenly as many.
///
/// Elementwise optimizer steps are bound by memory traffic, and one core alone does not
/// saturate the memory bus. Pieces are disjoint, so an elementwise body gives the same
/// result bit for bit however the elements are split.
func forEachPiece(ofCounts counts: [Int], _ body: (_ tensor: Int, _ range: Range<Int>) -> Void) {
  let total = counts.reduce(0, +)
  let parts = total >= 1 << 18 ? min(activeProcessorCount, total >> 17) : 1
  func run(part: Int) {
    let (low, high) = (part * total / parts, (part + 1) * total / parts)
    var start = 0  // of tensor k in the concatenation
    for (k, count) in counts.enumerated() where start < high {
      let (from, to) = (max(low, start), min(high, start + count))
      if from < to { body(k, from - start..<to - start) }
      start += count
    }
  }
  guard parts > 1 else { return run(part: 0) }
  withoutActuallyEscaping(run) { run in
    // The parts are disjoint and `concurrentPerform` returns after the last one.
    nonisolated(unsafe) let run = run
    DispatchQueue.concurrentPerform(iterations: parts) { run($0) }
  }
}

private let activeProcessorCount = ProcessInfo.processInfo.activeProcessorCount

/// 1 − βᵗ, the bias-correction denominator of an exponential moving average after t steps.
@inlinable
func biasCorrection(_ beta: Double, _ t: Int) -> Double {
  1 - Double.pow(beta, Double(t))
}

extension TensorScalar {
  /// sign(x) with sign(0) = 0 (and NaN for NaN), as `jnp.sign`.
  @inlinable
  var signum: Self { self > 0 ? 1 : (self < 0 ? -1 : (self == 0 ? 0 : self)) }
}

/// √(Σ x²) of a buffer, accumulated in Double.
@inlinable
func euclideanNorm<S: TensorScalar>(_ x: UnsafeBufferPointer<S>) -> Double {
  var s = 0.0
  for v in x { let d = Double(v); s += d * d }
  return s.squareRoot()
}

@inlinable
func euclideanNorm<S: TensorScalar>(_ x: UnsafeMutableBufferPointer<S>) -> Double {
  euclideanNorm(UnsafeBufferPointer(x))
}

extension ParameterSet {
  /// Whether every element of every tensor is finite.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  func allFinite() -> Bool {
    for i in 0..<count where !withReadBuffer(at: i, { $0.allSatisfy { $0.isFinite } }) { return false }
    return true
  }

  /// Sets every element to zero in place.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  mutating func setToZero() {
    for i in 0..<count {
      withBuffer(at: i) { u in for j in u.indices { u[j] = 0 } }
    }
  }

  /// a ← a + (g − a)/n for every element: a running mean with n terms after the update.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  mutating func accumulateMean(_ g: ParameterSet, count n: Int) {
    let c = Scalar(n)
    for i in 0..<count {
      g.withReadBuffer(at: i) { g in
        withBuffer(at: i) { a in for j in a.indices { a[j] += (g[j] - a[j]) / c } }
      }
    }
  }
}
