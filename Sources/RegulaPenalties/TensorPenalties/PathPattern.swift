/// Which parameters a penalty targets, by path glob: `*` matches any run of characters
/// (dots included) and `?` any one character.
///
/// A pattern selects a path when it matches the whole path, or when `pattern + ".weight"`
/// does: a layer's name selects its weight matrix (`dense1` → `dense1.weight`), while
/// `dense1.*` selects its weight and bias and `*` every parameter.
///
///     PathPattern("dense1").matches("dense1.weight")   // true
///     PathPattern("dense1").matches("dense1.bias")     // false
///     PathPattern.weights.matches("encoder.dense2.weight")  // true
public struct PathPattern: Sendable, Equatable, Hashable, CustomStringConvertible {
  /// The glob.
  public var pattern: String

  public init(_ pattern: String) { self.pattern = pattern }

  /// Every tensor named `weight` (the default target of a penalty: biases and
  /// normalization parameters are left alone, as weight decay usually does).
  public static let weights = PathPattern("*weight")

  public var description: String { pattern }

  /// Whether the pattern selects `path`.
  public func matches(_ path: String) -> Bool {
    Self.glob(Array(pattern.unicodeScalars), Array(path.unicodeScalars))
      || Self.glob(Array((pattern + ".weight").unicodeScalars), Array(path.unicodeScalars))
  }

  /// Glob matching with `*` and `?` by dynamic programming over (pattern, text) prefixes.
  static func glob(_ p: [Unicode.Scalar], _ t: [Unicode.Scalar]) -> Bool {
    // reachable[j]: the pattern prefix read so far matches t[..<j].
    var reachable = [Bool](repeating: false, count: t.count + 1)
    reachable[0] = true
    for c in p {
      var next = [Bool](repeating: false, count: t.count + 1)
      if c == "*" {
        var seen = false
        for j in 0...t.count {
          seen = seen || reachable[j]
          next[j] = seen
        }
      } else {
        for j in 0..<t.count where reachable[j] && (c == "?" || c == t[j]) { next[j + 1] = true }
      }
      reachable = next
    }
    return reachable[t.count]
  }
}
