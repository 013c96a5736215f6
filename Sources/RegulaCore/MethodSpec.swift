/// A method named with its arguments, as written on a command line:
/// `adamw(lr=1e-3, weight_decay=0.1)`, `cosine(init=0.1, decay_steps=1000)`, `sgd`.
///
/// Grammar (whitespace is free between tokens):
///
///     spec     = name [ "(" [ argument { "," argument } [ "," ] ] ")" ]
///     argument = [ name ( "=" | ":" ) ] value
///     value    = number | "true" | "false" | "none" | string | spec | "[" [ value { "," value } ] "]"
///     name     = letter { letter | digit | "_" | "-" | "." }
///     string   = '"' … '"' | "'" … "'"
///
/// A bare name as a value (`grafting=adagrad`) is a spec without arguments; read it with
/// ``Arguments/string(_:aliases:default:choices:)``. An argument without a name is
/// positional (`l1(1e-5, on: dense1)`): positional arguments come before named ones, and
/// a family gives each position a name when it reads it (``Arguments/value(_:aliases:position:)``). Optimizers, schedules,
/// penalties and losses share this parser; each family names its own methods and arguments,
/// and reports unknown ones through ``Arguments``, which lists the valid ones.
public struct MethodSpec: Sendable, Equatable, CustomStringConvertible {
  /// A value of an argument.
  public indirect enum Value: Sendable, Equatable, CustomStringConvertible {
    case number(Double)
    case bool(Bool)
    case none
    case string(String)
    case spec(MethodSpec)
    case list([Value])

    public var description: String {
      switch self {
      case .number(let x): return x == x.rounded() && Swift.abs(x) < 1e15 ? String(Int(x)) : "\(x)"
      case .bool(let b): return b ? "true" : "false"
      case .none: return "none"
      case .string(let s): return "\"\(s)\""
      case .spec(let s): return s.description
      case .list(let l): return "[" + l.map(\.description).joined(separator: ", ") + "]"
      }
    }
  }

  /// One `name=value` argument, or a positional one (an empty name).
  public struct Argument: Sendable, Equatable {
    /// The argument's name; empty for a positional argument.
    public var name: String
    public var value: Value
    public init(_ name: String, _ value: Value) { (self.name, self.value) = (name, value) }
  }

  public var name: String
  public var arguments: [Argument]

  public init(name: String, arguments: [Argument] = []) { (self.name, self.arguments) = (name, arguments) }

  /// Parses `text`; a syntax error names the column and what was expected.
  public init(parsing text: String) throws(MethodSpecError) {
    var parser = Parser(text: Array(text.unicodeScalars), source: text)
    self = try parser.parseSpec()
    parser.skipSpaces()
    if parser.position < parser.text.count { throw parser.error("unexpected \"\(parser.rest)\" after the method") }
  }

  public var description: String {
    arguments.isEmpty ? name : "\(name)(" + arguments.map { $0.name.isEmpty ? "\($0.value)" : "\($0.name)=\($0.value)" }.joined(separator: ", ") + ")"
  }

  /// A reader of this spec's arguments that records which names were asked for.
  public func reader(for family: String = "method") -> Arguments { Arguments(spec: self, family: family) }
}

/// A malformed spec, an unknown method or argument, or a value of the wrong kind.
public struct MethodSpecError: Error, Sendable, Equatable, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}

extension MethodSpec {
  struct Parser {
    let text: [Unicode.Scalar]
    let source: String
    var position = 0

    var rest: String { String(String.UnicodeScalarView(text[position...])) }

    func error(_ message: String) -> MethodSpecError {
      MethodSpecError("invalid method spec \"\(source)\" at column \(position + 1): \(message)")
    }

    mutating func skipSpaces() {
      while position < text.count, text[position].properties.isWhitespace { position += 1 }
    }

    func peek() -> Unicode.Scalar? { position < text.count ? text[position] : nil }

    mutating func consume(_ c: Unicode.Scalar) -> Bool {
      skipSpaces()
      if peek() == c { position += 1; return true }
      return false
    }

    static func isNameStart(_ c: Unicode.Scalar) -> Bool { c.properties.isAlphabetic || c == "_" }
    static func isNameContinue(_ c: Unicode.Scalar) -> Bool {
      c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "_" || c == "-" || c == "."
    }

    mutating func parseName(_ what: String) throws(MethodSpecError) -> String {
      skipSpaces()
      guard let c = peek(), Self.isNameStart(c) else {
        throw error(peek() == nil ? "expected \(what), found the end" : "expected \(what), found \"\(rest)\"")
      }
      let start = position
      while let c = peek(), Self.isNameContinue(c) { position += 1 }
      return String(String.UnicodeScalarView(text[start..<position]))
    }

