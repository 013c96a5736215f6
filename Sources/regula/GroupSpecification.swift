import ArgumentParser
import Foundation

/// The value of `regula fit grouplasso --groups`: a group size, or explicit groups.
///
///     "5"            contiguous groups of 5 features (the last one shorter)
///     "0-2,7;3-6;8"  groups separated by ';', features and inclusive ranges by ','
struct GroupSpecification: Equatable {
  enum Kind: Equatable {
    case size(Int)
    case explicit([[Int]])
  }
  let kind: Kind

  /// - Throws: `ValidationError` naming `--groups` and the part it could not read.
  init(parsing text: String) throws {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    if let size = Int(trimmed) {
      guard size > 0 else { throw ValidationError("--groups: a group size must be positive, got \(size).") }
      kind = .size(size)
      return
    }
    var groups = [[Int]]()
    for (g, part) in trimmed.split(separator: ";", omittingEmptySubsequences: false).enumerated() {
      var group = [Int]()
      for item in part.split(separator: ",", omittingEmptySubsequences: false) {
        let token = item.trimmingCharacters(in: .whitespaces)
        let ends = token.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...2).contains(ends.count), let first = Int(ends[0]), let last = Int(ends[ends.count - 1]), first >= 0, first <= last else {
          throw ValidationError("--groups: cannot read '\(token)' in group \(g) (expected a feature index or a range a-b with a ≤ b).")
        }
        group.append(contentsOf: first...last)
      }
      groups.append(group)
    }
    kind = .explicit(groups)
  }

  /// The groups for a design of `featureCount` features (their validity is the solver's check).
  func groups(featureCount p: Int) -> [[Int]] {
    switch kind {
    case .size(let k): return stride(from: 0, to: p, by: k).map { Array($0..<min($0 + k, p)) }
    case .explicit(let groups): return groups
    }
  }
}
