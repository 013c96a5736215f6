import Foundation

/// A line chart rendered as self-contained SVG: axes with ticks, axis labels with units, a
/// legend, and one polyline per series. No scripts, fonts or links: it renders offline.
///
///     var chart = LineChart(title: "Accuracy", xLabel: "epoch", yLabel: "accuracy")
///     chart.add("train", points: history.map { (Double($0.epoch), $0.trainAccuracy) })
///     let svg = chart.svg()
public struct LineChart: Sendable {
  /// One named curve.
  public struct Series: Sendable {
    public var name: String
    public var points: [(x: Double, y: Double)]
  }

  public var title: String
  /// The x-axis label, with its unit: `"step"`, `"time (s)"`.
  public var xLabel: String
  /// The y-axis label, with its unit.
  public var yLabel: String
  /// Plots log₁₀ y (for losses spanning decades); non-positive values are dropped.
  public var logarithmicY: Bool
  /// Draws the legend (turn it off for many series; each curve still carries its name as a
  /// tooltip).
  public var showsLegend: Bool
  public private(set) var series: [Series] = []

  public init(title: String, xLabel: String, yLabel: String, logarithmicY: Bool = false, showsLegend: Bool = true) {
    (self.title, self.xLabel, self.yLabel, self.logarithmicY) = (title, xLabel, yLabel, logarithmicY)
    self.showsLegend = showsLegend
  }

  /// Adds a curve; points that are not finite (or not positive on a log axis) are skipped.
  public mutating func add(_ name: String, points: [(Double, Double)]) {
    let kept = points.filter { $0.0.isFinite && $0.1.isFinite && (!logarithmicY || $0.1 > 0) }
    series.append(Series(name: name, points: kept.map { (x: $0.0, y: $0.1) }))
  }

  /// The chart as an `<svg>` element of the given size in pixels.
  public func svg(width: Double = 640, height: Double = 400) -> String {
    let points = series.flatMap(\.points)
    let frame = ChartFrame(
      width: width, height: height, xRange: ChartFrame.range(points.map(\.x)),
      yRange: ChartFrame.range(points.map { logarithmicY ? Double.log10($0.y) : $0.y }), logarithmicY: logarithmicY,
      legend: showsLegend ? series.map(\.name) : [])
    var out = frame.opening(title: title) + frame.axes(xLabel: xLabel, yLabel: yLabel)
    for (i, s) in series.enumerated() {
      let color = ChartFrame.palette[i % ChartFrame.palette.count]
      out += frame.polyline(s, color: color, strokeWidth: 1.8)
      if showsLegend { out += frame.legendEntry(i, name: s.name, color: color) }
    }
    return out + "</svg>\n"
  }
}
