/// Scales an update direction u by a step size η found by a line search that asks for
/// sufficient decrease and small curvature (the strong Wolfe conditions) — Optax's
/// `scale_by_zoom_linesearch`:
///
///     decrease:   f(θ + ηu) ≤ f(θ) + c₁·η·⟨∇f(θ), u⟩ + tol
///     curvature:  |⟨∇f(θ + ηu), u⟩| ≤ c₂·|⟨∇f(θ), u⟩| + tol
///
/// Near a minimum, where f's differences drown in rounding, the decrease condition may be met
/// instead by Hager and Zhang's approximate one,
/// ⟨∇f(θ + ηu), u⟩ ≤ (2c₁ − 1)⟨∇f(θ), u⟩ once f(θ + ηu) ≤ f(θ) + c₃|f(θ)|.
///
/// The search has two phases (Nocedal & Wright, algorithms 3.5 and 3.6):
/// 1. **Bracketing.** From the initial guess (1, or the previous step's η), multiply η by the
///    increase factor (capped at η_max) until an interval is known to hold an acceptable
///    step: the decrease fails, f stops decreasing, or the slope turns non-negative.
/// 2. **Zoom.** Try the minimizer of the cubic through the interval's ends and the previous
///    end, if it lies inside the interval's middle 60%; else of the quadratic, if inside the
///    middle 80%; else the midpoint; keep the half that still brackets.
///
/// It stops when a step meets both conditions. It gives up after `maxSteps` evaluations, or
/// when the zoom interval is shorter than `stepSizePrecision` and some step met the decrease
/// condition; it then takes the step with the lowest value among those that met the decrease
/// condition, or if none did, the last step tried — or no step (η = 0) if that one's value
/// was not finite. ``State`` reports the search's iterations and the last step's errors
/// (0 when the condition holds).
///
/// - Parameter maxSteps: the most evaluations of f per search. Required (L-BFGS uses `20`).
/// - Parameter maxStepSize: η_max (`nil`: none). Default `nil`.
/// - Parameter tolerance: tol. Default `0`.
/// - Parameter increaseFactor: the bracketing phase's growth factor. Default `2`.
/// - Parameter sufficientDecrease: c₁ (`slope_rtol`). Default `1e-4`.
/// - Parameter curvature: c₂ (`curv_rtol`); `.infinity` turns the search into a
///   backtracking search for sufficient decrease. Default `0.9`.
/// - Parameter approximateDecrease: c₃ (`approx_dec_rtol`; `nil`: only the Armijo condition).
///   Default `1e-6`.
/// - Parameter stepSizePrecision: the zoom interval length below which a step with
///   sufficient decrease is accepted. Default `1e-5`.
/// - Parameter initialGuess: the first η tried: `.one`, or `.keep` the previous search's η
///   (Optax recommends `.one` for quasi-Newton directions). Default `.keep`.
/// - Note: The search's scalars (η, values, slopes) are Double for Float parameters too,
///   where Optax keeps them in the parameters' precision. The state keeps η and the
///   diagnostics but not the last value and gradient (Optax's, for
///   `value_and_grad_from_state`); an infinite error is stored as `nil` (JSON has no ∞).
/// - SeeAlso: Nocedal & Wright, "Numerical Optimization", algorithms 3.5 and 3.6; Hager &
///   Zhang, "Algorithm 851: CG_DESCENT, a Conjugate Gradient Method with Guaranteed
///   Descent", ACM TOMS 2006.
public struct ZoomLineSearch: Sendable, Equatable {
  /// The first step size a search tries.
  public enum InitialGuess: String, Sendable, Codable, CaseIterable {
    /// η = 1 (Newton and quasi-Newton directions).
    case one
    /// The previous search's η (first-order directions).
    case keep
  }

  public var maxSteps: Int
  public var maxStepSize: Double?
  public var tolerance: Double
  public var increaseFactor: Double
  public var sufficientDecrease: Double
  public var curvature: Double
  public var approximateDecrease: Double?
  public var stepSizePrecision: Double
  public var initialGuess: InitialGuess

