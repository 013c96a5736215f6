/// A design with, optionally, a column of ones appended: the intercept b of a generalized
/// linear model becomes coordinate p of w, which every solver then treats as an unpenalized
/// feature (see ``UnpenalizedInterceptPenalty``).
struct DesignWithIntercept<Base: DesignColumns>: DesignColumns {
  let base: Base
  /// Whether column p, all ones, is present.
  let includesIntercept: Bool
  let squaredColumnNorms: [Double]

  init(_ base: Base, includesIntercept: Bool) {
    self.base = base
    self.includesIntercept = includesIntercept
    squaredColumnNorms = base.squaredColumnNorms + (includesIntercept ? [Double(base.rowCount)] : [])
  }

  var rowCount: Int { base.rowCount }
  var columnCount: Int { base.columnCount + (includesIntercept ? 1 : 0) }

  @inline(__always)
  func dot(column j: Int, _ v: UnsafePointer<Double>) -> Double {
    if j < base.columnCount { return base.dot(column: j, v) }
    var s = 0.0
    for i in 0..<rowCount { s += v[i] }
    return s
  }

  @inline(__always)
  func add(_ a: Double, timesColumn j: Int, to v: UnsafeMutablePointer<Double>) {
    if j < base.columnCount { return base.add(a, timesColumn: j, to: v) }
    for i in 0..<rowCount { v[i] += a }
  }

  func transposeMultiply(_ v: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>) {
    base.transposeMultiply(v, into: out)
    if includesIntercept { out[base.columnCount] = dot(column: base.columnCount, v) }
  }
}
