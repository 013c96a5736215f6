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

  /// A set of the same paths and shapes filled with `value`.
  @inlinable
  func filled(with value: Scalar) -> ParameterSet {
    mapTensors { _, p in Tensor(repeating: value, shape: p.shape) }
  }

  /// A set of the same paths and shapes filled with zeros.
  @inlinable
  func zeros() -> ParameterSet { filled(with: 0) }
}

/// Calls `body` on consecutive chunks covering 0..<count: on every core at once when the
/// range is long enough to pay for the hand-off (≥ 2¹⁸ elements), else in one call.
///
/// Elementwise optimizer steps are bound by memory traffic, and one core alone does not
/// saturate the memory bus. Chunks are disjoint, so an elementwise body gives the same
/// result bit for bit however the range is split.
func forEachChunk(of count: Int, _ body: (Range<Int>) -> Void) {
  let chunks = count >= 1 << 18 ? min(activeProcessorCount, count >> 17) : 1
  guard chunks > 1 else { return body(0..<count) }
  withoutActuallyEscaping(body) { body in
    // The chunks are disjoint and `concurrentPerform` returns after the last one.
    nonisolated(unsafe) let body = body
    DispatchQueue.concurrentPerform(iterations: chunks) { c in
      body(c * count / chunks..<(c + 1) * count / chunks)
    }
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
