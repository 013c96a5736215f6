import RealModule

/// A hyperparameter as a function of the step count (0 at the first step), or a constant.
///
/// Every rate-like argument of a transformation takes a `Schedule`, and a number literal
/// converts to a constant one: `ScaleByLearningRate(1e-3)` and
/// `ScaleByLearningRate(.cosineDecay(initialValue: 1e-3, decaySteps: 1000))` both work.
/// Schedules are configuration, not state: the step they read is the transformation's
/// own count, which its `Codable` state carries.
public struct Schedule: Sendable, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral {
  private let evaluate: @Sendable (Int) -> Double

  /// A schedule defined by `value(step)`.
  public init(_ value: @escaping @Sendable (Int) -> Double) { evaluate = value }

  public init(floatLiteral value: Double) { self = .constant(value) }
  public init(integerLiteral value: Int) { self = .constant(Double(value)) }

  /// The value at `step` (0-based).
  public func callAsFunction(_ step: Int) -> Double { evaluate(step) }

  /// The same value at every step.
  public static func constant(_ value: Double) -> Schedule { Schedule { _ in value } }

  /// Polynomial interpolation from `initialValue` to `endValue` over `transitionSteps`,
  /// starting at `transitionBegin`, then constant (Optax's `polynomial_schedule`):
  ///
  ///     v(t) = (v₀ − v₁)·(1 − τ/T)ᵖ + v₁,   τ = clip(t − begin, 0, T)
  ///
  /// A non-positive `transitionSteps` gives the constant `initialValue`.
  public static func polynomial(
    from initialValue: Double, to endValue: Double, power: Double, transitionSteps: Int, transitionBegin: Int = 0
  ) -> Schedule {
    guard transitionSteps > 0 else { return .constant(initialValue) }
    let begin = max(transitionBegin, 0)
    return Schedule { step in
      let count = Double(min(max(step - begin, 0), transitionSteps))
      let fraction = 1 - count / Double(transitionSteps)
      return (initialValue - endValue) * Double.pow(fraction, power) + endValue
    }
  }

  /// Linear interpolation from `initialValue` to `endValue` over `transitionSteps`
  /// (starting at `transitionBegin`), then constant (Optax's `linear_schedule`). A
  /// non-positive `transitionSteps` gives the constant `initialValue`, as Optax.
  public static func linear(from initialValue: Double, to endValue: Double, transitionSteps: Int, transitionBegin: Int = 0) -> Schedule {
    guard transitionSteps > 0 else { return .constant(initialValue) }
    let begin = max(transitionBegin, 0)
    return Schedule { step in
      let fraction = Double(min(max(step - begin, 0), transitionSteps)) / Double(transitionSteps)
      return initialValue + (endValue - initialValue) * fraction
    }
  }

  /// A constant that is multiplied by `scale` from each boundary step on (Optax's
  /// `piecewise_constant_schedule`): v(t) = v₀ · Π_{b ≤ t} s_b. Scales must be non-negative.
  public static func piecewiseConstant(initialValue: Double, boundariesAndScales: [Int: Double]) -> Schedule {
    precondition(boundariesAndScales.values.allSatisfy { $0 >= 0 }, "piecewiseConstant expects non-negative scales, got \(boundariesAndScales)")
    let sorted = boundariesAndScales.sorted { $0.key < $1.key }
    return Schedule { step in
      var v = initialValue
      for (boundary, scale) in sorted where step >= boundary { v *= scale }
      return v
    }
  }

  /// Exponential decay (Optax's `exponential_decay`):
  ///
  ///     v(t) = v₀ · r^((t − begin)/T)     for t > begin (v₀ before),
  ///
  /// with the exponent floored when `staircase`, and bounded by `endValue` (a floor when
  /// r < 1, a ceiling when r > 1). A non-positive `transitionSteps` or r = 0 gives v₀.
  public static func exponentialDecay(
    initialValue: Double, transitionSteps: Int, decayRate: Double, transitionBegin: Int = 0, staircase: Bool = false,
    endValue: Double? = nil
  ) -> Schedule {
    guard transitionSteps > 0, decayRate != 0 else { return .constant(initialValue) }
    let begin = max(transitionBegin, 0)
    return Schedule { step in
      let decreased = step - begin
      var p = Double(decreased) / Double(transitionSteps)
      if staircase { p = p.rounded(.down) }
      var v = decreased <= 0 ? initialValue : initialValue * Double.pow(decayRate, p)
      if let endValue { v = decayRate < 1 ? max(v, endValue) : min(v, endValue) }
      return v
    }
  }

