import RegulaNN
import _Differentiation

/// The diagonal of the empirical Fisher information of a classifier at `parameters`:
///
///     Fᵢ = (1/n) Σₖ (∂ log p(yₖ | xₖ; θ) / ∂θᵢ)²,   p = softmax(model(xₖ))
///
/// one backward pass per example (inference mode: dropout off), the estimate EWC uses.
///
/// - Parameters:
///   - model: a layer whose output is logits [1, classes] for one example.
///   - features: [n, d]; labels: n class indices.
/// - SeeAlso: Kirkpatrick et al. 2017 (see ``ElasticWeightConsolidationRegularizer``).
public func diagonalFisher<Model: Layer>(
  of model: Model, parameters: ParameterSet<Model.Scalar>, features: Tensor<Model.Scalar>, labels: [Int]
) -> ParameterSet<Model.Scalar> {
  typealias S = Model.Scalar
  precondition(features.rank == 2 && features.shape[0] == labels.count,
    "diagonalFisher: features \(features.shape) do not match \(labels.count) labels")
  var total = parameters.mapTensors { _, t in Tensor<S>(zeros: t.shape) }
  for k in 0..<labels.count {
    let x = features.slice(k..<k + 1)
    let label = [labels[k]]
    let g = gradient(at: parameters) { p in logSoftmax(model(x, parameters: p)).picking(indices: label).sum().scalarized() }
    total = total + g.aligned(with: parameters).mapTensors { _, t in square(t) }
  }
  let n = S(Swift.max(labels.count, 1))
  return total.mapTensors { _, t in t / n }
}
