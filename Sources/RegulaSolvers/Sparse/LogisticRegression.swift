import Foundation
import RegulaPenalties

/// Binary logistic regression with a separable penalty, fitted by coordinate descent with
/// working sets:
///
///     min_{w, b}  (1/n) Σᵢ log(1 + exp(−yᵢ(xᵢᵀw + b))) + Σⱼ gⱼ(wⱼ),   yᵢ ∈ {−1, +1}
///
/// skglm's `Logistic` datafit scaling; scikit-learn's `LogisticRegression(penalty="l1", C)`
/// solves the same problem with α = 1/(nC). Each coordinate step is a proximal gradient
/// step with the coordinate's Lipschitz constant Lⱼ = ‖x_j‖²/(4n); the intercept (never
/// penalized) takes a gradient step with L = 1/4 in every epoch. The solver stops when the
/// largest KKT violation is at most `tolerance`·‖∇f(0)‖_∞ (there is no duality gap).
///
/// - Parameters:
///   - penalty: g, e.g. ``L1Penalty`` or ``ElasticNetPenalty``.
///   - fitIntercept: default `true`.
///   - options: the solver's settings (Anderson extrapolation is not used here).
/// - Complexity: O(n) exponentials per coordinate update.
/// - Note: Double only. Labels may be any two distinct values; the smaller becomes −1.
public struct PenalizedLogisticRegression<Penalty: SeparablePenalty>: Sendable {
  public var penalty: Penalty
  public var fitIntercept: Bool
  public var options: CoordinateDescentOptions

  public init(penalty: Penalty, fitIntercept: Bool = true, options: CoordinateDescentOptions = .init()) {
    self.penalty = penalty
    self.fitIntercept = fitIntercept
    self.options = options
  }

  /// Fits the model to `x` (shape `[n, p]`) and `labels` (two distinct values).
  ///
  /// - Throws: ``SolverError`` for bad data, or
  ///   ``SolverError/invalidParameter(name:value:requirement:)`` naming `labels` when they do
  ///   not take exactly two values.
  @_specialize(exported: true, where Penalty == L1Penalty)
  @_specialize(exported: true, where Penalty == ElasticNetPenalty)
  public func fit(_ x: Tensor<Double>, _ labels: [Double], warmStart: [Double]? = nil) throws(SolverError) -> SparseLinearModelSolution {
    let start = ContinuousClock.now
    let problem = try LogisticProblem(x: x, labels: labels)
    if let warmStart, warmStart.count != problem.p {
      throw .lengthMismatch(what: "warm-start coefficients for the columns of the design", expected: problem.p, got: warmStart.count)
    }
    return problem.solve(penalty: penalty, fitIntercept: fitIntercept, options: options, warmStart: warmStart, start: start)
  }

  /// The smallest α for which w = 0 is optimal (with the intercept at its optimum when
  /// fitted): for L1, ‖Xᵀd‖_∞/n with dᵢ the loss derivative there.
  public func alphaMax(_ x: Tensor<Double>, _ labels: [Double]) throws(SolverError) -> Double where Penalty: PathPenalty {
    let problem = try LogisticProblem(x: x, labels: labels)
    return penalty.alphaMax(gradientAtZero: problem.gradientAtZero(fitIntercept: fitIntercept))
  }
}

/// The validated data of a logistic problem: uncentered columns and ±1 labels.
struct LogisticProblem {
  let design: DenseColumns
  let y: [Double]
  var n: Int { design.rowCount }
  var p: Int { design.columnCount }

  init(x: Tensor<Double>, labels: [Double]) throws(SolverError) {
    let datafit = try QuadraticDatafit(x: x, y: labels, sampleWeights: nil, fitIntercept: false)
    let classes = Array(Set(labels)).sorted()
    guard classes.count == 2 else {
      throw .invalidParameter(name: "the number of distinct labels", value: Double(classes.count), requirement: "2 for binary logistic regression")
    }
    design = datafit.design
    y = labels.map { $0 == classes[0] ? -1 : 1 }
  }

  /// The intercept that is optimal at w = 0: log(n₊/n₋).
  func initialIntercept() -> Double {
    let positives = Double(y.filter { $0 > 0 }.count)
    return Foundation.log(positives / (Double(n) - positives))
  }

  func gradientAtZero(fitIntercept: Bool) -> [Double] {
    let b = fitIntercept ? initialIntercept() : 0
    let d = y.map { -$0 / (1 + Foundation.exp($0 * b)) }
    var g = [Double](repeating: 0, count: p)
    d.withUnsafeBufferPointer { d in g.withUnsafeMutableBufferPointer { design.transposeMultiply(d.baseAddress!, into: $0.baseAddress!) } }
    return g.map { $0 / Double(n) }
  }