  public init(
    maxSteps: Int, maxStepSize: Double? = nil, tolerance: Double = 0, increaseFactor: Double = 2, sufficientDecrease: Double = 1e-4,
    curvature: Double = 0.9, approximateDecrease: Double? = 1e-6, stepSizePrecision: Double = 1e-5, initialGuess: InitialGuess = .keep
  ) {
    precondition(maxSteps >= 1, "maxSteps must be at least 1, got \(maxSteps)")
    precondition(increaseFactor > 1, "increaseFactor must exceed 1, got \(increaseFactor)")
    precondition(maxStepSize.map { $0 > 0 } ?? true, "maxStepSize must be positive, got \(maxStepSize!)")
    (self.maxSteps, self.maxStepSize, self.tolerance, self.increaseFactor) = (maxSteps, maxStepSize, tolerance, increaseFactor)
    (self.sufficientDecrease, self.curvature, self.approximateDecrease) = (sufficientDecrease, curvature, approximateDecrease)
    (self.stepSizePrecision, self.initialGuess) = (stepSizePrecision, initialGuess)
  }

  /// The state between searches.
  public struct State: Codable, Sendable, Equatable {
    /// η of the last search (1 before the first).
    public var stepSize: Double = 1
    /// Evaluations of f in the last search.
    public var searchSteps: Int = 0
    /// The last step's sufficient-decrease error (0: met; `nil`: ∞, as before the first search).
    public var decreaseError: Double?
    /// The last step's curvature error (0: met; `nil`: ∞).
    public var curvatureError: Double?

    public init() {}
  }

  /// The outcome of one search.
  public struct Result<Scalar: TensorScalar> {
    /// η, the accepted step size (0: no step).
    public var stepSize: Double
    /// f(θ + ηu).
    public var value: Double
    /// ∇f(θ + ηu).
    public var gradient: ParameterSet<Scalar>
    /// Evaluations of f.
    public var steps: Int
    /// The last tried step's decrease error (∞ where not finite).
    public var decreaseError: Double
    /// The last tried step's curvature error.
    public var curvatureError: Double
  }

  public func initialState() -> State { State() }

  /// u ← η·u, with η from a search along u from `parameters`, where `gradient` = ∇f(θ) and
  /// `objective` gives f(θ) and evaluates f elsewhere.
  public func update<Scalar: TensorScalar>(
    _ updates: inout ParameterSet<Scalar>, state: inout State, parameters: ParameterSet<Scalar>, gradient: ParameterSet<Scalar>,
    objective: Objective<Scalar>
  ) {
    let result = search(
      along: updates, from: parameters, value: objective.value, gradient: gradient,
      initialStepSize: initialGuess == .one ? 1 : state.stepSize,
      valueAndGradient: objective.requireValueAndGradient(for: "the zoom line search"))
    updates.scale(by: Scalar(result.stepSize))
    state.stepSize = result.stepSize
    state.searchSteps = result.steps
    state.decreaseError = result.decreaseError.isFinite ? result.decreaseError : nil
    state.curvatureError = result.curvatureError.isFinite ? result.curvatureError : nil
  }

  /// One search along `direction` from `parameters`, starting at `initialStepSize`.
  public func search<Scalar: TensorScalar>(
    along direction: ParameterSet<Scalar>, from parameters: ParameterSet<Scalar>, value: Double, gradient: ParameterSet<Scalar>,
    initialStepSize: Double, valueAndGradient: (ParameterSet<Scalar>) -> (value: Double, gradient: ParameterSet<Scalar>)
  ) -> Result<Scalar> {
    var s = Search(initialValue: value, gradient: gradient, initialSlope: gradient.dot(direction), guess: initialStepSize)
    func evaluate(_ stepSize: Double) -> Point<Scalar> {
      let (v, g) = valueAndGradient(parameters.adding(direction, scaledBy: stepSize))
      return Point(stepSize: stepSize, value: v, gradient: g, slope: g.dot(direction))
    }
    repeat {
      if s.intervalFound { zoom(&s, evaluate) } else { bracket(&s, evaluate) }
      if s.failed { s.fallBackToSafeStep() }
    } while !(s.done || s.failed)
    return Result(
      stepSize: s.current.stepSize, value: s.current.value, gradient: s.current.gradient, steps: s.count,
      decreaseError: s.decreaseError, curvatureError: s.curvatureError)
  }

