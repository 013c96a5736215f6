import _Differentiation

/// A penalty applied to chosen parameters of a model, with a weight that may follow a
/// schedule: the term λ(t)·Σ_{p ∈ targets} R(θ_p) of a training objective.
///
///     let term = PenaltyTerm(NuclearNormRegularizer<Float>(), on: PathPattern("dense1"), weight: 1e-3)
///     try term.validate(against: parameters)                   // before training
///     let objective = loss + term.value(parameters, step: t)   // differentiable in parameters
///
/// With a proximal penalty, ``ProximalUpdates`` applies the term through its prox instead.
public struct PenaltyTerm<Scalar: TensorScalar>: Sendable {
  /// What metrics and errors call the term (e.g. `l1(1e-05, on: dense1)`).
  public var name: String
  /// The paths penalized.
  public var target: PathPattern
  /// λ(t), the strength at optimizer step t (0-based).
  public var weight: Schedule
  /// R, type-erased.
  public let penalty: any TensorPenalty<Scalar>
  private let function: Function
  private let proximal: (@Sendable (Tensor<Scalar>, Double) -> Tensor<Scalar>)?

  /// The differentiable R, stored so that automatic differentiation sees a concrete function.
  private struct Function: @unchecked Sendable {
    let apply: @differentiable(reverse) (Tensor<Scalar>) -> Tensor<Scalar>
  }

  /// - Parameters:
  ///   - penalty: R, at unit strength.
  ///   - target: the paths penalized. Default ``PathPattern/weights`` (every `weight`).
  ///   - weight: λ(t), read at the step passed to ``value(_:step:)``. Default 1.
  ///   - name: what metrics and errors call the term. Default: the penalty's type name.
  public init<P: TensorPenalty>(_ penalty: P, on target: PathPattern = .weights, weight: Schedule = 1, name: String? = nil)
  where P.Scalar == Scalar {
    self.name = name ?? String(describing: P.self)
    self.target = target
    self.weight = weight
    self.penalty = penalty
    self.function = Function(apply: { w in penalty(w) })
    if let proximal = penalty as? any ProximalTensorPenalty<Scalar> {
      self.proximal = { v, s in proximal.prox(v, stepSize: s) }
    } else {
      self.proximal = nil
    }
  }

  /// A term of a type-erased penalty (the registry's).
  public init(erasing penalty: any TensorPenalty<Scalar>, on target: PathPattern = .weights, weight: Schedule = 1, name: String? = nil) {
    self = Self.opened(penalty, target, weight, name)
  }

  private static func opened<P: TensorPenalty>(_ penalty: P, _ target: PathPattern, _ weight: Schedule, _ name: String?) -> Self
  where P.Scalar == Scalar {
    Self(penalty, on: target, weight: weight, name: name)
  }

  /// Whether the penalty has a proximal operator (see ``prox(_:stepSize:step:)``).
  public var isProximal: Bool { proximal != nil }

  /// The paths of `parameters` the term selects, in order.
  public func paths(in parameters: ParameterSet<Scalar>) -> [String] {
    parameters.paths.filter { target.matches($0) }
  }

  /// Checks that the target selects at least one parameter and that the penalty accepts
  /// every selected tensor's shape.
  ///
  /// - Throws: ``PenaltyError`` naming the term, the pattern and the available paths, or
  ///   the path and shape of a tensor the penalty cannot take.
  public func validate(against parameters: ParameterSet<Scalar>) throws(PenaltyError) {
    let selected = paths(in: parameters)
    if selected.isEmpty {
      throw PenaltyError("penalty \(name): target \"\(target)\" matches no parameter; parameters are \(parameters.paths.joined(separator: ", "))")
    }
    for path in selected {
      if let problem = penalty.rankError(forShape: parameters[path].shape) {
        throw PenaltyError("penalty \(name): parameter \(path) \(problem)")
      }
    }
  }

  /// λ(step)·Σ_p R(θ_p) over the selected paths, a rank-0 tensor, differentiable in
  /// `parameters` (the gradient holds only the selected paths).
  @differentiable(reverse, wrt: parameters)
  public func value(_ parameters: ParameterSet<Scalar>, step: Int = 0) -> Tensor<Scalar> {
    let selected = withoutDerivative(at: paths(in: parameters))
    let lambda = withoutDerivative(at: Scalar(weight(step)))
    var total = Tensor<Scalar>(0)
    for path in selected {
      total = total + function.apply(parameters[path])
    }
    return total * lambda
  }

  /// prox_{sλR} applied to each selected tensor of `parameters` with s = `stepSize` (the
  /// learning rate) and λ = weight(`step`); other tensors are unchanged.
  ///
  /// - Precondition: the penalty is proximal (``isProximal``).
  public func prox(_ parameters: ParameterSet<Scalar>, stepSize: Double, step: Int = 0) -> ParameterSet<Scalar> {
    guard let proximal else { preconditionFailure("penalty \(name) has no proximal operator") }
    let s = stepSize * weight(step)
    return parameters.mapTensors { path, tensor in target.matches(path) ? proximal(tensor, s) : tensor }
  }
}

/// A penalty that cannot be applied as asked: an unknown name, a bad argument, a target
/// that matches no parameter, or a tensor the penalty cannot take. The message names it.
public struct PenaltyError: Error, Sendable, Equatable, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}
