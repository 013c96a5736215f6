import RealModule

/// Momentum, orthogonalized by Newton–Schulz, for matrix parameters: the core of Muon.
///
///     m ← β·m + (1 − β)·g
///     m̂ = m/(1 − βᵗ)     or (Nesterov)  β·m/(1 − βᵗ⁺¹) + (1 − β)·g/(1 − βᵗ)
///     u = NS(m̂)                     (see ``newtonSchulzOrthogonalize(_:steps:coefficients:epsilon:)``)
///     u ← u·√max(1, n/m)            (shape scaling for an [m, n] = [fan_in, fan_out] weight)
///     or u ← u·ρ·√max(m, n)         (with `consistentRMS` ρ, "Muon is Scalable for LLM Training")
///
/// Every parameter must be a matrix; use ``muon(learningRate:beta:nesterov:steps:coefficients:epsilon:weightDecay:consistentRMS:adamBeta1:adamBeta2:adamEpsilonRoot:adamWeightDecay:adamLearningRate:)``
/// to send other tensors to AdamW.
///
/// - Parameter beta: β. Default `0.95`.  - Parameter nesterov: Default `true`.
/// - Parameter steps: Newton–Schulz steps. Default `5`.
/// - Parameter epsilon: Default `1e-8`.
/// - Note: Optax (and Regula) bias-correct the momentum and read weights as [fan_in, fan_out];
///   Keller Jordan's PyTorch Muon does not bias-correct and scales by √max(1, rows/cols) of a
///   [out, in] weight — the same factor for the transposed layout.
/// - SeeAlso: "Muon: An optimizer for hidden layers in neural networks", K. Jordan et al., 2024.
public struct ScaleByMuon<Scalar: TensorScalar>: GradientTransformation {
  public var beta: Double
  public var nesterov: Bool
  public var steps: Int
  public var coefficients: NewtonSchulzCoefficients
  public var epsilon: Double
  public var consistentRMS: Double?

  public struct State: Codable, Sendable, Equatable {
    public var count: Int
    public var momentum: ParameterSet<Scalar>
  }

  public init(
    beta: Double = 0.95, nesterov: Bool = true, steps: Int = 5, coefficients: NewtonSchulzCoefficients = .muon,
    epsilon: Double = 1e-8, consistentRMS: Double? = nil
  ) {
    precondition(beta >= 0 && beta < 1, "beta must be in [0, 1), got \(beta)")
    (self.beta, self.nesterov, self.steps, self.coefficients) = (beta, nesterov, steps, coefficients)
    (self.epsilon, self.consistentRMS) = (epsilon, consistentRMS)
  }

  public func initialState(for parameters: ParameterSet<Scalar>) -> State {
    for (path, p) in parameters.entries {
      precondition(p.rank == 2, "ScaleByMuon: \(path) has shape \(p.shape); only matrices can be orthogonalized")
    }
    return State(count: 0, momentum: parameters.zeros())
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func update(_ updates: inout ParameterSet<Scalar>, state: inout State, parameters: ParameterSet<Scalar>) {
    state.count += 1
    let b = Scalar(beta)
    let ca = Scalar(nesterov ? beta / biasCorrection(beta, state.count + 1) : 1 / biasCorrection(beta, state.count))
    let cg = Scalar(nesterov ? (1 - beta) / biasCorrection(beta, state.count) : 0)
    for i in 0..<updates.count {
      updates.withBuffer(at: i) { g in
        state.momentum.withBuffer(at: i) { m in
          for j in g.indices {
            let mj = (1 - b) * g[j] + b * m[j]
            m[j] = mj
            g[j] = ca * mj + cg * g[j]
          }
        }
      }
      let shape = updates.tensors[i].shape
      let (fanIn, fanOut) = (Double(shape[0]), Double(shape[1]))
      let scale = consistentRMS.map { $0 * Swift.max(fanIn, fanOut).squareRoot() } ?? Swift.max(1, fanOut / fanIn).squareRoot()
      var o = newtonSchulzOrthogonalize(updates.tensors[i], steps: steps, coefficients: coefficients, epsilon: epsilon)
      o.scaleInPlace(by: Scalar(scale))
      updates.replaceTensor(at: i, with: o)
    }
  }
}