  // MARK: - The two phases

  /// A tried step: η, f, ∇f and the slope ⟨∇f, u⟩ there.
  struct Point<Scalar: TensorScalar> {
    var stepSize: Double
    var value: Double
    var gradient: ParameterSet<Scalar>
    var slope: Double
  }

  /// An interval end: η, f and the slope.
  struct End {
    var stepSize: Double
    var value: Double
    var slope: Double
  }

  /// The search in progress (Optax's `ZoomLinesearchState`).
  struct Search<Scalar: TensorScalar> {
    var count = 0
    let guess: Double
    let initialValue: Double
    let initialSlope: Double
    /// The last step tried (η = 0 at first).
    var current: Point<Scalar>
    var decreaseError = Double.infinity
    var curvatureError = Double.infinity
    var intervalFound = false
    var done = false
    var failed = false
    /// The interval: `low` has the lower value, not necessarily the smaller η.
    var low: End
    var high: End
    /// The third point of the cubic interpolation.
    var cubicReference: End
    /// The step with the lowest value among those with sufficient decrease (η = 0: none).
    var safe: Point<Scalar>

    init(initialValue: Double, gradient: ParameterSet<Scalar>, initialSlope: Double, guess: Double) {
      (self.initialValue, self.initialSlope, self.guess) = (initialValue, initialSlope, guess)
      current = Point(stepSize: 0, value: initialValue, gradient: gradient, slope: initialSlope)
      low = End(stepSize: 0, value: initialValue, slope: initialSlope)
      (high, cubicReference, safe) = (low, low, current)
    }

    /// After a failed search: the safe step if there is one or the last step's value is not
    /// finite (then η = 0 when there is none), else the last step.
    mutating func fallBackToSafeStep() {
      if safe.stepSize > 0 || decreaseError.isInfinite { current = safe }
    }
  }

  /// Algorithm 3.5: grow η until an interval brackets an acceptable step.
  func bracket<Scalar>(_ s: inout Search<Scalar>, _ evaluate: (Double) -> Point<Scalar>) {
    let previous = s.current
    var stepSize = s.count == 0 ? s.guess : increaseFactor * previous.stepSize
    var reachedMax = false
    if let maxStepSize {
      reachedMax = stepSize >= maxStepSize
      stepSize = min(stepSize, maxStepSize)
    }
    let new = evaluate(stepSize)
    let (decrease, curvature) = errors(at: new, initialValue: s.initialValue, initialSlope: s.initialSlope)
    let error = max(decrease, curvature)
    if decrease <= tolerance { s.safe = new }
    let highIsNew = decrease > 0 || (new.value >= previous.value && s.count > 0)
    let lowIsNew = new.slope >= 0 && !highIsNew
    let previousEnd = End(stepSize: previous.stepSize, value: previous.value, slope: previous.slope)
    let newEnd = End(stepSize: new.stepSize, value: new.value, slope: new.slope)
    (s.low, s.high) = lowIsNew ? (newEnd, previousEnd) : (previousEnd, newEnd)
    s.cubicReference = s.low
    s.intervalFound = highIsNew || lowIsNew || error <= tolerance
    s.done = error <= tolerance || (reachedMax && !s.intervalFound)
    s.failed = s.count + 1 >= maxSteps && !s.done
    s.current = new
    (s.decreaseError, s.curvatureError) = (decrease, curvature)
    s.count += 1
  }