  func solve<P: SeparablePenalty>(
    penalty: P, fitIntercept: Bool, options: CoordinateDescentOptions, warmStart: [Double]?, start: ContinuousClock.Instant
  ) -> SparseLinearModelSolution {
    let invN = 1 / Double(n)
    var w = warmStart ?? [Double](repeating: 0, count: p)
    var b = fitIntercept ? initialIntercept() : 0
    let steps = design.squaredColumnNorms.map { $0 > 0 ? 4 * Double(n) / $0 : 0 }
    var z = [Double](repeating: b, count: n)
    var d = [Double](repeating: 0, count: n)
    var gradient = [Double](repeating: 0, count: p)
    var scores = [Double](repeating: 0, count: p)
    var workingSet = [Int]()
    var trace = [SolverTrace]()
    var status = SolverStatus.maxIterationsReached
    var iterations = 0, epochs = 0
    var objective = Double.nan, kktMax = Double.infinity
    let threshold = options.tolerance * gradientAtZero(fitIntercept: fitIntercept).reduce(0) { max($0, abs($1)) }

    // `partial` reads the design through its raw storage pointer; keep the object that owns
    // the storage alive until the loop is done (under -O a class may otherwise be released
    // after the last use of the reference, before the pointer's).
    return withExtendedLifetime(design) { z.withUnsafeMutableBufferPointer { z in
      func recomputeMargins() {
        for i in 0..<n { z[i] = b }
        for j in 0..<p where w[j] != 0 { design.add(w[j], timesColumn: j, to: z.baseAddress!) }
      }
      func loss() -> Double {
        var total = 0.0
        for i in 0..<n {
          let m = -y[i] * z[i]
          total += max(m, 0) + Foundation.log1p(Foundation.exp(-abs(m)))
        }
        return total * invN
      }
      /// (1/n) x_jᵀd at the current margins, d_i = −yᵢσ(−yᵢzᵢ).
      func partial(_ j: Int) -> Double {
        let column = design.storage + j * n
        var s = 0.0
        for i in 0..<n { s -= column[i] * y[i] / (1 + Foundation.exp(y[i] * z[i])) }
        return s * invN
      }
      func interceptPartial() -> Double {
        var s = 0.0
        for i in 0..<n { s -= y[i] / (1 + Foundation.exp(y[i] * z[i])) }
        return s * invN
      }

      for iteration in 0..<options.maxIterations {
        iterations = iteration + 1
        recomputeMargins()
        for i in 0..<n { d[i] = -y[i] / (1 + Foundation.exp(y[i] * z[i])) }
        d.withUnsafeBufferPointer { d in gradient.withUnsafeMutableBufferPointer { design.transposeMultiply(d.baseAddress!, into: $0.baseAddress!) } }
        kktMax = fitIntercept ? abs(d.reduce(0, +) * invN) : 0
        var supportSize = 0
        for j in 0..<p {
          let violation = penalty.subdifferentialDistance(w[j], gradient: gradient[j] * invN, coordinate: j)
          kktMax = max(kktMax, violation)
          let inSupport = penalty.isInGeneralizedSupport(w[j], coordinate: j)
          if inSupport { supportSize += 1 }
          scores[j] = inSupport || !penalty.isPenalized(coordinate: j) ? .infinity : violation
        }
        objective = loss() + penalty.value(w)
        trace.append(SolverTrace(iteration: iteration, seconds: secondsSince(start), objective: objective, dualityGap: nil, kktViolation: kktMax))
        guard objective.isFinite else {
          status = .numericalFailure(iteration: iteration)
          break
        }
        if kktMax <= threshold {
          status = .converged
          break
        }
        if iteration == options.maxIterations - 1 { break }
        let size = options.usesWorkingSets ? workingSetSize(supportSize: supportSize, start: options.workingSetStart, featureCount: p) : p
        selectWorkingSet(scores: scores, size: size, into: &workingSet)
        let innerThreshold = 0.3 * kktMax
        for epoch in 0..<options.maxEpochs {
          for j in workingSet {
            let step = steps[j]
            if step == 0 { continue }
            let old = w[j]
            let new = penalty.prox(old - partial(j) * step, stepSize: step, coordinate: j)
            if new != old {
              design.add(new - old, timesColumn: j, to: z.baseAddress!)
              w[j] = new
            }
          }
          if fitIntercept {
            let delta = -4 * interceptPartial()
            b += delta
            for i in 0..<n { z[i] += delta }
          }
          epochs += 1
          if epoch % 10 == 0 {
            var inner = fitIntercept ? abs(interceptPartial()) : 0
            for j in workingSet {
              inner = max(inner, penalty.subdifferentialDistance(w[j], gradient: partial(j), coordinate: j))
            }
            if inner <= innerThreshold { break }
          }
        }
      }
      return SparseLinearModelSolution(
        coefficients: w, intercept: b, status: status, iterations: iterations, epochs: epochs, objective: objective,
        dualityGap: nil, kktViolation: kktMax, seconds: secondsSince(start), trace: trace)
    } }
  }
}
