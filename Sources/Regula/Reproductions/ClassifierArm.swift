/// One arm of a classification reproduction: a named trainer (model, optimizer, epochs,
/// wrapper, penalties) over the reproduction's data.
public struct ClassifierArm: Sendable {
  public typealias Trainer = ClassifierTrainer<Sequential<Float>, AnyGradientTransformation<Float>>
  public var name: String
  public var trainer: Trainer

  public init(name: String, trainer: Trainer) { (self.name, self.trainer) = (name, trainer) }
}

/// Labelled examples for training and testing, as `ClassifierTrainer` takes them.
public struct ClassificationData: Sendable {
  public var train: (features: Tensor<Float>, labels: [Int])
  public var test: (features: Tensor<Float>, labels: [Int])

  /// The embedded digits, split 80/20 by `seed` and standardized by the training split.
  public static func digits(seed: UInt64) -> ClassificationData {
    let (train, test) = Digits.load(as: Float.self).split(testFraction: 0.2, seed: seed)
    let standardization = Standardization(fitting: train.features)
    return ClassificationData(
      train: (standardization.apply(to: train.features), train.targets.map { Int($0) }),
      test: (standardization.apply(to: test.features), test.targets.map { Int($0) }))
  }
}

/// A trained arm: its per-epoch history and its final parameters.
public struct ClassifierArmResult: Sendable {
  public var name: String
  public var history: ArmHistory
  public var parameters: ParameterSet<Float>

  /// The result of an arm from the trainer's epoch metrics: every metric of
  /// ``EpochMetrics`` (and each penalty's value) at step = epoch, with `seconds` cumulative.
  public init(name: String, metrics: [EpochMetrics], parameters: ParameterSet<Float>) {
    var history = ArmHistory(name: name)
    var seconds = 0.0
    for m in metrics {
      seconds += m.seconds
      var values = [
        "train_loss": m.trainLoss, "train_accuracy": m.trainAccuracy, "test_loss": m.testLoss,
        "test_accuracy": m.testAccuracy, "seconds": seconds,
      ]
      for p in m.penalties ?? [] { values["penalty_" + p.name] = p.value }
      history.record(step: m.epoch, values)
    }
    (self.name, self.history, self.parameters) = (name, history, parameters)
  }
}