  /// Algorithm 3.6: shrink the interval around an acceptable step.
  func zoom<Scalar>(_ s: inout Search<Scalar>, _ evaluate: (Double) -> Point<Scalar>) {
    let (low, high, reference) = (s.low, s.high, s.cubicReference)
    let width = abs(high.stepSize - low.stepSize)
    let (left, right) = (min(high.stepSize, low.stepSize), max(high.stepSize, low.stepSize))
    let cubic = Self.cubicMinimizer(low, high, reference)
    let quadratic = Self.quadraticMinimizer(low, high)
    let middle: Double
    if cubic > left + 0.2 * width && cubic < right - 0.2 * width {
      middle = cubic
    } else if quadratic > left + 0.1 * width && quadratic < right - 0.1 * width {
      middle = quadratic
    } else {
      middle = (low.stepSize + high.stepSize) / 2
    }
    let new = evaluate(middle)
    let (decrease, curvature) = errors(at: new, initialValue: s.initialValue, initialSlope: s.initialSlope)
    if decrease <= tolerance && new.value < s.safe.value { s.safe = new }
    s.done = max(decrease, curvature) <= tolerance
    let newEnd = End(stepSize: new.stepSize, value: new.value, slope: new.slope)
    let highIsNew = decrease > 0 || new.value >= low.value
    let highIsLow = new.slope * (high.stepSize - low.stepSize) >= 0 && !highIsNew
    if highIsNew { s.high = newEnd } else if highIsLow { s.high = low }
    if !highIsNew { s.low = newEnd }
    s.cubicReference = highIsNew || highIsLow ? high : low
    let gaveUp = s.count + 1 >= maxSteps || (width <= stepSizePrecision && s.safe.stepSize > 0)
    s.failed = gaveUp && !s.done
    s.current = new
    (s.decreaseError, s.curvatureError) = (decrease, curvature)
    s.count += 1
  }

  /// The positive parts of the decrease and curvature violations at `point` (∞ for NaN).
  func errors<Scalar>(at point: Point<Scalar>, initialValue f0: Double, initialSlope d0: Double) -> (decrease: Double, curvature: Double) {
    let (η, f, d) = (point.stepSize, point.value, point.slope)
    var decrease = f - f0 - sufficientDecrease * η * d0
    if let approximateDecrease {
      let approximate = Self.nanPropagatingMax(d - (2 * sufficientDecrease - 1) * d0, f - f0 - approximateDecrease * abs(f0))
      decrease = approximate.isNaN || decrease.isNaN ? .nan : min(approximate, decrease)
    }
    let curvature = abs(d) - self.curvature * abs(d0)
    return (decrease.isNaN ? .infinity : max(decrease, 0), curvature.isNaN ? .infinity : max(curvature, 0))
  }

  static func nanPropagatingMax(_ a: Double, _ b: Double) -> Double { a.isNaN || b.isNaN ? .nan : max(a, b) }

  /// The critical point of the cubic through (a, f_a), (b, f_b), (c, f_c) with slope f′_a at
  /// a (NaN when it has none).
  static func cubicMinimizer(_ a: End, _ b: End, _ c: End) -> Double {
    let slope = a.slope
    let (db, dc) = (b.stepSize - a.stepSize, c.stepSize - a.stepSize)
    let denominator = (db * dc) * (db * dc) * (db - dc)
    let (rb, rc) = (b.value - a.value - slope * db, c.value - a.value - slope * dc)
    let cubicCoefficient = (dc * dc * rb + -(db * db) * rc) / denominator
    let quadraticCoefficient = (-(dc * dc * dc) * rb + db * db * db * rc) / denominator
    let radical = quadraticCoefficient * quadraticCoefficient - 3 * cubicCoefficient * slope
    return a.stepSize + (-quadraticCoefficient + radical.squareRoot()) / (3 * cubicCoefficient)
  }

  /// The critical point of the quadratic through (a, f_a), (b, f_b) with slope f′_a at a.
  static func quadraticMinimizer(_ a: End, _ b: End) -> Double {
    let db = b.stepSize - a.stepSize
    let curvature = (b.value - a.value - a.slope * db) / (db * db)
    return a.stepSize - a.slope / (2 * curvature)
  }
}
