import Foundation

/// A self-contained HTML report: headings, text, tables and inline SVG charts, with the
/// exact command and seed that produced it. It has no scripts, stylesheets, fonts or
/// images from elsewhere, so it opens in a browser with no network access.
public struct HTMLReport: Sendable {
  /// One block of the report, in order.
  public enum Block: Sendable {
    case heading(String)
    case paragraph(String)
    /// A table: the header row, then rows of cells.
    case table(header: [String], rows: [[String]])
    case chart(LineChart)
    /// Preformatted text (a command line).
    case code(String)
  }

  public var title: String
  public private(set) var blocks: [Block] = []

  public init(title: String) { self.title = title }

  public mutating func add(_ block: Block) { blocks.append(block) }

  /// The document.
  public func html() -> String {
    var out = """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <title>\(escapeXML(title))</title>
      <style>
      body { font-family: sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
      table { border-collapse: collapse; margin: 1rem 0; }
      th, td { border: 1px solid #ccc; padding: 0.3rem 0.7rem; text-align: right; }
      th:first-child, td:first-child { text-align: left; }
      pre { background: #f4f4f4; padding: 0.7rem; overflow-x: auto; }
      figure { margin: 1rem 0; }
      </style>
      </head>
      <body>
      <h1>\(escapeXML(title))</h1>

      """
    for block in blocks {
      switch block {
      case .heading(let text): out += "<h2>\(escapeXML(text))</h2>\n"
      case .paragraph(let text): out += "<p>\(escapeXML(text))</p>\n"
      case .code(let text): out += "<pre><code>\(escapeXML(text))</code></pre>\n"
      case .chart(let chart): out += "<figure>\n\(chart.svg())</figure>\n"
      case .table(let header, let rows):
        out += "<table>\n<tr>" + header.map { "<th>\(escapeXML($0))</th>" }.joined() + "</tr>\n"
        for row in rows { out += "<tr>" + row.map { "<td>\(escapeXML($0))</td>" }.joined() + "</tr>\n" }
        out += "</table>\n"
      }
    }
    return out + "</body>\n</html>\n"
  }
}
