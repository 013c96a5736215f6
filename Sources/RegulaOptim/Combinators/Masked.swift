/// Applies `inner` only to the paths `mask` selects; other updates pass through unchanged
/// (Optax's `masked`).
///
/// The inner transformation sees, and keeps state for, only the selected parameters (in
/// their original order), so a masked Adam holds moments for the selected tensors alone.
///
///     Masked(ScaleByAdam<Float>()) { $0.hasSuffix(".weight") }
public struct Masked<Inner: GradientTransformation>: GradientTransformation {
  public typealias Scalar = Inner.Scalar
  public typealias State = Inner.State
  public var inner: Inner
  public var mask: @Sendable (String) -> Bool

  public init(_ inner: Inner, mask: @escaping @Sendable (String) -> Bool) {
    self.inner = inner
    self.mask = mask
  }

  func selected(_ set: ParameterSet<Scalar>) -> ParameterSet<Scalar> {
    ParameterSet(set.entries.filter { mask($0.path) })
  }

  public func initialState(for parameters: ParameterSet<Scalar>) -> State {
    inner.initialState(for: selected(parameters))
  }

  public func update(_ updates: inout ParameterSet<Scalar>, state: inout State, parameters: ParameterSet<Scalar>) {
    let indices = updates.paths.indices.filter { mask(updates.paths[$0]) }
    if indices.count == updates.count { return inner.update(&updates, state: &state, parameters: parameters) }
    var sub = ParameterSet(indices.map { (path: updates.paths[$0], tensor: updates.tensors[$0]) })
    inner.update(&sub, state: &state, parameters: selected(parameters))
    for (k, i) in indices.enumerated() { updates.replaceTensor(at: i, with: sub.tensors[k]) }
  }
}
