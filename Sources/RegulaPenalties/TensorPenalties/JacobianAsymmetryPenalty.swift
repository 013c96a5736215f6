import RegulaNN
import _Differentiation

/// ‖J − Jᵀ‖²_F of a square input–output Jacobian (a map from a state to a state of the same
/// size, such as one step of an equilibrium network's dynamics at its fixed point), averaged
/// over a batch, exactly: one pullback per output unit gives every example's J, then
///
///     (1/N) Σᵢ Σ_{k,j} (J_i[k, j] − J_i[j, k])²
///
/// For small models and diagnostics (a value, not differentiable in the parameters: that
/// would need second derivatives; ``jacobianAsymmetryEstimate(of:parameters:at:sigma:samples:seed:)``
/// is).
///
/// - Parameters:
///   - model: applied in inference mode; examples must not interact (no batch statistics).
///   - input: [N, d]; the model's output must be [N, d] too.
/// - SeeAlso: A. Laborieux & F. Zenke, "Improving equilibrium propagation without weight
///   symmetry through Jacobian homeostasis", ICLR 2024.
public func jacobianAsymmetry<Model: Layer>(of model: Model, parameters: ParameterSet<Model.Scalar>, at input: Tensor<Model.Scalar>) -> Double {
  precondition(input.rank == 2, "jacobianAsymmetry: input must be [N, d], got \(input.shape)")
  let (output, pullback) = valueWithPullback(at: input) { x in model(x, parameters: parameters) }
  precondition(output.shape == input.shape, "jacobianAsymmetry: needs a square Jacobian, but input \(input.shape) gives output \(output.shape)")
  let (n, d) = (input.shape[0], input.shape[1])
  // rows[k][i·d + j] = J_i[k, j].
  let rows = (0..<d).map { k in pullback(Tensor.oneHot(Array(repeating: k, count: n), depth: d)).scalars.map(Double.init) }
  var total = 0.0
  for i in 0..<n {
    for k in 0..<d {
      for j in 0..<d {
        let difference = rows[k][i * d + j] - rows[j][i * d + k]
        total += difference * difference
      }
    }
  }
  return total / Double(Swift.max(n, 1))
}

/// A stochastic estimate of ‖J − Jᵀ‖²_F for a square Jacobian, differentiable in the
/// parameters with first-order automatic differentiation only. It uses
///
///     ‖J − Jᵀ‖²_F = 2‖J‖²_F − 2 tr(J²) = E_v[2‖Jv‖² − 2⟨v, J(Jv)⟩],   v ~ N(0, I),
///
/// with both Jacobian–vector products by forward differences, a = (f(x + σv) − f(x))/σ ≈ Jv
/// and b = (f(x + σa) − f(x))/σ ≈ J(Jv):
///
///     R̂ = (1/(N·S)) Σᵢ Σₛ (2‖aᵢₛ‖² − 2⟨vᵢₛ, bᵢₛ⟩)
///
/// averaged over the batch. For an affine f the differences are exact and R̂ is unbiased;
/// otherwise its bias is O(σ). A single sample can be negative.
///
/// - Parameters:
///   - sigma: σ > 0, the step of the differences. Default 0.01.
///   - samples: S ≥ 1. Default 1.
///   - seed: the directions' seed (a run passes its step's seed). Default 0.
/// - SeeAlso: A. Laborieux & F. Zenke, "Improving equilibrium propagation without weight
///   symmetry through Jacobian homeostasis", ICLR 2024; CATALOG §2 (Jacobian penalties).
/// - Note: the catalog's estimator E_v‖Jv − Jᵀv‖² has the same expectation but needs the
///   vector–Jacobian product Jᵀv inside the objective, and differentiating that in the
///   parameters is a second derivative, which Swift's autodiff does not give; this form
///   needs only evaluations of f.
@differentiable(reverse, wrt: parameters)
public func jacobianAsymmetryEstimate<Model: Layer>(
  of model: Model, parameters: ParameterSet<Model.Scalar>, at input: Tensor<Model.Scalar>,
  sigma: Double = 0.01, samples: Int = 1, seed: UInt64 = 0
) -> Tensor<Model.Scalar> {
  precondition(sigma > 0 && samples >= 1, "jacobianAsymmetryEstimate: sigma must be positive and samples ≥ 1, got \(sigma), \(samples)")
  let clean = model(input, parameters: parameters)
  precondition(withoutDerivative(at: clean.shape) == input.shape, "jacobianAsymmetryEstimate: needs a square Jacobian, but input \(input.shape) gives output \(clean.shape)")
  let directions = withoutDerivative(at: gaussianNoise(like: input, count: samples, scale: 1, seed: seed))
  let step = withoutDerivative(at: Model.Scalar(sigma))
  var total = Tensor<Model.Scalar>(0)
  for v in directions {
    let a = (model(input + v * step, parameters: parameters) - clean) / step
    let b = (model(input + a * step, parameters: parameters) - clean) / step
    total = total + square(a).sum() * 2 - (v * b).sum() * 2
  }
  let scale = withoutDerivative(at: Model.Scalar(1 / (Double(samples) * Double(Swift.max(input.shape[0], 1)))))
  return total * scale
}
