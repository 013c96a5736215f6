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

  /// Linear interpolation from `initialValue` to `endValue` over `transitionSteps`, then constant.
  public static func linear(from initialValue: Double, to endValue: Double, transitionSteps: Int) -> Schedule {
    Schedule { step in
      guard transitionSteps > 0 else { return endValue }
      let fraction = Double(min(max(step, 0), transitionSteps)) / Double(transitionSteps)
      return initialValue + (endValue - initialValue) * fraction
    }
  }

  /// Half-cosine decay from `initialValue` to `alpha · initialValue` over `decaySteps`:
  ///
  ///     v(t) = initialValue · ((1 − α)·½(1 + cos(π·min(t, T)/T)) + α)
  ///
  /// - SeeAlso: "SGDR: Stochastic Gradient Descent with Warm Restarts", Loshchilov & Hutter, 2017.
  public static func cosineDecay(initialValue: Double, decaySteps: Int, alpha: Double = 0) -> Schedule {
    precondition(decaySteps > 0, "decaySteps must be positive, got \(decaySteps)")
    return Schedule { step in
      let t = Double(min(max(step, 0), decaySteps)) / Double(decaySteps)
      return initialValue * ((1 - alpha) * 0.5 * (1 + Double.cos(.pi * t)) + alpha)
    }
  }

  /// Linear warmup from `initialValue` to `peakValue` over `warmupSteps`, then cosine decay to
  /// `endValue` at `decaySteps` (counted from step 0, warmup included), as Optax's
  /// `warmup_cosine_decay_schedule`.
  public static func warmupCosineDecay(
    initialValue: Double = 0, peakValue: Double, warmupSteps: Int, decaySteps: Int, endValue: Double = 0
  ) -> Schedule {
    precondition(decaySteps > warmupSteps, "decaySteps (\(decaySteps)) must exceed warmupSteps (\(warmupSteps))")
    let warmup = linear(from: initialValue, to: peakValue, transitionSteps: warmupSteps)
    let cosine = cosineDecay(initialValue: peakValue, decaySteps: decaySteps - warmupSteps, alpha: endValue / peakValue)
    return Schedule { step in step < warmupSteps ? warmup(step) : cosine(step - warmupSteps) }
  }
}
