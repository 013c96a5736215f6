// Internal whole-set reductions (besides RegulaCore's dot and norms) for the transformations whose step size depends on global
// quantities (DoG, DoWG, Prodigy, D-Adaptation, Mechanic, MoMo). Sums run in Double.

extension ParameterSet {
  /// ‖x − y‖² over all tensors (`other` aligned with `self`).
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  func squaredDistance(to other: ParameterSet) -> Double {
    var s = 0.0
    for i in 0..<count {
      withReadBuffer(at: i) { x in
        other.withReadBuffer(at: i) { y in
          for j in x.indices { let d = Double(x[j]) - Double(y[j]); s += d * d }
        }
      }
    }
    return s
  }

  /// Σ over all tensors Σ |xᵢ|.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  func absoluteSum() -> Double {
    var s = 0.0
    for i in 0..<count {
      withReadBuffer(at: i) { x in for v in x { s += Double(abs(v)) } }
    }
    return s
  }

  /// x ← c·x for every tensor.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  mutating func scale(by c: Scalar) {
    updateTensors { _, u in u.scaleInPlace(by: c) }
  }
}
