import RegulaNN
import _Differentiation

/// The ℓ1 or ℓ2 path-norm of a ReLU network: the sum over all input→output paths of the
/// product of the weights along the path (biases count as paths that start at them),
/// computed in one forward pass:
///
///     ℓ1:  Φ₁(θ) = Σ model(𝟙; |θ|)           ℓ2:  Φ₂(θ) = √(Σ model(𝟙; θ²))
///
/// with every parameter replaced by |θ| (or θ²) and an all-ones input of one example.
/// Differentiable in `parameters`, so it serves as a penalty on the whole model.
///
/// - Parameters:
///   - model: a network of `Dense` layers and ReLU-like activations (positively
///     homogeneous, zero at 0, identity on positives); other layers (normalization,
///     dropout in training mode, tanh) do not give a path-norm.
///   - inputSize: the width of the input.
///   - exponent: 1 or 2. Default 1.
/// - SeeAlso: A. Gonon, N. Brisebarre, E. Riccietti & R. Gribonval, "A path-norm toolkit for
///   modern networks: consequences, promises and challenges", ICLR 2024.
@differentiable(reverse, wrt: parameters)
public func pathNorm<Model: Layer>(of model: Model, parameters: ParameterSet<Model.Scalar>, inputSize: Int, exponent: Int = 1)
  -> Tensor<Model.Scalar>
{
  precondition(exponent == 1 || exponent == 2, "path-norm exponent must be 1 or 2, got \(exponent)")
  let paths = withoutDerivative(at: parameters.paths)
  var positive = parameters
  for path in paths {
    let t = positive[path]
    positive = positive.replacing(path, with: exponent == 1 ? abs(t) : square(t))
  }
  let ones = withoutDerivative(at: Tensor<Model.Scalar>(ones: [1, inputSize]))
  let total = model(ones, parameters: positive).sum()
  return exponent == 1 ? total : sqrt(total)
}
