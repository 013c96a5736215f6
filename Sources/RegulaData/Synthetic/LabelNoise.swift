extension Array where Element == Int {
  /// The labels with symmetric label noise: each label is, independently with probability
  /// `rate`, replaced by one of the *other* k − 1 classes chosen uniformly.
  ///
  ///     P(ỹ = j | y = i) = 1 − rate   if j = i,   rate / (k − 1)   otherwise
  ///
  /// A flipped label never keeps its class, so the fraction of flipped labels estimates `rate`
  /// itself. (Some papers call "symmetric noise" a replacement by a uniform label over all k
  /// classes, which keeps the class with probability 1/k; that is this noise at
  /// rate · (k − 1)/k.)
  ///
  /// - Parameters:
  ///   - rate: The flip probability, in [0, 1].
  ///   - classes: k, the number of classes, at least 2; every label must be in 0 ..< k.
  ///   - seed: The seed: one uniform draw per label decides the flip, and one more draw per
  ///     flipped label picks the new class.
  /// - Returns: the noisy labels, and for each label whether it was flipped.
  /// - SeeAlso: G. Patrini et al., "Making Deep Neural Networks Robust to Label Noise: a Loss
  ///   Correction Approach", CVPR 2017 (the noise transition matrix above).
  public func injectingSymmetricLabelNoise(
    rate: Double, classes: Int, seed: UInt64
  ) -> (labels: [Int], flipped: [Bool]) {
    precondition(rate >= 0 && rate <= 1, "rate must be in [0, 1], got \(rate)")
    precondition(classes >= 2, "classes must be at least 2, got \(classes)")
    var rng = RandomGenerator(seed: seed)
    var labels = self
    var flipped = [Bool](repeating: false, count: count)
    for i in indices {
      let label = self[i]
      precondition(label >= 0 && label < classes, "label \(label) at \(i) is outside 0..<\(classes)")
      guard rng.nextUnit() < rate else { continue }
      let other = rng.nextIndex(below: classes - 1)
      labels[i] = other < label ? other : other + 1
      flipped[i] = true
    }
    return (labels, flipped)
  }
}

extension Dataset {
  /// The data set with symmetric label noise on its class labels; see
  /// `Array.injectingSymmetricLabelNoise(rate:classes:seed:)`.
  ///
  /// - Parameters:
  ///   - classes: k, or `nil` (the default) for the largest label plus one.
  /// - Throws: ``DataError/notClassLabel(row:value:)`` if a target is not a class label.
  public func injectingSymmetricLabelNoise(
    rate: Double, classes: Int? = nil, seed: UInt64
  ) throws(DataError) -> (dataset: Dataset, flipped: [Bool]) {
    let labels = try classLabels()
    let k = classes ?? ((labels.max() ?? 0) + 1)
    let (noisy, flipped) = labels.injectingSymmetricLabelNoise(rate: rate, classes: Swift.max(k, 2), seed: seed)
    var copy = self
    copy.targets = noisy.map(Double.init)
    return (copy, flipped)
  }
}
