/// Contour lines of a function sampled on a rectangular grid, by marching squares.
///
/// Each grid cell whose corners straddle the level contributes one segment (two at a saddle,
/// paired by the value at the cell's centre), with end points placed on the cell's edges by
/// linear interpolation.
///
/// - Parameters:
///   - values: `values[i][j]` = f(xs[i], ys[j]).
///   - level: the contour's value.
/// - Returns: segments in data coordinates.
func contourSegments(
  _ values: [[Double]], xs: [Double], ys: [Double], level: Double
) -> [((x: Double, y: Double), (x: Double, y: Double))] {
  precondition(values.count == xs.count && values.allSatisfy { $0.count == ys.count }, "grid of \(values.count) columns for \(xs.count) x values")
  var segments: [((x: Double, y: Double), (x: Double, y: Double))] = []
  guard xs.count > 1, ys.count > 1 else { return segments }
  for i in 0..<(xs.count - 1) {
    for j in 0..<(ys.count - 1) {
      // Corners counter-clockwise from the lower left; edge k joins corner k and k + 1.
      let corners = [(xs[i], ys[j], values[i][j]), (xs[i + 1], ys[j], values[i + 1][j]),
                     (xs[i + 1], ys[j + 1], values[i + 1][j + 1]), (xs[i], ys[j + 1], values[i][j + 1])]
      guard corners.allSatisfy({ $0.2.isFinite }) else { continue }
      var crossings: [Int: (x: Double, y: Double)] = [:]
      for k in 0..<4 {
        let (a, b) = (corners[k], corners[(k + 1) % 4])
        guard (a.2 > level) != (b.2 > level) else { continue }
        let t = (level - a.2) / (b.2 - a.2)
        crossings[k] = (a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1))
      }
      switch crossings.count {
      case 2:
        let edges = crossings.keys.sorted()
        segments.append((crossings[edges[0]]!, crossings[edges[1]]!))
      case 4:
        // A saddle: corners 0 and 2 lie on one side, 1 and 3 on the other. If the centre is
        // on corner 0's side, 0 and 2 connect through it and the lines cut off 1 and 3.
        let centre = corners.map(\.2).reduce(0, +) / 4
        if (centre > level) == (corners[0].2 > level) {
          segments.append((crossings[0]!, crossings[1]!))
          segments.append((crossings[2]!, crossings[3]!))
        } else {
          segments.append((crossings[3]!, crossings[0]!))
          segments.append((crossings[1]!, crossings[2]!))
        }
      default:
        continue
      }
    }
  }
  return segments
}
