// Internal helpers on aligned parameter sets (same paths, same shapes) for the wrappers that
// move θ along gradient directions; the inner product, norms and axpy are RegulaCore's.

extension ParameterSet {
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
