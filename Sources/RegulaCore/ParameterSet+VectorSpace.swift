// ParameterSet as a vector: the inner product, norms and axpy that optimizers (L-BFGS,
// global-norm clipping, Polyak steps) and training wrappers (SAM, GAM, sharpness) need.
// Norms and inner products run over every tensor and accumulate in Double.

extension ParameterSet {
  /// ⟨self, other⟩ = Σ over all tensors Σⱼ xⱼyⱼ, accumulated in Double.
  ///
  /// - Precondition: `other` has the same paths, in the same order, and the same shapes.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func dot(_ other: ParameterSet) -> Double {
    precondition(paths == other.paths, "parameter sets differ: \(paths) vs \(other.paths)")
    var sum = 0.0
    for (i, (a, b)) in zip(tensors, other.tensors).enumerated() {
      precondition(a.shape == b.shape, "\(paths[i]): shapes \(a.shape) and \(b.shape) differ")
      a.scalars.withUnsafeBufferPointer { a in
        b.scalars.withUnsafeBufferPointer { b in
          for j in a.indices { sum += Double(a[j]) * Double(b[j]) }
        }
      }
    }
    return sum
  }

  /// ‖self‖² = Σ over all tensors Σⱼ xⱼ².
  public func globalSquaredNorm() -> Double { dot(self) }

  /// ‖self‖, the ℓ2 norm of all tensors taken as one vector.
  public func globalNorm() -> Double { dot(self).squareRoot() }

  /// self ← self + c·other, in place.
  ///
  /// - Precondition: `other` has the same paths, in the same order, and the same shapes.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public mutating func add(_ other: ParameterSet, scaledBy c: Double) {
    precondition(paths == other.paths, "parameter sets differ: \(paths) vs \(other.paths)")
    let s = Scalar(c), names = paths
    for i in 0..<count {
      let b = other.tensors[i]
      withTensor(at: i) { a in
        precondition(a.shape == b.shape, "\(names[i]): shapes \(a.shape) and \(b.shape) differ")
        a.scalars.withUnsafeMutableBufferPointer { a in
          b.scalars.withUnsafeBufferPointer { b in
            for j in a.indices { a[j] += s * b[j] }
          }
        }
      }
    }
  }

  /// self + c·other.
  public func adding(_ other: ParameterSet, scaledBy c: Double) -> ParameterSet {
    var result = self
    result.add(other, scaledBy: c)
    return result
  }

  /// c·self.
  public func scaled(by c: Double) -> ParameterSet {
    let s = Scalar(c)
    return mapTensors { _, t in t * s }
  }
}
