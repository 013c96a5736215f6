/// Chooses the working set of an outer iteration: the `size` features with the largest
/// scores (KKT violations, with +∞ for features that must be in it), returned in increasing
/// index order so that the inner loop walks the design's memory forwards.
///
/// - Complexity: O(p log p).
func selectWorkingSet(scores: [Double], size: Int, into ws: inout [Int]) {
  let p = scores.count
  ws.removeAll(keepingCapacity: true)
  if size >= p {
    ws.append(contentsOf: 0..<p)
    return
  }
  var order = Array(0..<p)
  order.sort { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
  ws.append(contentsOf: order[..<size])
  ws.sort()
}

/// The size of the working set: max(p₀, 2·|generalized support|), capped at p (skglm).
func workingSetSize(supportSize: Int, start: Int, featureCount p: Int) -> Int {
  min(p, max(start, 2 * supportSize))
}
