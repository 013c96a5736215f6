import RealModule

/// Scales updates by a factored estimate of the root mean square of the gradient:
/// Adafactor's second-moment estimator.
///
/// For a tensor whose two largest axes (d₁ ≤ d₀ by size) both have at least
/// `minDimSizeToFactor` elements, with ĝ² = g² + ε and β̂ₜ = 1 − (t − offset)^(−decayRate):
///
///     R ← β̂ₜ·R + (1 − β̂ₜ)·mean_{d₀}(ĝ²)      (row statistics)
///     C ← β̂ₜ·C + (1 − β̂ₜ)·mean_{d₁}(ĝ²)      (column statistics)
///     u = g · (R / mean_{d₁}(R))^(−½) · C^(−½)
///
/// Other tensors keep a full second moment, v ← β̂ₜ·v + (1 − β̂ₜ)·ĝ², u = g·v^(−½).
///
/// - Parameter factored: factor tensors of rank ≥ 2. Default `true`.
/// - Parameter decayRate: the exponent of β̂ₜ. Default `0.8`.
/// - Parameter stepOffset: Default `0`.
/// - Parameter minDimSizeToFactor: Default `128`.
/// - Parameter epsilon: ε. Default `1e-30`.
/// - Note: As Optax, β̂ₜ is computed in single precision, also for Double parameters.
/// - SeeAlso: "Adafactor: Adaptive Learning Rates with Sublinear Memory Cost", Shazeer &
///   Stern, ICML 2018.
public struct ScaleByFactoredRMS<Scalar: TensorScalar>: GradientTransformation {
  public var factored: Bool
  public var decayRate: Double
  public var stepOffset: Int
  public var minDimSizeToFactor: Int
  public var epsilon: Double

  public struct State: Codable, Sendable, Equatable {
    public var count: Int
    /// R per parameter (empty tensor when not factored).
    public var rowStatistics: [Tensor<Scalar>]
    /// C per parameter (empty tensor when not factored).
    public var columnStatistics: [Tensor<Scalar>]
    /// v per parameter (empty tensor when factored).
    public var secondMoment: [Tensor<Scalar>]
  }

  public init(factored: Bool = true, decayRate: Double = 0.8, stepOffset: Int = 0, minDimSizeToFactor: Int = 128, epsilon: Double = 1e-30) {
    (self.factored, self.decayRate, self.stepOffset) = (factored, decayRate, stepOffset)
    (self.minDimSizeToFactor, self.epsilon) = (minDimSizeToFactor, epsilon)
  }

  /// (d₁, d₀): the second-largest and the largest axis, or nil when not factored.
  func factoredAxes(_ shape: [Int]) -> (Int, Int)? {
    guard factored, shape.count >= 2 else { return nil }
    let sorted = shape.indices.sorted { (shape[$0], $0) < (shape[$1], $1) }
    let d1 = sorted[sorted.count - 2], d0 = sorted[sorted.count - 1]
    return shape[d1] < minDimSizeToFactor ? nil : (d1, d0)
  }

  static func removing(_ axes: [Int], from shape: [Int]) -> [Int] {
    shape.enumerated().filter { !axes.contains($0.offset) }.map(\.element)
  }

