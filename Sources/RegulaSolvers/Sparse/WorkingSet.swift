/// Chooses the working set of an outer iteration: the `size` features with the largest
/// scores (KKT violations, with +∞ for features that must be in it and −∞ for screened
/// ones; ties go to the lower index), returned in increasing index order so that the inner
/// loop walks the design's memory forwards.
///
/// Only the positive scores are sorted: the zeros and −∞ that fill a working set larger than
/// the number of violators are taken in index order, as a full sort would.
///
/// - Complexity: O(p + v log v) for v positive scores.
func selectWorkingSet(scores: [Double], size: Int, into ws: inout [Int]) {
  let p = scores.count
  ws.removeAll(keepingCapacity: true)
  if size >= p {
    ws.append(contentsOf: 0..<p)
    return
  }
  var positive = [Int]()
  for j in 0..<p where scores[j] > 0 { positive.append(j) }
  if positive.count > size {
    positive.sort { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
    ws.append(contentsOf: positive[..<size])
  } else {
    ws.append(contentsOf: positive)
    for j in 0..<p where ws.count < size && scores[j] == 0 { ws.append(j) }
    for j in 0..<p where ws.count < size && scores[j] < 0 { ws.append(j) }
  }
  ws.sort()
}

/// The size of the working set: max(p₀, 2·|generalized support|), capped at p (skglm).
func workingSetSize(supportSize: Int, start: Int, featureCount p: Int) -> Int {
  min(p, max(start, 2 * supportSize))
}
