import Foundation

/// A command's result: `key: value` lines on stdout, or one JSON object with `--json`.
struct Summary {
  enum Value {
    case text(String)
    case number(Double, digits: Int)
    case integer(Int)
    case seconds(Double)
  }

  private(set) var entries: [(key: String, value: Value)] = []

  mutating func add(_ key: String, _ value: String) { entries.append((key, .text(value))) }
  mutating func add(_ key: String, _ value: Double, digits: Int = 6) { entries.append((key, .number(value, digits: digits))) }
  mutating func add(_ key: String, _ value: Int) { entries.append((key, .integer(value))) }
  /// A duration: `time: 0.42 s` as text, a plain number of seconds in JSON.
  mutating func add(_ key: String, seconds: Double) { entries.append((key, .seconds(seconds))) }

  func render(json: Bool) -> String {
    if json {
      let body = entries.map { key, value -> String in
        let rendered: String
        switch value {
        case .text(let s): rendered = jsonString(s)
        case .number(let x, _), .seconds(let x): rendered = x.isFinite ? String(x) : "null"
        case .integer(let i): rendered = String(i)
        }
        return "\(jsonString(key)): \(rendered)"
      }
      return "{" + body.joined(separator: ", ") + "}"
    }
    return entries.map { key, value in
      switch value {
      case .text(let s): return "\(key): \(s)"
      case .number(let x, let digits): return "\(key): \(String(format: "%.\(digits)f", x))"
      case .integer(let i): return "\(key): \(i)"
      case .seconds(let t): return "\(key): \(String(format: "%.2f", t)) s"
      }
    }.joined(separator: "\n")
  }

  private func jsonString(_ s: String) -> String {
    var out = "\""
    for c in s.unicodeScalars {
      switch c {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case _ where c.value < 0x20: out += String(format: "\\u%04x", c.value)
      default: out.unicodeScalars.append(c)
      }
    }
    return out + "\""
  }
}