  /// Cosine decay from `initialValue` to `alpha · initialValue` over `decaySteps`, then constant:
  ///
  ///     v(t) = initialValue · ((1 − α)·(½(1 + cos(π·min(t, T)/T)))ᵖ + α)
  ///
  /// - SeeAlso: "SGDR: Stochastic Gradient Descent with Warm Restarts", Loshchilov & Hutter, 2017.
  public static func cosineDecay(initialValue: Double, decaySteps: Int, alpha: Double = 0, exponent: Double = 1) -> Schedule {
    precondition(decaySteps > 0, "decaySteps must be positive, got \(decaySteps)")
    return Schedule { step in
      let t = Double(min(max(step, 0), decaySteps)) / Double(decaySteps)
      let cosine = 0.5 * (1 + Double.cos(.pi * t))
      return initialValue * ((1 - alpha) * (exponent == 1 ? cosine : Double.pow(cosine, exponent)) + alpha)
    }
  }

  /// How ``piecewiseInterpolate(_:initialValue:boundariesAndScales:)`` moves between values.
  public enum Interpolation: String, Sendable, CaseIterable {
    case linear, cosine
  }

  /// Interpolates between the values v₀, v₀s₁, v₀s₁s₂, … reached at the boundaries (Optax's
  /// `piecewise_interpolate_schedule`); constant at the last value after the last boundary.
  public static func piecewiseInterpolate(
    _ interpolation: Interpolation, initialValue: Double, boundariesAndScales: [Int: Double]
  ) -> Schedule {
    precondition(boundariesAndScales.values.allSatisfy { $0 >= 0 }, "piecewiseInterpolate expects non-negative scales, got \(boundariesAndScales)")
    let sorted = boundariesAndScales.sorted { $0.key < $1.key }
    let bounds = [0] + sorted.map(\.key)
    var cumulative = [initialValue]
    for (_, scale) in sorted { cumulative.append(cumulative[cumulative.count - 1] * scale) }
    let values = cumulative
    return Schedule { step in
      var result = 0.0
      for k in 0..<(bounds.count - 1) where bounds[k] <= step && step < bounds[k + 1] {
        let size = Double(max(bounds[k + 1] - bounds[k], 1))
        let pct = Double(step - bounds[k]) / size
        let (a, b) = (values[k], values[k + 1])
        switch interpolation {
        case .linear: result += (b - a) * pct + a
        case .cosine: result += b + (a - b) / 2 * (Double.cos(.pi * pct) + 1)
        }
      }
      if bounds[bounds.count - 1] <= step { result += values[values.count - 1] }
      return result
    }
  }

  /// The one-cycle policy with linear pieces (Optax's `linear_onecycle_schedule`): from
  /// peak/div up to `peakValue` at `pctStart·T`, back to peak/div at `pctFinal·T`, then down
  /// to peak/(div·finalDiv) at T.
  ///
  /// - SeeAlso: "Super-Convergence: Very Fast Training of Neural Networks Using Large
  ///   Learning Rates", Smith & Topin, 2017.
  public static func linearOneCycle(
    transitionSteps: Int, peakValue: Double, pctStart: Double = 0.3, pctFinal: Double = 0.85, divFactor: Double = 25,
    finalDivFactor: Double = 1e4
  ) -> Schedule {
    precondition(transitionSteps > 0, "transitionSteps must be positive, got \(transitionSteps)")
    return piecewiseInterpolate(
      .linear, initialValue: peakValue / divFactor,
      boundariesAndScales: [
        Int(pctStart * Double(transitionSteps)): divFactor,
        Int(pctFinal * Double(transitionSteps)): 1 / divFactor,
        transitionSteps: 1 / finalDivFactor,
      ])
  }

  /// The one-cycle policy with cosine pieces (Optax's `cosine_onecycle_schedule`): from
  /// peak/div up to `peakValue` at `pctStart·T`, then down to peak/(div·finalDiv) at T.
  ///
  /// - SeeAlso: "Super-Convergence", Smith & Topin, 2017.
  public static func cosineOneCycle(
    transitionSteps: Int, peakValue: Double, pctStart: Double = 0.3, divFactor: Double = 25, finalDivFactor: Double = 1e4
  ) -> Schedule {
    precondition(transitionSteps > 0, "transitionSteps must be positive, got \(transitionSteps)")
    return piecewiseInterpolate(
      .cosine, initialValue: peakValue / divFactor,
      boundariesAndScales: [
        Int(pctStart * Double(transitionSteps)): divFactor,
        transitionSteps: 1 / (divFactor * finalDivFactor),
      ])
  }

  /// `schedules[0]` until `boundaries[0]`, then `schedules[1]` restarted from step 0, and so
  /// on (Optax's `join_schedules`). Needs one boundary fewer than schedules.
  public static func join(_ schedules: [Schedule], boundaries: [Int]) -> Schedule {
    precondition(!schedules.isEmpty && boundaries.count == schedules.count - 1,
      "join needs one boundary fewer than schedules, got \(schedules.count) schedules and \(boundaries.count) boundaries")
    return Schedule { step in
      var output = schedules[0](step)
      for (boundary, schedule) in zip(boundaries, schedules.dropFirst()) where step >= boundary {
        output = schedule(step - boundary)
      }
      return output
    }
  }

