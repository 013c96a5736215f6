/// One stored distribution over classes per training example, addressed by the example's
/// index in the training set: ELR's running targets, PS-KD's previous-epoch predictions.
///
/// `Codable`, so a checkpoint carries it and a resumed run reads the same targets.
public struct ExampleTargets<Scalar: TensorScalar>: Codable, Sendable, Equatable {
  /// [examples, classes].
  public private(set) var values: Tensor<Scalar>

  /// `count` rows of zeros over `classes` classes (ELR's start).
  public init(count: Int, classes: Int) {
    precondition(count >= 0 && classes > 0, "ExampleTargets: \(count) examples, \(classes) classes")
    values = Tensor(zeros: [count, classes])
  }

  /// One-hot rows of `labels` (PS-KD's start: the targets of the first epoch).
  public init(oneHot labels: [Int], classes: Int) {
    values = Tensor.oneHot(labels, depth: classes)
  }

  public var count: Int { values.shape[0] }
  public var classes: Int { values.shape[1] }

  /// The rows of `indices`, [indices.count, classes].
  public func rows(_ indices: [Int]) -> Tensor<Scalar> {
    values.gathering(atIndices: indices)
  }

  /// Replaces the rows of `indices` with the rows of `newRows` ([indices.count, classes]).
  public mutating func setRows(_ indices: [Int], to newRows: Tensor<Scalar>) {
    let k = classes
    precondition(newRows.shape == [indices.count, k], "ExampleTargets: rows of shape \(newRows.shape) for \(indices.count) indices and \(k) classes")
    let source = newRows.scalars
    values.scalars.withUnsafeMutableBufferPointer { v in
      for (r, i) in indices.enumerated() {
        precondition(i >= 0 && i < v.count / k, "ExampleTargets: index \(i) outside 0..<\(v.count / k)")
        for j in 0..<k { v[i * k + j] = source[r * k + j] }
      }
    }
  }
}
