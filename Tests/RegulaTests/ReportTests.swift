import Foundation
@testable import Regula
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// The report writer's SVG and HTML, parsed as XML: every chart has its series, axes,
/// labels and legend, and nothing loads from elsewhere.
struct ReportTests {
  /// Collects elements and their attributes and text.
  final class Collector: NSObject, XMLParserDelegate {
    var elements: [(name: String, attributes: [String: String])] = []
    var texts: [String] = []
    private var current = ""
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
      flush()
      elements.append((name, attributes))
    }
    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) { flush() }
    func parser(_ parser: XMLParser, foundCharacters string: String) { current += string }
    private func flush() {
      let t = current.trimmingCharacters(in: .whitespacesAndNewlines)
      if !t.isEmpty { texts.append(t) }
      current = ""
    }
  }

  static func parse(_ xml: String) throws -> Collector {
    let parser = XMLParser(data: Data(xml.utf8))
    let collector = Collector()
    parser.delegate = collector
    #expect(parser.parse(), "not well-formed XML: \(String(describing: parser.parserError))")
    return collector
  }

  static func chart() -> LineChart {
    var chart = LineChart(title: "Loss <train & test>", xLabel: "step", yLabel: "loss (nats)", logarithmicY: true)
    chart.add("train", points: (1...50).map { (Double($0), 1 / Double($0)) })
    chart.add("test", points: (1...50).map { (Double($0), 2 / Double($0)) } + [(51, .nan), (52, 0)])
    return chart
  }

  @Test func chartHasSeriesAxesLabelsAndLegend() throws {
    let svg = try Self.parse(Self.chart().svg())
    let lines = svg.elements.filter { $0.name == "polyline" }
    #expect(lines.map { $0.attributes["data-name"] } == ["train", "test"])
    // Non-finite and non-positive points are dropped on a log axis: 50 points each.
    for line in lines { #expect(line.attributes["points"]!.split(separator: " ").count == 50) }
    #expect(svg.texts.contains("Loss <train & test>"))
    #expect(svg.texts.contains("step"))
    #expect(svg.texts.contains("loss (nats) (log scale)"))
    // Each name appears twice: in the legend and as the curve's tooltip.
    #expect(svg.texts.filter { $0 == "train" || $0 == "test" }.count == 4)
    #expect(!svg.texts.contains("0.0316228"), "a log axis ticks whole decades")
    let groups = svg.elements.filter { $0.name == "g" }.compactMap { $0.attributes["class"] }
    #expect(groups.contains("x-axis") && groups.contains("y-axis") && groups.filter { $0 == "legend" }.count == 2)
    // Tick labels: log axis from 0.02 to 2 shows decades such as 0.1 and 1.
    #expect(svg.texts.contains("0.1") && svg.texts.contains("1"))
  }

  @Test func ticksAreRoundNumbersInsideTheRange() {
    let unit = ChartFrame.ticks(0...1)
    #expect(unit.count == 6 && unit.first == 0 && abs(unit.last! - 1) < 1e-12)
    #expect(zip(unit, unit.dropFirst()).allSatisfy { abs($1 - $0 - 0.2) < 1e-12 })
    let ticks = ChartFrame.ticks(3...97)
    #expect(ticks.first! >= 3 && ticks.last! <= 97 && ticks.count >= 4)
    #expect(ticks.allSatisfy { $0.truncatingRemainder(dividingBy: 20) == 0 })
  }

  @Test func reportIsSelfContained() throws {
    var report = HTMLReport(title: "Run & result")
    report.add(.paragraph("a < b"))
    report.add(.chart(Self.chart()))
    report.add(.table(header: ["arm", "accuracy"], rows: [["sgd", "0.91"], ["sam", "0.93"]]))
    report.add(.code("regula train --seed 3"))
    let html = report.html()
    for external in ["<script", "src=", "href=", "@import", "url("] { #expect(!html.contains(external), "\(external)") }
    let body = html.replacingOccurrences(of: "<!DOCTYPE html>", with: "").replacingOccurrences(of: "<meta charset=\"utf-8\">", with: "<meta charset=\"utf-8\"/>")
    let parsed = try Self.parse(body)
    #expect(parsed.elements.filter { $0.name == "svg" }.count == 1)
    #expect(parsed.elements.filter { $0.name == "td" }.count == 4)
    #expect(parsed.texts.contains("regula train --seed 3"))
    #expect(parsed.texts.contains("a < b"))
  }
}

extension ReportTests {
  @Test func legendCanBeTurnedOffForManySeries() throws {
    var chart = LineChart(title: "path", xLabel: "x", yLabel: "y", showsLegend: false)
    for k in 0..<30 { chart.add("c\(k)", points: [(0, 0), (1, Double(k))]) }
    let svg = try Self.parse(chart.svg())
    #expect(svg.elements.filter { $0.name == "polyline" }.count == 30)
    #expect(!svg.elements.contains { $0.attributes["class"] == "legend" })
  }
}
