@testable import RegulaSolvers
import Testing

@Test("working-set selection equals a full sort by score (ties to the lower index)")
func workingSetMatchesFullSort() {
  var state: UInt64 = 7
  func next() -> UInt64 {
    state = state &* 6364136223846793005 &+ 1442695040888963407
    return state >> 33
  }
  for trial in 0..<300 {
    let p = 1 + Int(next() % 60)
    // Scores as the solver makes them: 0 (no violation), ties, +∞ (forced), −∞ (screened).
    let scores: [Double] = (0..<p).map { _ in
      switch next() % 6 {
      case 0: 0
      case 1: .infinity
      case 2: -.infinity
      case 3: 0.5
      default: Double(next() % 1000) / 100
      }
    }
    let size = Int(next() % UInt64(p + 2))
    var ws = [Int]()
    selectWorkingSet(scores: scores, size: size, into: &ws)
    let reference = size >= p
      ? Array(0..<p)
      : Array((0..<p).sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }.prefix(size)).sorted()
    #expect(ws == reference, "trial \(trial): p = \(p), size = \(size)")
  }
}
