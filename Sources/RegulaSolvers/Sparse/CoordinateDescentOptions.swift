/// Settings of the working-set coordinate-descent solver; the defaults are skglm's
/// `AndersonCD`, except `tolerance`, which follows scikit-learn (see below).
public struct CoordinateDescentOptions: Sendable, Equatable {
  /// What the solver compares with the tolerance.
  public enum StoppingCriterion: Sendable, Equatable {
    /// The duality gap for convex penalties (relative to ‖y‖²/n), the KKT violation for
    /// nonconvex ones (relative to ‖Xᵀy‖_∞/n).
    case automatic
    /// The KKT violation max_j dist(−∇ⱼf, ∂gⱼ(wⱼ)), relative to ‖Xᵀy‖_∞/n, for every
    /// penalty. Stricter than the gap on ill-conditioned designs, where a gap of 1e-15 can
    /// still leave coefficients 1e-6 from the optimum; the gap is still reported.
    case kktViolation
  }

  /// How coordinates are scored for the working set and for the KKT criterion (skglm's
  /// `ws_strategy`).
  public enum WorkingSetStrategy: Sendable, Equatable {
    /// dist(−∇ⱼf, ∂gⱼ(wⱼ)), the distance to the subdifferential.
    case subdifferential
    /// |wⱼ − prox_{gⱼ/Lⱼ}(wⱼ − ∇ⱼf/Lⱼ)|·Lⱼ, how far a coordinate's prox-gradient step moves
    /// it (in gradient units). For penalties whose subdifferential at 0 is unbounded, such
    /// as ``L05Penalty``, the only informative measure at wⱼ = 0. Used by the least-squares
    /// coordinate descent; the group and logistic solvers use the subdifferential.
    case fixedPoint
  }

  /// The stopping tolerance. Convex problems stop when the duality gap is at most
  /// `tolerance`·‖y‖²/n (scikit-learn's criterion: relative to twice the objective at w = 0);
  /// nonconvex ones when the largest KKT violation is at most `tolerance`·‖Xᵀy‖_∞/n
  /// (relative to α_max). Default `1e-4`.
  public var tolerance: Double = 1e-4
  /// Outer iterations (working-set updates). Default `50`.
  public var maxIterations: Int = 50
  /// Coordinate-descent epochs per working set. Default `50_000`.
  public var maxEpochs: Int = 50_000
  /// The smallest working set, p₀. Default `10`.
  public var workingSetStart: Int = 10
  /// Whether to restrict the inner loop to working sets; `false` sweeps every feature.
  public var usesWorkingSets: Bool = true
  /// K, the number of iterate differences in Anderson extrapolation; `0` turns it off.
  /// Default `5`.
  public var andersonMemory: Int = 5
  /// What `tolerance` applies to. Default `.automatic`.
  public var stoppingCriterion: StoppingCriterion = .automatic
  /// Passes over the working set's support between two full passes over the working set
  /// (glmnet's active-set cycling); `0` makes every pass a full one. The KKT checks of the
  /// inner loop (every 10 epochs) fall on full passes when `activeSetEpochs + 1` divides 10.
  /// Default `4` (chosen on the 500×5000 benchmark: a quarter less arithmetic at 0.01·α_max).
  /// - SeeAlso: J. Friedman, T. Hastie & R. Tibshirani, "Regularization Paths for Generalized
  ///   Linear Models via Coordinate Descent", JSS 2010.
  /// - Note: skglm has no such cycling (every epoch is a full pass).
  public var activeSetEpochs: Int = 4
  /// How violations are measured. Default `.subdifferential`.
  public var workingSetStrategy: WorkingSetStrategy = .subdifferential
  /// Whether convex least-squares problems discard features by the gap-safe sphere test at
  /// each outer iteration: with θ the dual point and G the gap, feature j is provably 0 at
  /// the optimum when |x_jᵀθ|/n + ‖x_j‖·√(2nG)/n < r_j, the radius of ∂gⱼ(0) (αρ for the
  /// elastic net). In the paper's scaling ½‖y − Xw‖² + λ‖w‖₁ (λ = nα, θ′ = θ/λ, gap nG)
  /// this is its test |x_jᵀθ′| + ‖x_j‖·√(2nG)/λ < 1. Screened features are fixed at 0 and
  /// left out of later working sets; the solution lists them
  /// (``SparseLinearModelSolution/screenedFeatures``). Default `true`.
  /// - SeeAlso: E. Ndiaye, O. Fercoq, A. Gramfort & J. Salmon, "Gap Safe Screening Rules for
  ///   Sparsity Enforcing Penalties", JMLR 2017; O. Fercoq, A. Gramfort & J. Salmon, "Mind
  ///   the Duality Gap: Safer Rules for the Lasso", ICML 2015.
  /// - Note: the test runs where the solver computes the full Xᵀr anyway, once per outer
  ///   iteration, rather than every few epochs as in the paper: inside a working set the
  ///   dual point would cost an extra O(np) product per test. Off for problems with an
  ///   unpenalized feature (the gap is then not a certified bound) and for the GLM
  ///   estimators (no dual point).
  public var usesGapSafeScreening: Bool = true

  public init(
    tolerance: Double = 1e-4, maxIterations: Int = 50, maxEpochs: Int = 50_000, workingSetStart: Int = 10,
    usesWorkingSets: Bool = true, andersonMemory: Int = 5, stoppingCriterion: StoppingCriterion = .automatic,
    usesGapSafeScreening: Bool = true, workingSetStrategy: WorkingSetStrategy = .subdifferential,
    activeSetEpochs: Int = 4
  ) {
    precondition(tolerance >= 0, "tolerance must be non-negative, got \(tolerance)")
    precondition(maxIterations > 0 && maxEpochs > 0, "iteration budgets must be positive")
    precondition(workingSetStart > 0, "workingSetStart must be positive, got \(workingSetStart)")
    precondition(activeSetEpochs >= 0, "activeSetEpochs must be non-negative, got \(activeSetEpochs)")
    precondition(andersonMemory >= 0, "andersonMemory must be non-negative, got \(andersonMemory)")
    self.tolerance = tolerance
    self.maxIterations = maxIterations
    self.maxEpochs = maxEpochs
    self.workingSetStart = workingSetStart
    self.usesWorkingSets = usesWorkingSets
    self.andersonMemory = andersonMemory
    self.stoppingCriterion = stoppingCriterion
    self.usesGapSafeScreening = usesGapSafeScreening
    self.workingSetStrategy = workingSetStrategy
    self.activeSetEpochs = activeSetEpochs
  }
}