  /// Linear warmup from `initialValue` to `peakValue` over `warmupSteps`, then constant
  /// (Optax's `warmup_constant_schedule`).
  public static func warmupConstant(initialValue: Double = 0, peakValue: Double, warmupSteps: Int) -> Schedule {
    linear(from: initialValue, to: peakValue, transitionSteps: warmupSteps)
  }

  /// Linear warmup from `initialValue` to `peakValue` over `warmupSteps`, then cosine decay to
  /// `endValue` at `decaySteps` (counted from step 0, warmup included), as Optax's
  /// `warmup_cosine_decay_schedule`.
  public static func warmupCosineDecay(
    initialValue: Double = 0, peakValue: Double, warmupSteps: Int, decaySteps: Int, endValue: Double = 0,
    exponent: Double = 1
  ) -> Schedule {
    precondition(decaySteps > warmupSteps, "decaySteps (\(decaySteps)) must exceed warmupSteps (\(warmupSteps))")
    let alpha = peakValue == 0 ? 0 : endValue / peakValue
    return join(
      [linear(from: initialValue, to: peakValue, transitionSteps: warmupSteps),
       cosineDecay(initialValue: peakValue, decaySteps: decaySteps - warmupSteps, alpha: alpha, exponent: exponent)],
      boundaries: [warmupSteps])
  }

  /// Linear warmup, then ``exponentialDecay(initialValue:transitionSteps:decayRate:transitionBegin:staircase:endValue:)``
  /// from `peakValue` (Optax's `warmup_exponential_decay_schedule`).
  public static func warmupExponentialDecay(
    initialValue: Double = 0, peakValue: Double, warmupSteps: Int, transitionSteps: Int, decayRate: Double,
    transitionBegin: Int = 0, staircase: Bool = false, endValue: Double? = nil
  ) -> Schedule {
    join(
      [linear(from: initialValue, to: peakValue, transitionSteps: warmupSteps),
       exponentialDecay(
         initialValue: peakValue, transitionSteps: transitionSteps, decayRate: decayRate,
         transitionBegin: transitionBegin, staircase: staircase, endValue: endValue)],
      boundaries: [warmupSteps])
  }

  /// One cycle of ``sgdr(_:)``: a warmup-cosine decay.
  public struct Cycle: Sendable {
    public var initialValue: Double
    public var peakValue: Double
    public var warmupSteps: Int
    public var decaySteps: Int
    public var endValue: Double
    public init(initialValue: Double = 0, peakValue: Double, warmupSteps: Int, decaySteps: Int, endValue: Double = 0) {
      (self.initialValue, self.peakValue, self.warmupSteps) = (initialValue, peakValue, warmupSteps)
      (self.decaySteps, self.endValue) = (decaySteps, endValue)
    }
  }

  /// Warm restarts: the cycles' warmup-cosine decays one after another, each restarting
  /// from its own step 0 (Optax's `sgdr_schedule`).
  ///
  /// - SeeAlso: "SGDR: Stochastic Gradient Descent with Warm Restarts", Loshchilov & Hutter, ICLR 2017.
  public static func sgdr(_ cycles: [Cycle]) -> Schedule {
    precondition(!cycles.isEmpty, "sgdr needs at least one cycle")
    var boundaries: [Int] = [], step = 0
    for c in cycles { step += c.decaySteps; boundaries.append(step) }
    return join(
      cycles.map {
        warmupCosineDecay(initialValue: $0.initialValue, peakValue: $0.peakValue, warmupSteps: $0.warmupSteps, decaySteps: $0.decaySteps, endValue: $0.endValue)
      },
      boundaries: Array(boundaries.dropLast()))
  }

  /// Warmup–stable–decay ("trapezoidal"): linear warmup from `initialValue` to `peakValue`
  /// over `warmupSteps`, constant for `stableSteps`, then a linear cooldown to `endValue`
  /// over `decaySteps`, then constant.
  ///
  /// - SeeAlso: "MiniCPM: Unveiling the Potential of Small Language Models with Scalable
  ///   Training Strategies", Hu et al., 2024; "Scaling Laws and Compute-Optimal Training
  ///   Beyond Fixed Training Durations", Hägele et al., 2024.
  public static func warmupStableDecay(
    initialValue: Double = 0, peakValue: Double, warmupSteps: Int, stableSteps: Int, decaySteps: Int, endValue: Double = 0
  ) -> Schedule {
    precondition(warmupSteps >= 0 && stableSteps >= 0 && decaySteps >= 0, "warmupStableDecay needs non-negative step counts")
    return join(
      [linear(from: initialValue, to: peakValue, transitionSteps: warmupSteps),
       linear(from: peakValue, to: endValue, transitionSteps: decaySteps)],
      boundaries: [warmupSteps + stableSteps])
  }
}
