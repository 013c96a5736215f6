// Internal vector-space helpers on aligned parameter sets (same paths, same shapes), used by
// the wrappers that move θ along gradient directions. Norms and inner products are global
// (over every tensor) and accumulate in Double.

extension ParameterSet {
  /// ⟨self, other⟩ over all tensors.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  func dot(_ other: ParameterSet) -> Double {
    precondition(paths == other.paths, "parameter sets differ: \(paths) vs \(other.paths)")
    var sum = 0.0
    for (a, b) in zip(tensors, other.tensors) {
      precondition(a.shape == b.shape, "shapes \(a.shape) and \(b.shape) differ")
      a.scalars.withUnsafeBufferPointer { a in
        b.scalars.withUnsafeBufferPointer { b in
          for j in a.indices { sum += Double(a[j]) * Double(b[j]) }
        }
      }
    }
    return sum
  }

  /// The global ℓ2 norm √(Σ over all tensors Σ x²).
  func globalNorm() -> Double { dot(self).squareRoot() }

  /// self + c·other, path by path.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  func adding(_ other: ParameterSet, scaledBy c: Double) -> ParameterSet {
    precondition(paths == other.paths, "parameter sets differ: \(paths) vs \(other.paths)")
    var result = self
    let s = Scalar(c)
    for i in 0..<count {
      let b = other.tensors[i]
      result.withTensor(at: i) { a in
        precondition(a.shape == b.shape, "\(paths[i]): shapes \(a.shape) and \(b.shape) differ")
        a.scalars.withUnsafeMutableBufferPointer { a in
          b.scalars.withUnsafeBufferPointer { b in
            for j in a.indices { a[j] += s * b[j] }
          }
        }
      }
    }
    return result
  }

  /// c·self.
  func scaled(by c: Double) -> ParameterSet { zerosLike().adding(self, scaledBy: c) }

  /// Zeros of the same paths and shapes.
  func zerosLike() -> ParameterSet { mapTensors { _, t in Tensor(zeros: t.shape) } }

  /// The elementwise product self ⊙ other.
  func multiplied(by other: ParameterSet) -> ParameterSet {
    precondition(paths == other.paths, "parameter sets differ: \(paths) vs \(other.paths)")
    var i = -1
    return mapTensors { _, t in i += 1; return t * other.tensors[i] }
  }
}

/// The ascent step of sharpness-aware methods: ε = ρ·g/(‖g‖ + 1e-12), or with
/// `adaptive` (ASAM) ε = ρ·θ²⊙g/(‖|θ|⊙g‖ + 1e-12), norms global over all tensors.
func sharpnessPerturbation<Scalar: TensorScalar>(
  gradient g: ParameterSet<Scalar>, parameters theta: ParameterSet<Scalar>, radius rho: Double, adaptive: Bool
) -> ParameterSet<Scalar> {
  guard adaptive else { return g.scaled(by: rho / (g.globalNorm() + 1e-12)) }
  let magnitude = theta.mapTensors { _, t in abs(t) }
  let scaledGradient = magnitude.multiplied(by: g)
  return magnitude.multiplied(by: scaledGradient).scaled(by: rho / (scaledGradient.globalNorm() + 1e-12))
}
