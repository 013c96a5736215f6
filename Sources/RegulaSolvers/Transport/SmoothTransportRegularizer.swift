import Foundation
import RegulaPenalties

/// The regularizer Ω of smooth optimal transport (``SmoothTransport``), with the two
/// conjugates its dual and semi-dual need, column by column (γ > 0 its weight):
///
///     negativeEntropy          Ω(p) = γ Σᵢ pᵢ log pᵢ
///     squaredL2                Ω(p) = (γ/2) ‖p‖²
///     sparsityConstrained(k)   Ω(p) = (γ/2) ‖p‖²  with ‖p‖₀ ≤ k
///
/// - **Dual** (the conjugate of Ω on p ≥ 0): δ(x) = max_{p ≥ 0} ⟨x, p⟩ − Ω(p), with maximizer
///   ∇δ(x): γ Σ exp(xᵢ/γ − 1) and pᵢ = exp(xᵢ/γ − 1) for the entropy; ‖[x]₊‖²/(2γ) and
///   p = [x]₊/γ for the squared norm (restricted to the k largest xᵢ under the constraint).
/// - **Semi-dual** (the conjugate on the scaled simplex {p ≥ 0, Σp = b}, divided by b):
///   max_b(x) = (1/b)·max_{p ≥ 0, Σp = b} ⟨x, p⟩ − Ω(p), with maximizer b·q:
///   γ·LSE(x/γ) − γ log b and q = softmax(x/γ) for the entropy; ⟨x, q⟩ − (γb/2)‖q‖² with
///   q = Proj_Δ(x/(γb)) (the Euclidean projection onto the probability simplex, onto its
///   k-sparse part under the constraint: keep the k largest entries and project those).
///
/// - SeeAlso: Blondel, Seguy & Rolet, "Smooth and Sparse Optimal Transport", AISTATS 2018
///   (Table 1); Liu, Puigcerver & Blondel, "Sparsity-Constrained Optimal Transport", ICLR 2023.
public enum SmoothTransportRegularizer: Sendable, Equatable {
  /// Ω(P) = γ Σ Pᵢⱼ log Pᵢⱼ (POT's `reg_type="kl"`): the plan is Sinkhorn's at ε = γ.
  case negativeEntropy
  /// Ω(P) = (γ/2)‖P‖²_F (POT's `"l2"`): sparse plans.
  case squaredL2
  /// (γ/2)‖P‖²_F with at most k non-zeros in each column of P (POT's
  /// `"sparsity_constrained"` with `max_nz` = k).
  case sparsityConstrained(maxNonzerosPerColumn: Int)

  /// δ(x) and its maximizer for one column x (the dual's penalty).
  func conjugate(_ x: [Double], gamma: Double) -> (value: Double, plan: [Double]) {
    switch self {
    case .negativeEntropy:
      let p = x.map { exp($0 / gamma - 1) }
      return (gamma * p.reduce(0, +), p)
    case .squaredL2, .sparsityConstrained:
      var p = x.map { max($0, 0) / gamma }
      if case .sparsityConstrained(let k) = self, k < x.count {
        let kept = Self.largest(k, of: x)
        for i in p.indices where !kept.contains(i) { p[i] = 0 }
      }
      return (gamma / 2 * p.reduce(0) { $0 + $1 * $1 }, p)
    }
  }

  /// max_b(x) and q (summing to 1; the plan's column is b·q) for one column x of mass b > 0
  /// (the semi-dual's penalty).
  func smoothedMax(_ x: [Double], mass b: Double, gamma: Double) -> (value: Double, distribution: [Double]) {
    switch self {
    case .negativeEntropy:
      let top = x.max()!
      let e = x.map { exp(($0 - top) / gamma) }
      let sum = e.reduce(0, +)
      return (top + gamma * (log(sum) - log(b)), e.map { $0 / sum })
    case .squaredL2, .sparsityConstrained:
      var kept = Array(x.indices)
      if case .sparsityConstrained(let k) = self, k < x.count { kept = Array(Self.largest(k, of: x)) }
      let projected = Projection<Double>.simplex(scale: 1).project(Tensor(kept.map { x[$0] / (gamma * b) })).scalars
      var q = [Double](repeating: 0, count: x.count)
      for (slot, i) in kept.enumerated() { q[i] = projected[slot] }
      let value = zip(x, q).reduce(0) { $0 + $1.0 * $1.1 } - gamma * b / 2 * q.reduce(0) { $0 + $1 * $1 }
      return (value, q)
    }
  }

  /// Ω(P) (with 0·log 0 = 0).
  func penalty(_ plan: [Double], gamma: Double) -> Double {
    switch self {
    case .negativeEntropy: return gamma * plan.reduce(0) { $1 > 0 ? $0 + $1 * log($1) : $0 }
    case .squaredL2, .sparsityConstrained: return gamma / 2 * plan.reduce(0) { $0 + $1 * $1 }
    }
  }

  /// The indices of the k largest entries (ties: the lower index).
  private static func largest(_ k: Int, of x: [Double]) -> Set<Int> {
    Set(x.indices.sorted { (x[$0], $1) > (x[$1], $0) }.prefix(k))
  }
}
