import Foundation

/// The frame every Regula chart draws its data in: the `<svg>` opening with the title, the
/// plot rectangle, and two ticked, labelled axes. It maps data coordinates to pixels.
struct ChartFrame {
  let width: Double, height: Double
  /// The space around the plot; the right margin holds the legend.
  let margin: (left: Double, right: Double, top: Double, bottom: Double)
  /// The data ranges shown; on a logarithmic y axis, `yRange` holds log₁₀ values.
  let xRange: ClosedRange<Double>, yRange: ClosedRange<Double>
  let logarithmicY: Bool

  /// A frame whose right margin fits the longest `legend` name (about 7 px per character,
  /// between 150 and 320 px).
  init(width: Double, height: Double, xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, logarithmicY: Bool, legend: [String]) {
    (self.width, self.height, self.xRange, self.yRange, self.logarithmicY) = (width, height, xRange, yRange, logarithmicY)
    let longest = Double(legend.map(\.count).max() ?? 0)
    margin = (left: 70, right: Swift.min(320, Swift.max(150, 50 + 7 * longest)), top: 36, bottom: 52)
  }

  var plotWidth: Double { width - margin.left - margin.right }
  var plotHeight: Double { height - margin.top - margin.bottom }

  /// The pixel column of x.
  func px(_ x: Double) -> Double { margin.left + (x - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound) * plotWidth }

  /// The pixel row of y (given in data units; its log is taken on a logarithmic axis).
  func py(_ y: Double) -> Double {
    let t = logarithmicY ? Double.log10(y) : y
    return margin.top + plotHeight - (t - yRange.lowerBound) / (yRange.upperBound - yRange.lowerBound) * plotHeight
  }

  /// The `<svg>` opening tag, the title and the plot rectangle.
  func opening(title: String) -> String {
    """
    <svg xmlns="http://www.w3.org/2000/svg" width="\(pixel(width))" height="\(pixel(height))" viewBox="0 0 \(pixel(width)) \(pixel(height))" font-family="sans-serif" font-size="12">
    <title>\(escapeXML(title))</title>
    <text class="title" x="\(pixel(margin.left + plotWidth / 2))" y="20" text-anchor="middle" font-size="14">\(escapeXML(title))</text>
    <rect x="\(pixel(margin.left))" y="\(pixel(margin.top))" width="\(pixel(plotWidth))" height="\(pixel(plotHeight))" fill="none" stroke="#888"/>

    """
  }

  /// Both axes with their ticks, tick labels and axis labels.
  func axes(xLabel: String, yLabel: String) -> String {
    var out = "<g class=\"x-axis\">\n"
    for tick in Self.ticks(xRange) {
      let x = px(tick)
      out += "<line x1=\"\(pixel(x))\" y1=\"\(pixel(margin.top + plotHeight))\" x2=\"\(pixel(x))\" y2=\"\(pixel(margin.top + plotHeight + 5))\" stroke=\"#888\"/>"
      out += "<text x=\"\(pixel(x))\" y=\"\(pixel(margin.top + plotHeight + 18))\" text-anchor=\"middle\">\(Self.label(tick))</text>\n"
    }
    out += "<text class=\"axis-label\" x=\"\(pixel(margin.left + plotWidth / 2))\" y=\"\(pixel(height - 10))\" text-anchor=\"middle\">\(escapeXML(xLabel))</text>\n</g>\n"
    out += "<g class=\"y-axis\">\n"
    for tick in Self.ticks(yRange, wholeSteps: logarithmicY) {
      let y = margin.top + plotHeight - (tick - yRange.lowerBound) / (yRange.upperBound - yRange.lowerBound) * plotHeight
      out += "<line x1=\"\(pixel(margin.left - 5))\" y1=\"\(pixel(y))\" x2=\"\(pixel(margin.left + plotWidth))\" y2=\"\(pixel(y))\" stroke=\"#ddd\"/>"
      out += "<text x=\"\(pixel(margin.left - 8))\" y=\"\(pixel(y + 4))\" text-anchor=\"end\">\(logarithmicY ? Self.label(Double.pow(10, tick)) : Self.label(tick))</text>\n"
    }
    let yTitle = logarithmicY ? yLabel + " (log scale)" : yLabel
    out += "<text class=\"axis-label\" transform=\"translate(16 \(pixel(margin.top + plotHeight / 2))) rotate(-90)\" text-anchor=\"middle\">\(escapeXML(yTitle))</text>\n</g>\n"
    return out
  }

  /// A series as a polyline named by its `data-name` and tooltip.
  func polyline(_ series: LineChart.Series, color: String, strokeWidth: Double) -> String {
    let points = series.points.map { "\(pixel(px($0.x))),\(pixel(py($0.y)))" }.joined(separator: " ")
    return "<polyline class=\"series\" data-name=\"\(escapeXML(series.name))\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"\(strokeWidth)\" "
      + "points=\"\(points)\"><title>\(escapeXML(series.name))</title></polyline>\n"
  }

  /// The legend entry of the i-th series, right of the plot.
  func legendEntry(_ i: Int, name: String, color: String) -> String {
    let ly = margin.top + 10 + Double(i) * 18
    return "<g class=\"legend\"><line x1=\"\(pixel(width - margin.right + 12))\" y1=\"\(pixel(ly))\" x2=\"\(pixel(width - margin.right + 32))\" y2=\"\(pixel(ly))\" stroke=\"\(color)\" stroke-width=\"2\"/>"
      + "<text x=\"\(pixel(width - margin.right + 38))\" y=\"\(pixel(ly + 4))\">\(escapeXML(name))</text></g>\n"
  }

  static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"]

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
}

/// A pixel coordinate with one decimal.
func pixel(_ x: Double) -> String { String(format: "%.1f", x) }

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
