/// Support and sign recovery of an estimate ŵ against the true coefficients w*: which
/// features it selects (ŵⱼ ≠ 0) compared with the true support S* = {j : w*ⱼ ≠ 0}.
///
///     let r = SupportRecovery(estimate: solution.coefficients, truth: problem.coefficients.scalars)
///     r.precision; r.recall; r.signAgreement; r.signsRecovered
///
/// - SeeAlso: M. Wainwright, "Sharp Thresholds for High-Dimensional and Noisy Sparsity
///   Recovery Using ℓ1-Constrained Quadratic Programming (Lasso)", IEEE Trans. Inf. Theory 2009
///   (sign consistency: sign(ŵ) = sign(w*)).
/// - Note: as scikit-learn's `precision_score` and `recall_score` with the default
///   `zero_division`, precision is 0 when nothing is selected and recall 0 when the truth is 0.
public struct SupportRecovery: Sendable, Equatable {
  /// Features nonzero in both.
  public var truePositives: Int
  /// Features nonzero in the estimate only.
  public var falsePositives: Int
  /// Features nonzero in the truth only.
  public var falseNegatives: Int
  /// Features of the true support whose estimate has the true sign (sign(ŵⱼ) = sign(w*ⱼ) ≠ 0).
  public var signMatches: Int
  /// Whether the supports are equal.
  public var supportRecovered: Bool
  /// Whether the supports are equal and every sign agrees: sign(ŵ) = sign(w*).
  public var signsRecovered: Bool

  /// Compares `estimate` with `truth` (equal lengths).
  public init(estimate: [Double], truth: [Double]) {
    precondition(estimate.count == truth.count, "\(estimate.count) estimated coefficients for \(truth.count) true ones")
    var tp = 0, fp = 0, fn = 0, signs = 0
    for (a, b) in zip(estimate, truth) {
      switch (a != 0, b != 0) {
      case (true, true):
        tp += 1
        if (a > 0) == (b > 0) { signs += 1 }
      case (true, false): fp += 1
      case (false, true): fn += 1
      case (false, false): break
      }
    }
    truePositives = tp
    falsePositives = fp
    falseNegatives = fn
    signMatches = signs
    supportRecovered = fp == 0 && fn == 0
    signsRecovered = supportRecovered && signs == tp
  }

  /// |Ŝ ∩ S*| / |Ŝ|: the share of selected features that are truly nonzero (0 when none is
  /// selected).
  public var precision: Double {
    truePositives + falsePositives == 0 ? 0 : Double(truePositives) / Double(truePositives + falsePositives)
  }

  /// |Ŝ ∩ S*| / |S*|: the share of the true support that is selected (0 when the truth is 0).
  public var recall: Double {
    truePositives + falseNegatives == 0 ? 0 : Double(truePositives) / Double(truePositives + falseNegatives)
  }

  /// The share of the true support selected with the right sign, ``signMatches``/|S*| (0 when
  /// the truth is 0); 1 exactly when every true feature is found with its sign.
  public var signAgreement: Double {
    truePositives + falseNegatives == 0 ? 0 : Double(signMatches) / Double(truePositives + falseNegatives)
  }
}
