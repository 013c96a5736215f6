/// A smooth datafit f(w) as the coordinate-descent solver sees it (skglm's `BaseDatafit`):
/// the solver keeps one n-vector, the datafit's *state*, up to date as coordinates move,
/// and asks the datafit for its value, its partial derivatives and its per-coordinate
/// Lipschitz constants at that state.
///
/// The state is affine in w (the residual y − Xw for least squares, the linear predictor
/// Xw + b for a generalized linear model), so Anderson extrapolation, which combines
/// iterates with weights summing to 1, extrapolates the state with them.
///
/// Conformances: ``QuadraticDatafit`` (least squares) and ``PointwiseDatafit`` (Huber,
/// logistic, Poisson, … with an intercept column when fitted).
protocol CoordinateDescentDatafit {
  associatedtype Design: DesignColumns
  /// X, with one column per coordinate of w.
  var design: Design { get }
  /// Lⱼ ≥ sup |∂²f/∂wⱼ²|, the step 1/Lⱼ of a coordinate's proximal gradient step; 0 for a
  /// coordinate that does not move f.
  var lipschitzConstants: [Double] { get }
  /// The point the tolerance is relative to: w = 0 (with the intercept at its best constant
  /// for a datafit that fits one). The solver's KKT tolerance scales with ‖∇f‖_∞ there, and
  /// its duality-gap tolerance with f there.
  var referenceCoefficients: [Double] { get }
  /// Writes the state at coefficients `w` (`design.columnCount` of them) to `state` (n).
  func computeState(_ state: UnsafeMutablePointer<Double>, at w: UnsafePointer<Double>)
  /// f at `state`.
  func value(_ state: UnsafePointer<Double>) -> Double
  /// ∂f/∂wⱼ at `state`.
  func partialDerivative(_ j: Int, _ state: UnsafePointer<Double>) -> Double
  /// ∇f at `state`, into `out` (`design.columnCount` values).
  func gradient(_ state: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>)
  /// Updates `state` after wⱼ moved by `delta`.
  func move(_ state: UnsafeMutablePointer<Double>, coordinate j: Int, by delta: Double)
}
