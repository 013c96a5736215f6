/// A compressor C for ``ErrorFeedback``, applied to each tensor separately.
public enum Compressor: Sendable, Equatable {
  /// C(a) = a: no compression (error feedback then changes nothing).
  case identity
  /// Keeps the ⌈fraction·n⌉ entries of largest magnitude (ties: the lower index), zeroes the rest.
  case topK(fraction: Double)
  /// Keeps ⌈fraction·n⌉ entries chosen uniformly at random (unscaled), zeroes the rest.
  case randomK(fraction: Double)
  /// C(a) = (‖a‖₁/n)·sign(a): one bit per entry and one scale per tensor.
  case scaledSign

  /// The number of entries kept out of `n` by a top-k or random-k compressor.
  static func kept(_ fraction: Double, of n: Int) -> Int {
    min(n, max(1, Int((fraction * Double(n)).rounded(.up))))
  }
}

/// Error feedback around any optimizer: compresses the gradient plus the error left over by
/// earlier compressions, feeds the compressed gradient to `inner`, and remembers what the
/// compression dropped.
///
///     a = g + e;   c = C(a);   e ← a − c;   u = inner(c)
///
/// Nothing is lost, only delayed: Σₜ cₜ = Σₜ gₜ − e_T. With ``Compressor/identity`` the
/// parameters follow `inner` bit for bit.
///
/// - Parameter inner: the optimizer that receives the compressed gradients.
/// - Parameter compressor: C. Top-k and random-k need 0 < fraction ≤ 1.
/// - Parameter seed: the seed of random-k's generator (kept in the state). Default `0`.
/// - Note: EFCP compresses the gradients fed to a full-matrix preconditioner (M-FAC, GGT);
///   Regula's wrapper feeds any inner optimizer, which is the same rule.
/// - SeeAlso: "Error Feedback Can Accurately Compress Preconditioners", Modoranu et al.,
///   2023; "Error Feedback Fixes SignSGD and other Gradient Compression Schemes",
///   Karimireddy et al., ICML 2019.
public struct ErrorFeedback<Inner: GradientTransformation>: GradientTransformation {
  public typealias Scalar = Inner.Scalar
  public var inner: Inner
  public var compressor: Compressor
  public var seed: UInt64

  public struct State: Codable, Sendable, Equatable {
    /// e, what the compressions dropped so far.
    public var error: ParameterSet<Scalar>
    /// The generator of random-k's choices.
    public var generator: RandomGenerator
    public var inner: Inner.State
  }

  public init(_ inner: Inner, compressor: Compressor, seed: UInt64 = 0) {
    switch compressor {
    case .topK(let f), .randomK(let f): precondition(f > 0 && f <= 1, "the kept fraction must be in (0, 1], got \(f)")
    case .identity, .scaledSign: break
    }
    (self.inner, self.compressor, self.seed) = (inner, compressor, seed)
  }

  public func initialState(for parameters: ParameterSet<Scalar>) -> State {
    State(error: parameters.zeros(), generator: RandomGenerator(seed: seed), inner: inner.initialState(for: parameters))
  }

  public func update(_ updates: inout ParameterSet<Scalar>, state: inout State, parameters: ParameterSet<Scalar>) {
    updates.compressWithErrorFeedback(compressor, error: &state.error, generator: &state.generator)
    inner.update(&updates, state: &state.inner, parameters: parameters)
  }
}

extension ParameterSet {
  /// a = self + e; self ← C(a); e ← a − C(a), per tensor.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  mutating func compressWithErrorFeedback(_ compressor: Compressor, error: inout ParameterSet, generator: inout RandomGenerator) {
    for i in 0..<count {
      error.withBuffer(at: i) { e in
        withBuffer(at: i) { a in
          for j in a.indices { a[j] += e[j] }
          let n = a.count
          guard n > 0 else { return }
          switch compressor {
          case .identity:
            break
          case .topK(let fraction):
            let order = a.indices.sorted { abs(a[$0]) > abs(a[$1]) || (abs(a[$0]) == abs(a[$1]) && $0 < $1) }
            for j in order[Compressor.kept(fraction, of: n)...] { e[j] = a[j]; a[j] = 0 }
            for j in order[..<Compressor.kept(fraction, of: n)] { e[j] = 0 }
            return
          case .randomK(let fraction):
            let chosen = generator.permutation(n).prefix(Compressor.kept(fraction, of: n))
            var keep = [Bool](repeating: false, count: n)
            for j in chosen { keep[j] = true }
            for j in a.indices {
              if keep[j] { e[j] = 0 } else { e[j] = a[j]; a[j] = 0 }
            }
            return
          case .scaledSign:
            var l1 = 0.0
            for v in a { l1 += Double(abs(v)) }
            let scale = Scalar(l1 / Double(n))
            for j in a.indices {
              let c = scale * a[j].signum
              e[j] = a[j] - c
              a[j] = c
            }
            return
          }
          for j in e.indices { e[j] = 0 }
        }
      }
    }
  }
}
