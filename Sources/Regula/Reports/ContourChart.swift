import Foundation

/// A contour plot of a function of two variables with paths drawn over it, rendered as
/// self-contained SVG (no scripts, fonts or links): where each optimizer went.
///
///     var chart = ContourChart(title: "Rosenbrock", region: (-2...2, -1...3)) { x, y in … }
///     chart.addPath("adam", points: trajectory.points.map { ($0[0], $0[1]) })
///     let svg = chart.svg()
///
/// Levels are spaced logarithmically above the smallest sampled value, so valleys whose
/// walls span decades (Rosenbrock) still show their floor. Paths start at a hollow circle
/// and end at a filled one; a known minimizer is marked with a cross.
public struct ContourChart: Sendable {
  public var title: String
  /// The x-axis label, with its unit.
  public var xLabel: String
  /// The y-axis label, with its unit.
  public var yLabel: String
  /// The region shown.
  public let region: (x: ClosedRange<Double>, y: ClosedRange<Double>)
  /// The contour levels, increasing.
  public let levels: [Double]
  /// The point marked as the minimizer, if any.
  public var minimizer: (x: Double, y: Double)?
  public private(set) var paths: [LineChart.Series] = []
  private let segments: [[((x: Double, y: Double), (x: Double, y: Double))]]

  /// Samples `function` on a `resolution` × `resolution` grid over `region` and traces
  /// `levelCount` contour levels.
  public init(
    title: String, xLabel: String = "x", yLabel: String = "y", region: (x: ClosedRange<Double>, y: ClosedRange<Double>),
    resolution: Int = 121, levelCount: Int = 14, function: (Double, Double) -> Double
  ) {
    precondition(resolution >= 2 && levelCount >= 1, "resolution must be at least 2 and levelCount at least 1")
    (self.title, self.xLabel, self.yLabel, self.region) = (title, xLabel, yLabel, region)
    func grid(_ r: ClosedRange<Double>) -> [Double] {
      (0..<resolution).map { r.lowerBound + (r.upperBound - r.lowerBound) * Double($0) / Double(resolution - 1) }
    }
    let (xs, ys) = (grid(region.x), grid(region.y))
    let values = xs.map { x in ys.map { y in function(x, y) } }
    let finite = values.joined().filter(\.isFinite)
    let (low, high) = (finite.min() ?? 0, finite.max() ?? 1)
    // Heights above the floor from 10⁻⁴ of the range to the whole range, log-spaced.
    let span = Swift.max(high - low, .leastNormalMagnitude)
    levels = (0..<levelCount).map { k in
      low + span * Double.pow(10, -4 + 4 * (Double(k) + 0.5) / Double(levelCount))
    }
    segments = levels.map { contourSegments(values, xs: xs, ys: ys, level: $0) }
  }

  /// Adds a path; points that are not finite are skipped.
  public mutating func addPath(_ name: String, points: [(Double, Double)]) {
    let kept = points.filter { $0.0.isFinite && $0.1.isFinite }
    paths.append(LineChart.Series(name: name, points: kept.map { (x: $0.0, y: $0.1) }))
  }

  /// The chart as an `<svg>` element of the given size in pixels.
  public func svg(width: Double = 640, height: Double = 520) -> String {
    let frame = ChartFrame(
      width: width, height: height, xRange: region.x, yRange: region.y, logarithmicY: false, legend: paths.map(\.name))
    var out = frame.opening(title: title)
    out += "<g class=\"contours\" fill=\"none\" stroke=\"#bbb\" stroke-width=\"0.8\">\n"
    for (level, lines) in zip(levels, segments) where !lines.isEmpty {
      let d = lines.map { "M\(pixel(frame.px($0.0.x))) \(pixel(frame.py($0.0.y)))L\(pixel(frame.px($0.1.x))) \(pixel(frame.py($0.1.y)))" }.joined()
      out += "<path class=\"contour\" data-level=\"\(level)\" d=\"\(d)\"/>\n"
    }
    out += "</g>\n" + frame.axes(xLabel: xLabel, yLabel: yLabel)
    // A nested viewport with the plot's own coordinates clips paths that leave the region.
    let (x0, y0, w, h) = (pixel(frame.margin.left), pixel(frame.margin.top), pixel(frame.plotWidth), pixel(frame.plotHeight))
    out += "<svg class=\"plot-area\" x=\"\(x0)\" y=\"\(y0)\" width=\"\(w)\" height=\"\(h)\" viewBox=\"\(x0) \(y0) \(w) \(h)\" overflow=\"hidden\">\n"
    if let m = minimizer {
      let (x, y) = (frame.px(m.x), frame.py(m.y))
      out += "<path class=\"minimizer\" d=\"M\(pixel(x - 5)) \(pixel(y - 5))L\(pixel(x + 5)) \(pixel(y + 5))M\(pixel(x - 5)) \(pixel(y + 5))L\(pixel(x + 5)) \(pixel(y - 5))\" stroke=\"#000\" stroke-width=\"1.5\"><title>minimizer</title></path>\n"
    }
    for (i, s) in paths.enumerated() {
      let color = ChartFrame.palette[i % ChartFrame.palette.count]
      out += frame.polyline(s, color: color, strokeWidth: 1.6)
      if let first = s.points.first, let last = s.points.last {
        out += "<circle cx=\"\(pixel(frame.px(first.x)))\" cy=\"\(pixel(frame.py(first.y)))\" r=\"4\" fill=\"none\" stroke=\"\(color)\"/>"
        out += "<circle cx=\"\(pixel(frame.px(last.x)))\" cy=\"\(pixel(frame.py(last.y)))\" r=\"4\" fill=\"\(color)\"/>\n"
      }
    }
    out += "</svg>\n"
    for (i, s) in paths.enumerated() { out += frame.legendEntry(i, name: s.name, color: ChartFrame.palette[i % ChartFrame.palette.count]) }
    return out + "</svg>\n"
  }
}