    mutating func parseSpec() throws(MethodSpecError) -> MethodSpec {
      let name = try parseName("a method name")
      var arguments: [Argument] = []
      guard consume("(") else { return MethodSpec(name: name) }
      if consume(")") { return MethodSpec(name: name) }
      while true {
        skipSpaces()
        let start = position
        if let positional = try parsePositionalValue() {
          if arguments.contains(where: { !$0.name.isEmpty }) {
            position = start
            throw error("a positional argument follows a named one")
          }
          arguments.append(Argument("", positional))
        } else {
          let argument = try parseName("an argument name")
          if arguments.contains(where: { $0.name == argument }) { throw error("argument \"\(argument)\" given twice") }
          guard consume("=") || consume(":") else { throw error("expected \"=\" after argument \"\(argument)\"") }
          arguments.append(Argument(argument, try parseValue()))
        }
        if consume(",") {
          if consume(")") { break }
          continue
        }
        guard consume(")") else { throw error(peek() == nil ? "expected \")\", found the end" : "expected \",\" or \")\"") }
        break
      }
      return MethodSpec(name: name, arguments: arguments)
    }

    /// The value of a positional argument, or nil (and nothing consumed) when the next
    /// argument starts with `name =` or `name :` — or with a name followed by anything but
    /// `,`, `)` or `(`, which is reported as a named argument missing its `=`.
    mutating func parsePositionalValue() throws(MethodSpecError) -> Value? {
      skipSpaces()
      guard let c = peek(), Self.isNameStart(c) else { return try parseValue() }
      let save = position
      _ = try parseName("an argument name")
      skipSpaces()
      let next = peek()
      position = save
      if next == "," || next == ")" || next == "(" { return try parseValue() }
      return nil
    }

    mutating func parseValue() throws(MethodSpecError) -> Value {
      skipSpaces()
      guard let c = peek() else { throw error("expected a value, found the end") }
      if c == "[" {
        position += 1
        var items: [Value] = []
        if consume("]") { return .list(items) }
        while true {
          items.append(try parseValue())
          if consume(",") { if consume("]") { break }; continue }
          guard consume("]") else { throw error("expected \",\" or \"]\" in a list") }
          break
        }
        return .list(items)
      }
      if c == "\"" || c == "'" {
        position += 1
        let start = position
        while let d = peek(), d != c { position += 1 }
        guard peek() == c else { throw error("unterminated string") }
        let s = String(String.UnicodeScalarView(text[start..<position]))
        position += 1
        return .string(s)
      }
      if ("0"..."9").contains(c) || c == "-" || c == "+" || c == "." {
        let start = position
        position += 1
        while let d = peek(), ("0"..."9").contains(d) || d == "." || d == "e" || d == "E"
          || ((d == "-" || d == "+") && (text[position - 1] == "e" || text[position - 1] == "E"))
        {
          position += 1
        }
        let token = String(String.UnicodeScalarView(text[start..<position]))
        if let d = peek(), Self.isNameStart(d) {
          // "-inf", "+inf"
          let word = try parseName("a number")
          if (token == "-" || token == "+") && (word == "inf" || word == "infinity") {
            return .number(token == "-" ? -.infinity : .infinity)
          }
          throw error("\"\(token)\(word)\" is not a number")
        }
        guard let x = Double(token) else { position = start; throw error("\"\(token)\" is not a number") }
        return .number(x)
      }
      let save = position
      let name = try parseName("a value")
      switch name {
      case "true", "True": return .bool(true)
      case "false", "False": return .bool(false)
      case "none", "None", "null": return .none
      case "inf", "infinity": return .number(.infinity)
      case "nan": return .number(.nan)
      default:
        position = save
        return .spec(try parseSpec())
      }
    }
  }
}

extension MethodSpec {
  /// Reads a spec's arguments by name and kind, remembering the names asked for, so that
  /// ``finish()`` can reject the rest with a message that lists the valid ones.
  ///
  ///     var a = spec.reader(for: "optimizer")
  ///     let lr = try a.double("lr")
  ///     let wd = try a.double("weight_decay", default: 1e-4)
  ///     try a.finish()      // "unknown argument "wd" for adamw; valid arguments: lr, weight_decay"
  public struct Arguments: Sendable {
    public let spec: MethodSpec
    public let family: String
    /// The names read so far, in order (the valid arguments).
    public private(set) var known: [String] = []

