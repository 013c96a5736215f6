/// Memory-efficient adaptive scaling with one accumulator per axis slice: SM3.
///
/// For a tensor of rank k ≥ 2 with per-axis accumulators μ₁ … μ_k (μₐ has the length of
/// axis a):
///
///     ν[i] = (1 − β₂)·g[i]² + β₂·minₐ μₐ[iₐ]      ((1 − β₂) is read as 1 when β₂ = 1)
///     μₐ[j] ← max over i with iₐ = j of ν[i]
///     d = g / √(ν + ε)  (0 where ν = 0)
///     m ← β₁·m + (1 − β₁)·d;   u = m
///
/// A tensor of rank 0 or 1 keeps a full accumulator (plain AdaGrad with momentum).
///
/// - Parameter beta1: β₁, momentum. Default `0.9`.
/// - Parameter beta2: β₂. Default `1` (a sum, as AdaGrad).
/// - Parameter epsilon: ε. Default `1e-8`.
/// - SeeAlso: "Memory-Efficient Adaptive Optimization", Anil, Gupta, Koren & Singer, NeurIPS 2019.
public struct ScaleBySM3<Scalar: TensorScalar>: GradientTransformation {
  public var beta1: Double
  public var beta2: Double
  public var epsilon: Double

  public struct State: Codable, Sendable, Equatable {
    /// μ: for each parameter (in path order), one accumulator per axis; a single full
    /// accumulator for tensors of rank < 2.
    public var accumulators: [[Tensor<Scalar>]]
    /// m, the momentum.
    public var momentum: ParameterSet<Scalar>
  }

  public init(beta1: Double = 0.9, beta2: Double = 1, epsilon: Double = 1e-8) {
    precondition(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 <= 1, "beta1 must be in [0, 1) and beta2 in [0, 1]")
    (self.beta1, self.beta2, self.epsilon) = (beta1, beta2, epsilon)
  }

  public func initialState(for parameters: ParameterSet<Scalar>) -> State {
    let acc = parameters.tensors.map { p -> [Tensor<Scalar>] in
      p.rank < 2 ? [Tensor(zeros: p.shape)] : p.shape.map { Tensor(zeros: [$0]) }
    }
    return State(accumulators: acc, momentum: parameters.zeros())
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func update(_ updates: inout ParameterSet<Scalar>, state: inout State, parameters: ParameterSet<Scalar>) {
    let c0 = Scalar(beta2 == 1 ? 1 : 1 - beta2), c1 = Scalar(beta2), eps = Scalar(epsilon), b1 = Scalar(beta1)
    for i in 0..<updates.count {
      let shape = updates.tensors[i].shape
      var nu = [Scalar](repeating: 0, count: updates.tensors[i].scalarCount)
      updates.withBuffer(at: i) { g in
        if shape.count < 2 {
          state.accumulators[i][0].scalars.withUnsafeMutableBufferPointer { mu in
            for j in g.indices {
              nu[j] = c0 * g[j] * g[j] + c1 * mu[j]
              mu[j] = nu[j]
            }
          }
        } else {
          let rank = shape.count
          var old = state.accumulators[i].map(\.scalars)
          var new = shape.map { [Scalar](repeating: -.infinity, count: $0) }
          var index = [Int](repeating: 0, count: rank)
          for j in g.indices {
            var m = old[0][index[0]]
            for a in 1..<rank { m = Swift.min(m, old[a][index[a]]) }
            let v = c0 * g[j] * g[j] + c1 * m
            nu[j] = v
            for a in 0..<rank where v > new[a][index[a]] { new[a][index[a]] = v }
            var a = rank - 1
            while a >= 0 {
              index[a] += 1
              if index[a] < shape[a] { break }
              index[a] = 0
              a -= 1
            }
          }
          old.removeAll()
          for a in 0..<rank { state.accumulators[i][a] = Tensor(shape: [shape[a]], scalars: new[a]) }
        }
        state.momentum.withBuffer(at: i) { m in
          for j in g.indices {
            let d = nu[j] > 0 ? g[j] / (nu[j] + eps).squareRoot() : 0
            let mj = (1 - b1) * d + b1 * m[j]
            m[j] = mj
            g[j] = mj
          }
        }
      }
    }
  }
}
