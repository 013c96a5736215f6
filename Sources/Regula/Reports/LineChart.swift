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

  static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"]

  /// The chart as an `<svg>` element of the given size in pixels.
  public func svg(width: Double = 640, height: Double = 400) -> String {
    let margin = (left: 70.0, right: 150.0, top: 36.0, bottom: 52.0)
    let plot = (width: width - margin.left - margin.right, height: height - margin.top - margin.bottom)
    let points = series.flatMap(\.points)
    let transform: (Double) -> Double = logarithmicY ? { Double.log10($0) } : { $0 }
    let xRange = Self.range(points.map(\.x))
    let yRange = Self.range(points.map { transform($0.y) })
    func px(_ x: Double) -> Double { margin.left + (x - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound) * plot.width }
    func py(_ y: Double) -> Double {
      margin.top + plot.height - (transform(y) - yRange.lowerBound) / (yRange.upperBound - yRange.lowerBound) * plot.height
    }

    var out = """
      <svg xmlns="http://www.w3.org/2000/svg" width="\(f(width))" height="\(f(height))" viewBox="0 0 \(f(width)) \(f(height))" font-family="sans-serif" font-size="12">
      <title>\(escapeXML(title))</title>
      <text class="title" x="\(f(margin.left + plot.width / 2))" y="20" text-anchor="middle" font-size="14">\(escapeXML(title))</text>
      <rect x="\(f(margin.left))" y="\(f(margin.top))" width="\(f(plot.width))" height="\(f(plot.height))" fill="none" stroke="#888"/>

      """
    out += "<g class=\"x-axis\">\n"
    for tick in Self.ticks(xRange) {
      let x = margin.left + (tick - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound) * plot.width
      out += "<line x1=\"\(f(x))\" y1=\"\(f(margin.top + plot.height))\" x2=\"\(f(x))\" y2=\"\(f(margin.top + plot.height + 5))\" stroke=\"#888\"/>"
      out += "<text x=\"\(f(x))\" y=\"\(f(margin.top + plot.height + 18))\" text-anchor=\"middle\">\(Self.label(tick))</text>\n"
    }
    out += "<text class=\"axis-label\" x=\"\(f(margin.left + plot.width / 2))\" y=\"\(f(height - 10))\" text-anchor=\"middle\">\(escapeXML(xLabel))</text>\n</g>\n"
    out += "<g class=\"y-axis\">\n"
    for tick in Self.ticks(yRange, wholeSteps: logarithmicY) {
      let y = margin.top + plot.height - (tick - yRange.lowerBound) / (yRange.upperBound - yRange.lowerBound) * plot.height
      out += "<line x1=\"\(f(margin.left - 5))\" y1=\"\(f(y))\" x2=\"\(f(margin.left + plot.width))\" y2=\"\(f(y))\" stroke=\"#ddd\"/>"
      out += "<text x=\"\(f(margin.left - 8))\" y=\"\(f(y + 4))\" text-anchor=\"end\">\(logarithmicY ? Self.label(Double.pow(10, tick)) : Self.label(tick))</text>\n"
    }
    let yTitle = logarithmicY ? yLabel + " (log scale)" : yLabel
    out += "<text class=\"axis-label\" transform=\"translate(16 \(f(margin.top + plot.height / 2))) rotate(-90)\" text-anchor=\"middle\">\(escapeXML(yTitle))</text>\n</g>\n"
    for (i, s) in series.enumerated() {
      let color = Self.palette[i % Self.palette.count]
      let path = s.points.map { "\(f(px($0.x))),\(f(py($0.y)))" }.joined(separator: " ")
      out += "<polyline class=\"series\" data-name=\"\(escapeXML(s.name))\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.8\" points=\"\(path)\"><title>\(escapeXML(s.name))</title></polyline>\n"
      guard showsLegend else { continue }
      let ly = margin.top + 10 + Double(i) * 18
      out += "<g class=\"legend\"><line x1=\"\(f(width - margin.right + 12))\" y1=\"\(f(ly))\" x2=\"\(f(width - margin.right + 32))\" y2=\"\(f(ly))\" stroke=\"\(color)\" stroke-width=\"2\"/>"
      out += "<text x=\"\(f(width - margin.right + 38))\" y=\"\(f(ly + 4))\">\(escapeXML(s.name))</text></g>\n"
    }
    return out + "</svg>\n"
  }

  /// The data range, widened when degenerate so that the scale is defined.
  static func range(_ values: [Double]) -> ClosedRange<Double> {
    guard let low = values.min(), let high = values.max() else { return 0...1 }
    if high > low { return low...high }
    let pad = Swift.max(Swift.abs(low) * 0.05, 0.5)
    return (low - pad)...(high + pad)
  }

  /// About five ticks at 1, 2 or 5 × 10ᵏ inside `range`; with `wholeSteps` (a log axis,
  /// whose ticks are exponents) the step is at least 1.
  static func ticks(_ range: ClosedRange<Double>, wholeSteps: Bool = false) -> [Double] {
    let span = range.upperBound - range.lowerBound
    let raw = span / 5
    let magnitude = Double.pow(10, (Double.log10(raw)).rounded(.down))
    var step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
    if wholeSteps { step = Swift.max(1, step.rounded(.up)) }
    var tick = (range.lowerBound / step).rounded(.up) * step
    var result: [Double] = []
    while tick <= range.upperBound + step * 1e-9 {
      result.append(Swift.abs(tick) < step * 1e-9 ? 0 : tick)
      tick += step
    }
    return result
  }

  /// A compact tick label: `0.25`, `1200`, `1e-05`.
  static func label(_ x: Double) -> String {
    if x == 0 { return "0" }
    if Swift.abs(x) >= 1e5 || Swift.abs(x) < 1e-3 { return String(format: "%.0e", x) }
    return String(format: "%g", x)
  }

  private func f(_ x: Double) -> String { String(format: "%.1f", x) }
}

/// `text` with the five XML special characters escaped.
func escapeXML(_ text: String) -> String {
  var out = ""
  for c in text {
    switch c {
    case "&": out += "&amp;"
    case "<": out += "&lt;"
    case ">": out += "&gt;"
    case "\"": out += "&quot;"
    case "'": out += "&#39;"
    default: out.append(c)
    }
  }
  return out
}
