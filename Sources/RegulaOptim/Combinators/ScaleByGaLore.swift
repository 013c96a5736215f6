/// GaLore's gradient low-rank projection: runs `inner` on r-dimensional projections of each
/// matrix's gradient and maps its output back (Optax's `contrib.scale_by_galore`).
///
/// For an m×n gradient G with m ≥ n, P (m×r) holds the leading left singular vectors of G;
/// otherwise P (n×r) holds the leading right singular vectors:
///
///     every T steps (from the first):  P ← leading r singular vectors of G
///     m ≥ n:  u = α · P · inner(Pᵀ G)        m < n:  u = α · inner(G P) · Pᵀ
///
/// with r = min(rank, m, n). Tensors that are not matrices go through `inner` unprojected
/// and unscaled, as Optax. `inner`'s state is shaped after the projections, so it holds
/// r×n (or m×r) moments instead of m×n.
///
/// - Parameter inner: a transformation of gradients alone — it sees zeros in place of the
///   parameters, so weight decay or trust ratios belong outside (see
///   ``galore(learningRate:rank:updateProjectionGap:scale:weightDecay:mask:)``).
/// - Parameter rank: the target rank. Default `128`.
/// - Parameter updateProjectionGap: T, steps between SVDs. Default `200`.
/// - Parameter scale: α, applied to the projected updates. Default `1`.
/// - Note: Optax computes the SVD in float32 even for float64 gradients; Regula computes it
///   in the scalar type. Optax can also flatten higher-rank tensors into matrices
///   (`weight_dimension_numbers`); Regula projects matrices only.
/// - SeeAlso: "GaLore: Memory-Efficient LLM Training by Gradient Low-Rank Projection",
///   Zhao et al., ICML 2024.
public struct ScaleByGaLore<Inner: GradientTransformation>: GradientTransformation {
  public typealias Scalar = Inner.Scalar
  public var inner: Inner
  public var rank: Int
  public var updateProjectionGap: Int
  public var scale: Double

  public struct State: Codable, Sendable, Equatable {
    public var count: Int
    /// P for each matrix (an empty 0×0 tensor for the other parameters).
    public var projectors: ParameterSet<Scalar>
    /// `inner`'s state, shaped after the projected gradients.
    public var inner: Inner.State
  }

  public init(_ inner: Inner, rank: Int = 128, updateProjectionGap: Int = 200, scale: Double = 1) {
    precondition(rank >= 1 && updateProjectionGap >= 1, "rank and updateProjectionGap must be positive, got \(rank), \(updateProjectionGap)")
    (self.inner, self.rank, self.updateProjectionGap, self.scale) = (inner, rank, updateProjectionGap, scale)
  }

  /// (projector shape, projected shape, whether P multiplies on the left) for a matrix.
  func layout(_ shape: [Int]) -> (projector: [Int], projected: [Int], left: Bool)? {
    guard shape.count == 2 else { return nil }
    let (m, n) = (shape[0], shape[1]), r = min(rank, m, n)
    return m >= n ? ([m, r], [r, n], true) : ([n, r], [m, r], false)
  }

  public func initialState(for parameters: ParameterSet<Scalar>) -> State {
    let projectors = parameters.mapTensors { _, p in Tensor<Scalar>(zeros: layout(p.shape)?.projector ?? [0, 0]) }
    let projected = parameters.mapTensors { _, p in Tensor<Scalar>(zeros: layout(p.shape)?.projected ?? p.shape) }
    return State(count: 0, projectors: projectors, inner: inner.initialState(for: projected))
  }

  public func update(_ updates: inout ParameterSet<Scalar>, state: inout State, parameters: ParameterSet<Scalar>) {
    let refresh = state.count % updateProjectionGap == 0
    var low: [(path: String, tensor: Tensor<Scalar>)] = []
    for (i, (path, g)) in updates.entries.enumerated() {
      guard let (_, _, left) = layout(g.shape) else { low.append((path, g)); continue }
      if refresh { state.projectors.replaceTensor(at: i, with: leadingSingularVectors(of: g, left: left)) }
      let p = state.projectors.tensors[i]
      low.append((path, left ? matmul(p, transposed: true, g, transposed: false) : matmul(g, p)))
    }
    var projected = ParameterSet(low)
    inner.update(&projected, state: &state.inner, parameters: projected.zeros())
    for (i, (path, u)) in projected.entries.enumerated() {
      guard let (_, _, left) = layout(updates.tensors[i].shape) else { updates.replaceTensor(at: i, with: u); continue }
      let p = state.projectors[path]
      var full = left ? matmul(p, u) : matmul(u, transposed: false, p, transposed: true)
      full.scaleInPlace(by: Scalar(scale))
      updates.replaceTensor(at: i, with: full)
    }
    state.count += 1
  }

  /// The leading r left (m×r) or right (n×r) singular vectors of the m×n matrix `g`.
  func leadingSingularVectors(of g: Tensor<Scalar>, left: Bool) -> Tensor<Scalar> {
    let (m, n) = (g.shape[0], g.shape[1]), r = min(rank, m, n), k = min(m, n)
    let svd = singularValueDecomposition(g)
    // U is m×k (row-major): keep the first r columns. Vᵀ is k×n: its first r rows, transposed.
    let scalars = left
      ? (0..<m).flatMap { i in svd.u.scalars[(i * k)..<(i * k + r)] }
      : (0..<n).flatMap { j in (0..<r).map { c in svd.vTransposed.scalars[c * n + j] } }
    return Tensor(shape: [left ? m : n, r], scalars: scalars)
  }
}
