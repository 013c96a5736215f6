import _Differentiation

/// Norm Loss: R(W) = Σᵢ (1 − ‖wᵢ‖₂)² over the units wᵢ of a layer, which pulls every
/// filter or neuron onto the unit sphere (the oblique manifold) without constraining their
/// directions.
///
/// - Parameter units: which slices of a matrix are the units. Default `.columns` (the
///   output neurons of a `Dense` weight `[inputSize, outputSize]`).
/// - SeeAlso: T. Georgiou et al., "Norm Loss: An Efficient yet Effective Regularization
///   Method for Deep Neural Networks", ICPR 2020.
public struct NormLossRegularizer<Scalar: TensorScalar>: TensorPenalty {
  public var units: GroupLassoRegularizer<Scalar>.Groups

  public init(units: GroupLassoRegularizer<Scalar>.Groups = .columns) { self.units = units }

  public func rankError(forShape shape: [Int]) -> String? { requireMatrix(shape) }

  @differentiable(reverse)
  public func callAsFunction(_ w: Tensor<Scalar>) -> Tensor<Scalar> {
    square(1 - w.l2Norm(alongAxes: withoutDerivative(at: [units.reducedAxis]))).sum()
  }
}