    init(spec: MethodSpec, family: String) { (self.spec, self.family) = (spec, family) }

    /// The names given to the positional arguments read so far, by position.
    private var positionNames: [Int: String] = [:]

    /// The raw value of `name`, or nil when absent; records `name` as valid. With
    /// `position`, the positional argument at that index (0-based), when present, is read
    /// as `name` (``finish()`` rejects a spec that also names it).
    public mutating func value(_ name: String, aliases: [String] = [], position: Int? = nil) -> Value? {
      known.append(name)
      known.append(contentsOf: aliases)
      if let position {
        positionNames[position] = name
        let positional = spec.arguments.filter { $0.name.isEmpty }
        if position < positional.count { return positional[position].value }
      }
      return spec.arguments.first { !$0.name.isEmpty && ($0.name == name || aliases.contains($0.name)) }?.value
    }

    public func wrongKind(_ name: String, _ expected: String, _ value: Value) -> MethodSpecError {
      MethodSpecError("\(family) \(spec.name): argument \(name) must be \(expected), got \(value)")
    }

    /// A required number.
    public mutating func double(_ name: String, aliases: [String] = [], position: Int? = nil) throws(MethodSpecError) -> Double {
      guard let v = value(name, aliases: aliases, position: position) else {
        throw MethodSpecError("\(family) \(spec.name): missing required argument \(name)")
      }
      guard case .number(let x) = v else { throw wrongKind(name, "a number", v) }
      return x
    }

    /// A number with a default.
    public mutating func double(_ name: String, aliases: [String] = [], position: Int? = nil, default d: Double) throws(MethodSpecError) -> Double {
      try optionalDouble(name, aliases: aliases, position: position) ?? d
    }

    /// A number, or nil when absent or `none`.
    public mutating func optionalDouble(_ name: String, aliases: [String] = [], position: Int? = nil) throws(MethodSpecError) -> Double? {
      guard let v = value(name, aliases: aliases, position: position) else { return nil }
      switch v {
      case .none: return nil
      case .number(let x): return x
      default: throw wrongKind(name, "a number", v)
      }
    }

    /// An integer with a default (a number without a fractional part).
    public mutating func int(_ name: String, aliases: [String] = [], default d: Int) throws(MethodSpecError) -> Int {
      guard let v = value(name, aliases: aliases) else { return d }
      guard case .number(let x) = v, x == x.rounded(), Swift.abs(x) < 9e15 else { throw wrongKind(name, "an integer", v) }
      return Int(x)
    }

    /// A Boolean with a default.
    public mutating func bool(_ name: String, aliases: [String] = [], default d: Bool) throws(MethodSpecError) -> Bool {
      guard let v = value(name, aliases: aliases) else { return d }
      guard case .bool(let b) = v else { throw wrongKind(name, "true or false", v) }
      return b
    }

    /// A word (a quoted string or a bare name) with a default, checked against `choices`
    /// when given.
    public mutating func string(
      _ name: String, aliases: [String] = [], position: Int? = nil, default d: String, choices: [String] = []
    ) throws(MethodSpecError) -> String {
      guard let v = value(name, aliases: aliases, position: position) else { return d }
      let s: String
      switch v {
      case .string(let x): s = x
      case .spec(let x) where x.arguments.isEmpty: s = x.name
      default: throw wrongKind(name, "a word", v)
      }
      if !choices.isEmpty && !choices.contains(s) {
        throw MethodSpecError("\(family) \(spec.name): argument \(name) must be one of \(choices.joined(separator: ", ")), got \(s)")
      }
      return s
    }

    /// Stops with an error naming the first argument that was never read, and listing the
    /// valid ones.
    public func finish() throws(MethodSpecError) {
      for (i, argument) in spec.arguments.filter({ $0.name.isEmpty }).enumerated() {
        guard let name = positionNames[i] else {
          throw MethodSpecError(
            "unexpected positional argument \(argument.value) for \(family) \(spec.name); name it (valid arguments: "
              + (known.isEmpty ? "none" : known.joined(separator: ", ")) + ")")
        }
        if spec.arguments.contains(where: { $0.name == name }) {
          throw MethodSpecError("\(family) \(spec.name): argument \(name) given both by position and by name")
        }
      }
      for argument in spec.arguments where !argument.name.isEmpty && !known.contains(argument.name) {
        throw MethodSpecError(
          "unknown argument \"\(argument.name)\" for \(family) \(spec.name); valid arguments: "
            + (known.isEmpty ? "none" : known.joined(separator: ", ")))
      }
    }
  }
}
