/// TR-DPO's trust-region rule: every τ steps the reference model moves toward the policy,
///
///     θ_ref ← α·θ + (1 − α)·θ_ref   (soft update; α = 1 is a hard update, a copy)
///
/// so that the DPO constraint is to a recent policy instead of the initial one. The rule is a
/// pure function of the step and the two parameter sets; the loss itself is unchanged (use
/// ``dpoLoss(_:type:beta:divergence:reduction:mask:)`` with the reference's log-probabilities).
///
/// - SeeAlso: Gorbatovski et al., "Learn Your Reference Model for Real Good Alignment",
///   ICLR 2025; TRL's `sync_ref_model`, `ref_model_mixup_alpha`, `ref_model_sync_steps`.
public struct ReferenceModelSync: Sendable, Equatable, Codable {
  /// α in (0, 1]: the weight of the policy in the new reference.
  public var mixupAlpha: Double
  /// τ ≥ 1: the number of optimizer steps between updates.
  public var interval: Int

  /// - Parameters:
  ///   - mixupAlpha: α in (0, 1]. Default `0.6` (TRL and the paper's soft update).
  ///   - interval: τ ≥ 1. Default `512` (TRL's `ref_model_sync_steps`).
  public init(mixupAlpha: Double = 0.6, interval: Int = 512) {
    precondition(mixupAlpha > 0 && mixupAlpha <= 1, "ReferenceModelSync: mixupAlpha must be in (0, 1], got \(mixupAlpha)")
    precondition(interval >= 1, "ReferenceModelSync: interval must be ≥ 1, got \(interval)")
    self.mixupAlpha = mixupAlpha
    self.interval = interval
  }

  /// The hard update (α = 1): the reference becomes a copy of the policy every `interval` steps.
  public static func hard(interval: Int = 512) -> ReferenceModelSync {
    ReferenceModelSync(mixupAlpha: 1, interval: interval)
  }

  /// Whether the reference is updated after optimizer step `step` (1-based): every
  /// `interval`-th step, as TRL's callback does at `global_step % ref_model_sync_steps == 0`.
  public func isDue(afterStep step: Int) -> Bool { step > 0 && step % interval == 0 }

  /// α·policy + (1 − α)·reference, path by path. Both sets must hold the same paths with
  /// the same shapes (checked, naming the path).
  public func mixed<S: TensorScalar>(reference: ParameterSet<S>, policy: ParameterSet<S>) -> ParameterSet<S> {
    precondition(Set(reference.paths) == Set(policy.paths), "ReferenceModelSync: reference paths \(reference.paths) vs policy paths \(policy.paths)")
    let a = S(mixupAlpha)
    return reference.mapTensors { path, r in
      let p = policy[path]
      precondition(p.shape == r.shape, "ReferenceModelSync: \(path) has shape \(r.shape) in the reference and \(p.shape) in the policy")
      return mixupAlpha == 1 ? p : a * p + (1 - a) * r
    }
  }

  /// Updates `reference` toward `policy` if the rule is due after `step`; returns whether it was.
  @discardableResult
  public func update<S: TensorScalar>(_ reference: inout ParameterSet<S>, toward policy: ParameterSet<S>, afterStep step: Int) -> Bool {
    guard isDue(afterStep: step) else { return false }
    reference = mixed(reference: reference, policy: policy)
    return true
  }
}
