// Decimal numbers in text files: parsing straight from bytes, and formatting that reads back
// exactly.

/// What one text field holds, as far as numbers go.
enum ParsedNumber: Equatable {
  /// A finite number, correctly rounded to the requested precision (and then held exactly in
  /// a `Double`).
  case value(Double)
  /// `nan`, `inf` or `infinity` in any case, with an optional sign.
  case nonFinite
  /// Decimal syntax whose value overflows the requested precision, such as `1e400`.
  case outOfRange
  /// Anything else, including the empty field.
  case invalid
}

/// Exact powers of ten, 10⁰ … 10²² (every one is exactly representable as a `Double`).
private let exactPowersOfTen: [Double] = (0...22).map { k in
  var p = 1.0
  for _ in 0..<k { p *= 10 }
  return p
}

@inline(__always) private func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

/// Parses `bytes[start..<end]` as a decimal number, `[+-]? (d+ [.d*] | .d+) ([eE] [+-]? d+)?`.
///
/// The result is correctly rounded to `Float` when `singlePrecision` is true and to `Double`
/// otherwise, so that reading into `Float` never rounds twice. Numbers with at most 19
/// significant digits whose value is an integer below 2⁵³ (2²⁴) times or divided by a power of
/// ten up to 10²² (10¹⁰) take Clinger's exact fast path (one IEEE multiplication or division);
/// the rest go through the standard library's correctly rounded conversion.
///
/// Hexadecimal floats, digit separators and locale-specific decimal commas are rejected.
///
/// - SeeAlso: W. D. Clinger, "How to Read Floating Point Numbers Accurately", PLDI 1990.
func parseNumber(
  _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, singlePrecision: Bool
) -> ParsedNumber {
  var i = start
  guard i < end else { return .invalid }
  var negative = false
  if bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
    negative = bytes[i] == UInt8(ascii: "-")
    i += 1
  }
  var mantissa: UInt64 = 0
  var storedDigits = 0
  var exponent = 0
  var droppedNonzeroDigit = false
  var sawDigit = false
  while i < end, isDigit(bytes[i]) {
    let digit = UInt64(bytes[i] &- 0x30)
    sawDigit = true
    if mantissa == 0 && digit == 0 {
      // A leading zero carries no information.
    } else if storedDigits < 19 {
      mantissa = mantissa &* 10 &+ digit
      storedDigits += 1
    } else {
      exponent += 1
      if digit != 0 { droppedNonzeroDigit = true }
    }
    i += 1
  }
  if i < end, bytes[i] == UInt8(ascii: ".") {
    i += 1
    while i < end, isDigit(bytes[i]) {
      let digit = UInt64(bytes[i] &- 0x30)
      sawDigit = true
      if mantissa == 0 && digit == 0 {
        exponent -= 1
      } else if storedDigits < 19 {
        mantissa = mantissa &* 10 &+ digit
        storedDigits += 1
        exponent -= 1
      } else if digit != 0 {
        droppedNonzeroDigit = true
      }
      i += 1
    }
  }
  guard sawDigit else {
    return isNonFiniteWord(bytes, from: start, to: end) ? .nonFinite : .invalid
  }
  if i < end, bytes[i] | 0x20 == UInt8(ascii: "e") {
    i += 1
    var exponentNegative = false
    if i < end, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
      exponentNegative = bytes[i] == UInt8(ascii: "-")
      i += 1
    }
    guard i < end, isDigit(bytes[i]) else { return .invalid }
    var written = 0
    while i < end, isDigit(bytes[i]) {
      if written < 1_000_000 { written = written * 10 + Int(bytes[i] &- 0x30) }
      i += 1
    }
    exponent += exponentNegative ? -written : written
  }
  guard i == end else { return .invalid }
  if mantissa == 0 { return .value(negative ? -0.0 : 0.0) }

  if !droppedNonzeroDigit {
    if singlePrecision {
      if mantissa <= 1 << 24, exponent >= -10, exponent <= 10 {
        let m = Float(mantissa)
        let p = Float(exactPowersOfTen[abs(exponent)])
        let v = exponent < 0 ? m / p : m * p
        return .value(Double(negative ? -v : v))
      }
    } else if mantissa <= 1 << 53, exponent >= -22, exponent <= 22 {
      let m = Double(mantissa)
      let p = exactPowersOfTen[abs(exponent)]
      let v = exponent < 0 ? m / p : m * p
      return .value(negative ? -v : v)
    }
  }
  let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
  let value: Double?
  if singlePrecision {
    value = Float(text).map(Double.init)
  } else {
    value = Double(text)
  }
  guard let value else { return .invalid }
  return value.isFinite ? .value(value) : .outOfRange
}

/// Whether the bytes spell `nan`, `inf` or `infinity` (any case, optional sign).
private func isNonFiniteWord(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Bool {
  var i = start
  if i < end, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
  let word = String(decoding: UnsafeBufferPointer(rebasing: bytes[i..<end]), as: UTF8.self).lowercased()
  return word == "nan" || word == "inf" || word == "infinity"
}

/// The text of a finite number that parses back to the same value: integers (below 10¹⁵) without
/// a fractional part (`3`, `-0`), everything else in the standard library's shortest
/// round-trip form (`0.1`, `1e-05`).
func formatNumber<Scalar: BinaryFloatingPoint & LosslessStringConvertible>(_ x: Scalar) -> String {
  if x == x.rounded(.towardZero), Swift.abs(x) < 1e15 {
    if x == 0 { return x.sign == .minus ? "-0" : "0" }
    return String(Int64(x))
  }
  return x.description
}

/// A field's text for an error message: quoted, with long fields cut short.
func quotedExcerpt(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> String {
  let limit = 40
  let cut = min(end, start + limit)
  var text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<cut]), as: UTF8.self)
  if cut < end { text += "…" }
  return "\"" + text + "\""
}