  public func initialState(for parameters: ParameterSet<Scalar>) -> State {
    var state = State(count: 0, rowStatistics: [], columnStatistics: [], secondMoment: [])
    for p in parameters.tensors {
      if let (d1, d0) = factoredAxes(p.shape) {
        state.rowStatistics.append(Tensor(zeros: Self.removing([d0], from: p.shape)))
        state.columnStatistics.append(Tensor(zeros: Self.removing([d1], from: p.shape)))
        state.secondMoment.append(Tensor(zeros: [0]))
      } else {
        state.rowStatistics.append(Tensor(zeros: [0]))
        state.columnStatistics.append(Tensor(zeros: [0]))
        state.secondMoment.append(Tensor(zeros: p.shape))
      }
    }
    return state
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func update(_ updates: inout ParameterSet<Scalar>, state: inout State, parameters: ParameterSet<Scalar>) {
    let t = Float(state.count - stepOffset + 1)
    let beta = Scalar(1 - Float.pow(t, -Float(decayRate)))
    state.count += 1
    let eps = Scalar(epsilon)
    for i in 0..<updates.count {
      let shape = updates.tensors[i].shape
      guard let (d1, d0) = factoredAxes(shape) else {
        updates.withBuffer(at: i) { g in
          state.secondMoment[i].scalars.withUnsafeMutableBufferPointer { v in
            for j in g.indices {
              let vj = beta * v[j] + (1 - beta) * (g[j] * g[j] + eps)
              v[j] = vj
              g[j] = g[j] / vj.squareRoot()
            }
          }
        }
        continue
      }
      // Offsets of each element into R (axis d₀ dropped), C (d₁ dropped) and mean_{d₁}(R)
      // (both dropped), by an odometer over the multi-index.
      let rowShape = Self.removing([d0], from: shape), colShape = Self.removing([d1], from: shape)
      let bothShape = Self.removing([d0, d1], from: shape)
      let rowCount = rowShape.reduce(1, *), colCount = colShape.reduce(1, *), bothCount = bothShape.reduce(1, *)
      func strides(dropping axes: [Int]) -> [Int] {
        var s = [Int](repeating: 0, count: shape.count), acc = 1
        for a in shape.indices.reversed() where !axes.contains(a) { s[a] = acc; acc *= shape[a] }
        return s
      }
      let rs = strides(dropping: [d0]), cs = strides(dropping: [d1]), bs = strides(dropping: [d0, d1])
      var offsets: [(Int, Int, Int)] = []
      offsets.reserveCapacity(updates.tensors[i].scalarCount)
      var index = [Int](repeating: 0, count: shape.count)
      for _ in 0..<updates.tensors[i].scalarCount {
        var r = 0, c = 0, b = 0
        for a in shape.indices { r += index[a] * rs[a]; c += index[a] * cs[a]; b += index[a] * bs[a] }
        offsets.append((r, c, b))
        var a = shape.count - 1
        while a >= 0 {
          index[a] += 1
          if index[a] < shape[a] { break }
          index[a] = 0
          a -= 1
        }
      }
      var rowMean = [Scalar](repeating: 0, count: rowCount), colMean = [Scalar](repeating: 0, count: colCount)
      updates.withReadBuffer(at: i) { g in
        for (j, (r, c, _)) in offsets.enumerated() {
          let s = g[j] * g[j] + eps
          rowMean[r] += s
          colMean[c] += s
        }
      }
      let rowN = Scalar(shape[d0]), colN = Scalar(shape[d1])
      var meanOfRows = [Scalar](repeating: 0, count: bothCount)
      state.rowStatistics[i].scalars.withUnsafeMutableBufferPointer { row in
        for k in 0..<rowCount { row[k] = beta * row[k] + (1 - beta) * (rowMean[k] / rowN) }
      }
      state.columnStatistics[i].scalars.withUnsafeMutableBufferPointer { col in
        for k in 0..<colCount { col[k] = beta * col[k] + (1 - beta) * (colMean[k] / colN) }
      }
      // mean over d₁ of R: each R entry belongs to one "both" slot; count per slot = shape[d1].
      let row = state.rowStatistics[i].scalars, col = state.columnStatistics[i].scalars
      var seen = [Bool](repeating: false, count: rowCount)
      for (r, _, b) in offsets where !seen[r] {
        seen[r] = true
        meanOfRows[b] += row[r]
      }
      for k in 0..<bothCount { meanOfRows[k] /= colN }
      updates.withBuffer(at: i) { g in
        for (j, (r, c, b)) in offsets.enumerated() {
          g[j] = g[j] * (1 / (row[r] / meanOfRows[b]).squareRoot()) * (1 / col[c].squareRoot())
        }
      }
    }
  }
}
