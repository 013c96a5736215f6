/// The result of ``totalVariationDenoised2D(_:rows:columns:lambda:tolerance:maxIterations:)``:
/// the denoised image u, the dual field p that certifies it, and the duality gap.
public struct TotalVariationDenoising2D: Sendable, Equatable {
  /// u = f − λ div p, row-major rows × columns.
  public var image: [Double]
  /// p's component along the rows (paired with the difference u[i+1, j] − u[i, j]); |p| ≤ 1.
  public var dualRows: [Double]
  /// p's component along the columns (paired with u[i, j+1] − u[i, j]).
  public var dualColumns: [Double]
  /// λ·Σᵢⱼ(|∇u|ᵢⱼ + pᵢⱼ·(∇u)ᵢⱼ) ≥ 0: the primal objective at u minus the dual objective at
  /// p, so ½‖u − u*‖² ≤ gap; 0 exactly at the solution.
  public var dualityGap: Double
  /// Dual iterations run.
  public var iterations: Int
}

/// Isotropic 2-D total-variation denoising (the ROF model), the proximal operator of λ·TV:
///
///     u = argmin_u ½‖u − f‖²_F + λ Σᵢⱼ |(∇u)ᵢⱼ|,   (∇u)ᵢⱼ = (u[i+1,j] − u[i,j], u[i,j+1] − u[i,j])
///
/// (forward differences, 0 past the last row or column), by Chambolle's projection
/// algorithm on the dual field p, |pᵢⱼ| ≤ 1, with div = −∇ᵀ:
///
///     p ← (p + τ∇(div p − f/λ)) / (1 + τ|∇(div p − f/λ)|),   u = f − λ div p
///
/// with τ = 1/4. Every iterate is dual-feasible, so λ·Σ(|∇u| + p·∇u) is a duality gap; the
/// iteration stops when it is at most `tolerance`.
///
/// - Parameters:
///   - f: the image, row-major, `rows` × `columns`.
///   - lambda: λ ≥ 0; λ = 0 returns f.
///   - tolerance: the duality gap at which to stop (an absolute bound on the objective's
///     excess). Default 1e-10.
///   - maxIterations: the cap on dual iterations. Default 1000.
/// - Complexity: O(rows·columns) per iteration; the gap falls as O(1/k) in the worst case
///   (slower for large λ), so a tight tolerance may need many iterations.
/// - SeeAlso: A. Chambolle, "An Algorithm for Total Variation Minimization and Applications",
///   J. Math. Imaging and Vision 2004; `skimage.restoration.denoise_tv_chambolle` (weight = λ).
/// - Note: τ = 1/4, as scikit-image, which converges in practice; Chambolle proves
///   convergence for τ ≤ 1/8. scikit-image stops on a relative change of the objective
///   (eps = 2e-4, 200 iterations); Regula stops on the duality gap, which bounds the error.
public func totalVariationDenoised2D(
  _ f: [Double], rows: Int, columns: Int, lambda: Double, tolerance: Double = 1e-10, maxIterations: Int = 1000
) -> TotalVariationDenoising2D {
  precondition(rows >= 1 && columns >= 1 && f.count == rows * columns, "image of \(f.count) values is not \(rows)×\(columns)")
  precondition(lambda >= 0 && lambda.isFinite, "lambda must be non-negative and finite, got \(lambda)")
  precondition(tolerance >= 0 && maxIterations >= 0, "need tolerance ≥ 0 and maxIterations ≥ 0, got \(tolerance), \(maxIterations)")
  var px = [Double](repeating: 0, count: f.count), py = px
  guard lambda > 0 else { return TotalVariationDenoising2D(image: f, dualRows: px, dualColumns: py, dualityGap: 0, iterations: 0) }
  let tau = 0.25
  var iterations = 0
  while true {
    let d = divergence(px, py, rows: rows, columns: columns)
    var u = f
    for i in u.indices { u[i] -= lambda * d[i] }
    let (gx, gy) = forwardDifferences(u, rows: rows, columns: columns)
    var gap = 0.0
    for i in u.indices { gap += (gx[i] * gx[i] + gy[i] * gy[i]).squareRoot() + px[i] * gx[i] + py[i] * gy[i] }
    gap *= lambda
    if gap <= tolerance || iterations >= maxIterations {
      return TotalVariationDenoising2D(image: u, dualRows: px, dualColumns: py, dualityGap: gap, iterations: iterations)
    }
    // ∇(div p − f/λ) = −∇u/λ.
    for i in u.indices {
      let (ax, ay) = (-gx[i] / lambda, -gy[i] / lambda)
      let scale = 1 + tau * (ax * ax + ay * ay).squareRoot()
      px[i] = (px[i] + tau * ax) / scale
      py[i] = (py[i] + tau * ay) / scale
    }
    iterations += 1
  }
}

/// ∇u by forward differences along the rows and the columns, 0 on the last row (column).
func forwardDifferences(_ u: [Double], rows: Int, columns: Int) -> (rows: [Double], columns: [Double]) {
  var gx = [Double](repeating: 0, count: u.count), gy = gx
  for i in 0..<rows {
    for j in 0..<columns {
      let k = i * columns + j
      if i + 1 < rows { gx[k] = u[k + columns] - u[k] }
      if j + 1 < columns { gy[k] = u[k + 1] - u[k] }
    }
  }
  return (gx, gy)
}

/// div p = −∇ᵀp, the negative adjoint of ``forwardDifferences(_:rows:columns:)``:
/// ⟨∇u, p⟩ = −⟨u, div p⟩ for every u and p.
func divergence(_ px: [Double], _ py: [Double], rows: Int, columns: Int) -> [Double] {
  var d = [Double](repeating: 0, count: px.count)
  for i in 0..<rows {
    for j in 0..<columns {
      let k = i * columns + j
      if i + 1 < rows { d[k] += px[k]; d[k + columns] -= px[k] }
      if j + 1 < columns { d[k] += py[k]; d[k + 1] -= py[k] }
    }
  }
  return d
}
