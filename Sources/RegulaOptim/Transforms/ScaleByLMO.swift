/// The norm whose unit ball a layer's steepest-descent step lives in.
public enum SteepestDescentNorm: String, Sendable, Equatable, Codable, CaseIterable {
  /// ℓ∞ (max-norm): the step is sign(m) (sign descent; Adam without EMAs).
  case sign
  /// ℓ2 / Frobenius: the step is m/‖m‖.
  case euclidean
  /// Spectral (operator ℓ2 → ℓ2) for matrices: the step is ≈ UVᵀ of m = USVᵀ (Newton–Schulz),
  /// scaled by √(fan_out/fan_in) for an [fan_in, fan_out] weight; vectors use `euclidean`.
  case spectral
}

/// Per-layer normalized steepest descent: replaces each tensor's update m by the direction
/// of the linear minimization oracle of its layer's norm (the step that makes the most
/// progress on ⟨m, ·⟩ in the unit ball), so θ ← θ − η·LMO-direction(m).
///
///     sign:       d = sign(m)
///     euclidean:  d = m/‖m‖_F                       (0 when m = 0)
///     spectral:   d = NS(m)·√(fan_out/fan_in)        (matrices)
///
/// Put momentum before it (`chain { Trace<Float>(decay: 0.9); ScaleByLMO<Float>(.spectral); ScaleByLearningRate<Float>(0.02) }`
/// is Muon without bias correction). `norm(for:shape:)` may choose per layer, e.g. spectral
/// for hidden matrices and sign for embeddings and biases.
///
/// - SeeAlso: "Old Optimizer, New Norm: An Anthology", Bernstein & Newhouse, 2024;
///   "Training Deep Learning Models with Norm-Constrained LMOs", Pethick et al., 2025;
///   "A Spectral Condition for Feature Learning", Yang, Simon & Bernstein, 2023.
public struct ScaleByLMO<Scalar: TensorScalar>: GradientTransformation {
  /// The norm of each parameter, from its path and shape.
  public var norm: @Sendable (String, [Int]) -> SteepestDescentNorm
  /// Newton–Schulz steps for `spectral`. Default `5`.
  public var steps: Int

  /// One norm for every parameter.
  public init(_ norm: SteepestDescentNorm, steps: Int = 5) {
    self.init(steps: steps) { _, _ in norm }
  }

  /// A norm per parameter.
  public init(steps: Int = 5, norm: @escaping @Sendable (String, [Int]) -> SteepestDescentNorm) {
    (self.norm, self.steps) = (norm, steps)
  }

  public func initialState(for parameters: ParameterSet<Scalar>) -> EmptyState { EmptyState() }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func update(_ updates: inout ParameterSet<Scalar>, state: inout EmptyState, parameters: ParameterSet<Scalar>) {
    for i in 0..<updates.count {
      let shape = updates.tensors[i].shape
      var kind = norm(updates.paths[i], shape)
      if kind == .spectral && shape.count != 2 { kind = .euclidean }
      switch kind {
      case .sign:
        updates.withBuffer(at: i) { m in for j in m.indices { m[j] = m[j].signum } }
      case .euclidean:
        updates.withBuffer(at: i) { m in
          let n = euclideanNorm(m)
          guard n > 0 else { return }
          let c = Scalar(1 / n)
          for j in m.indices { m[j] *= c }
        }
      case .spectral:
        var d = newtonSchulzOrthogonalize(updates.tensors[i], steps: steps)
        d.scaleInPlace(by: Scalar((Double(shape[1]) / Double(shape[0])).squareRoot()))
        updates.replaceTensor(at: i, with: d)
      }
    }
  }
}
