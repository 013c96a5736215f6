/// The design of a multitask problem lifted to one long least-squares problem: T copies of
/// X on the diagonal of I_T ⊗ X, so that (1/2n)‖Y − XW‖²_F = (1/2n)‖vec(Y) − (I_T ⊗ X)w‖²
/// with w[j·T + t] = W[j, t]. Coefficient j·T + t is column j of X acting on task t's part
/// `residual[t·n ..< (t+1)·n]`; block coordinate descent treats each row W[j, :] as a group.
final class MultiTaskColumns<Base: DesignColumns>: DesignColumns {
  let base: Base
  let taskCount: Int
  let rowCount: Int
  let columnCount: Int
  let squaredColumnNorms: [Double]
  private var scratch: [Double]

  init(_ base: Base, taskCount: Int) {
    self.base = base
    self.taskCount = taskCount
    rowCount = base.rowCount * taskCount
    columnCount = base.columnCount * taskCount
    squaredColumnNorms = base.squaredColumnNorms.flatMap { [Double](repeating: $0, count: taskCount) }
    scratch = [Double](repeating: 0, count: base.columnCount)
  }

  @inline(__always)
  func dot(column c: Int, _ v: UnsafePointer<Double>) -> Double {
    base.dot(column: c / taskCount, v + (c % taskCount) * base.rowCount)
  }

  @inline(__always)
  func add(_ a: Double, timesColumn c: Int, to v: UnsafeMutablePointer<Double>) {
    base.add(a, timesColumn: c / taskCount, to: v + (c % taskCount) * base.rowCount)
  }

  func transposeMultiply(_ v: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>) {
    let n = base.rowCount, T = taskCount
    scratch.withUnsafeMutableBufferPointer { s in
      for t in 0..<T {
        base.transposeMultiply(v + t * n, into: s.baseAddress!)
        for j in 0..<s.count { out[j * T + t] = s[j] }
      }
    }
  }
}
