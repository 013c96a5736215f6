import _Differentiation

/// Cauchy–Schwarz regularizers, which vanish exactly on quantized vectors, applied to each
/// row of a matrix (or to a vector) and divided by the element count:
///
///     binary   R(x) = √N·‖x‖₄² − ‖x‖₂²                 = 0 ⇔ x ∈ {±α}^N
///     ternary  R(x) = ‖x‖₂²·‖x‖₆⁶ − ‖x‖₄⁸               = 0 ⇔ the non-zeros share one magnitude
///
/// (N = row length). Both are ≥ 0 by the Cauchy–Schwarz inequality and scale-adaptive: the
/// level α is not fixed.
///
/// - Parameter kind: `.binary` (the reference's default p = 4, q = 2, r = 2) or `.ternary`.
///   Default `.binary`.
/// - Note: the reference applies it per conv-kernel slice or FC row and excludes the first
///   and last layers; choose the targets with the term's pattern.
/// - SeeAlso: S. Taner et al., "Cauchy-Schwarz Regularizers", ICLR 2025
///   (IIP-Group/CS_regularizers).
public struct CauchySchwarzRegularizer<Scalar: TensorScalar>: TensorPenalty {
  public enum Kind: String, Sendable, CaseIterable { case binary, ternary }

  public var kind: Kind

  public init(kind: Kind = .binary) { self.kind = kind }

  public func rankError(forShape shape: [Int]) -> String? {
    shape.count == 1 || shape.count == 2 ? nil : "needs a vector or a matrix (rank 1 or 2), got shape \(shape)"
  }

  @differentiable(reverse)
  public func callAsFunction(_ w: Tensor<Scalar>) -> Tensor<Scalar> {
    let axis = withoutDerivative(at: [w.rank - 1])
    let n = withoutDerivative(at: Scalar(w.shape[w.rank - 1]))
    let count = withoutDerivative(at: Scalar(w.scalarCount))
    let x2 = square(w)
    let s2 = x2.sum(alongAxes: axis)
    let s4 = square(x2).sum(alongAxes: axis)
    if kind == .binary {
      return (sqrt(s4) * n.squareRoot() - s2).sum() / count
    }
    let s6 = (x2 * square(x2)).sum(alongAxes: axis)
    return (s2 * s6 - square(s4)).sum() / count
  }
}
