/// Exact optimal transport (the earth mover's distance) by the primal network simplex.
///
///     minimize  ⟨P, C⟩   over P ≥ 0, P·1 = a, Pᵀ·1 = b
///     maximize  ⟨a, u⟩ + ⟨b, v⟩   over uᵢ + vⱼ ≤ Cᵢⱼ          (the dual)
///
/// The problem is a minimum-cost flow on the complete bipartite graph from the n sources to
/// the m targets. The simplex keeps a spanning tree of basic arcs (plus an artificial root),
/// with node potentials that make every tree arc's reduced cost Cᵢⱼ − uᵢ − vⱼ zero; each
/// pivot brings in an arc of negative reduced cost, pushes flow around the cycle it closes,
/// and drops the arc that blocks first. At the end no arc has a negative reduced cost, so
/// the flow is optimal and the potentials are an optimal dual (complementary slackness:
/// Pᵢⱼ > 0 ⇒ uᵢ + vⱼ = Cᵢⱼ).
///
/// The entering arc is chosen by *block search* (LEMON's default, which POT's `emd` uses):
/// scan √(nm) arcs at a time, row by row, and take the most negative reduced cost of the
/// first block that has one. The scan is vectorized; the tree is kept in LEMON's
/// parent/thread/successor-count form, so a pivot costs O(cycle length + moved subtree).
/// The plan has at most n + m − 1 non-zeros.
///
/// - Note: Differences from POT's `ot.emd`:
///   - Like LEMON (and unlike POT), the solve starts with one heuristic pivot per target (its
///     cheapest incoming arc); POT interleaves its arcs instead. Both reach an optimal
///     vertex; when the optimum is not unique the plans may differ, the cost does not.
///   - Sources and targets of zero weight are left out of the solve (as POT does); their
///     potentials are then the largest values that keep the dual feasible,
///     uᵢ = minⱼ (Cᵢⱼ − vⱼ) (POT lowers them only as far as needed from 0).
///   - The potentials are recomputed from the final tree (exact path sums instead of the
///     running updates) and centered as POT's `center_dual`: ⟨a, u⟩ = ⟨b, v⟩.
/// - SeeAlso: Ahuja, Magnanti & Orlin, "Network Flows", 1993, ch. 11; Kelly & O'Neill,
///   "The Minimum Cost Flow Problem and The Network Simplex Solution Method", 1991;
///   Bonneel et al., "Displacement Interpolation Using Lagrangian Mass Transport", 2011.
public struct NetworkSimplex: Sendable {
  /// The pivot budget. When it runs out the solve stops with `.maxIterationsReached` and the
  /// current basis: mass still routed through the artificial root is missing from the plan
  /// (its marginals fall short), as in POT. Default `100_000` (POT's `numItermax`).
  public var maxIterations: Int

  public init(maxIterations: Int = 100_000) {
    precondition(maxIterations > 0, "maxIterations must be positive, got \(maxIterations)")
    self.maxIterations = maxIterations
  }

  /// One non-zero of a transport plan: `mass` moves from source `source` to target `target`.
  public struct Flow: Sendable, Equatable {
    public var source: Int
    public var target: Int
    public var mass: Double

    public init(source: Int, target: Int, mass: Double) {
      (self.source, self.target, self.mass) = (source, target, mass)
    }
  }

  /// The result of a solve.
  public struct Solution: Sendable {
    /// The non-zeros of the plan (at most n + m − 1), ordered by source, then target.
    public var flows: [Flow]
    /// n and m.
    public var sourceCount: Int
    public var targetCount: Int
    /// ⟨P, C⟩.
    public var cost: Double
    /// u (n) and v (m): a feasible dual with uᵢ + vⱼ = Cᵢⱼ wherever Pᵢⱼ > 0, centered so
    /// that ⟨a, u⟩ = ⟨b, v⟩ (so each is half the cost at optimality).
    public var sourcePotential: [Double]
    public var targetPotential: [Double]
    /// `.converged` at optimality, `.maxIterationsReached` when the pivot budget ran out.
    public var status: SolverStatus
    /// Pivots made.
    public var iterations: Int
    /// What happened besides the status.
    public var notes: [String]

    /// P as a dense row-major n×m tensor.
    public var plan: Tensor<Double> { Self.densePlan(flows, sourceCount: sourceCount, targetCount: targetCount) }

    /// The dense n×m plan with the given non-zeros.
    public static func densePlan(_ flows: [Flow], sourceCount: Int, targetCount: Int) -> Tensor<Double> {
      var scalars = [Double](repeating: 0, count: sourceCount * targetCount)
      for f in flows { scalars[f.source * targetCount + f.target] = f.mass }
      return Tensor(shape: [sourceCount, targetCount], scalars: scalars)
    }
  }

  /// Solves `problem` exactly.
  public func solve(_ problem: TransportProblem) -> Solution {
    let (n, m) = (problem.sourceCount, problem.targetCount)
    let a = problem.sourceWeights
    // POT rescales b to a's total; the totals already agree to the problem's tolerance.
    let scaleB = a.reduce(0, +) / problem.targetWeights.reduce(0, +)
    let b = problem.targetWeights.map { $0 * scaleB }
    let rows = a.indices.filter { a[$0] > 0 }, columns = b.indices.filter { b[$0] > 0 }
    let (n0, m0) = (rows.count, columns.count)
    // The cost restricted to the weighted rows and columns (the problem's own when all are).
    let cost: [Double]
    if n0 == n && m0 == m {
      cost = problem.cost
    } else {
      var c = [Double](repeating: 0, count: n0 * m0)
      for (r, i) in rows.enumerated() { for (s, j) in columns.enumerated() { c[r * m0 + s] = problem.cost[i * m + j] } }
      cost = c
    }
    let result = cost.withUnsafeBufferPointer { c in
      let tree = SpanningTree(
        cost: c.baseAddress!, sourceWeights: rows.map { a[$0] }, targetWeights: columns.map { b[$0] })
      return tree.run(maxPivots: maxIterations)
    }

    // Flows and potentials in the problem's own indices.
    var flows = result.flows.map { Flow(source: rows[$0.source], target: columns[$0.target], mass: $0.mass) }
    flows.sort { ($0.source, $0.target) < ($1.source, $1.target) }
    var u = [Double](repeating: .nan, count: n), v = [Double](repeating: .nan, count: m)
    for (r, i) in rows.enumerated() { u[i] = result.sourcePotential[r] }
    for (s, j) in columns.enumerated() { v[j] = result.targetPotential[s] }
    for i in 0..<n where a[i] == 0 {
      u[i] = columns.map { problem.cost[i * m + $0] - v[$0] }.min()!
    }
    for j in 0..<m where b[j] == 0 {
      v[j] = (0..<n).map { problem.cost[$0 * m + j] - u[$0] }.min()!
    }
    let shift = (zip(b, v).reduce(0) { $0 + $1.0 * $1.1 } - zip(a, u).reduce(0) { $0 + $1.0 * $1.1 })
      / (a.reduce(0, +) + b.reduce(0, +))
    u = u.map { $0 + shift }
    v = v.map { $0 - shift }

    let total = flows.reduce(0) { $0 + $1.mass * problem.cost[$1.source * m + $1.target] }
    var notes: [String] = []
    if result.pivots >= maxIterations && !result.optimal {
      notes.append("the pivot budget of \(maxIterations) ran out before optimality; the plan may be suboptimal and miss some mass (raise maxIterations)")
    }
    return Solution(
      flows: flows, sourceCount: n, targetCount: m, cost: total, sourcePotential: u, targetPotential: v,
      status: result.optimal ? .converged : .maxIterationsReached, iterations: result.pivots, notes: notes)
  }
}

/// The network simplex's spanning-tree basis on the complete bipartite graph, in LEMON's
/// representation (parent, predecessor arc and its direction, preorder thread and its
/// reverse, subtree sizes, last successor in the thread).
///
/// Nodes 0..<n are the sources, n..<n+m the targets, and n+m the artificial root. Arc
/// e = i·m + j (row-major, as the cost) runs from source i to target j; arcs numbered from
/// n·m up are the artificial arcs between a node and the root. All arcs are uncapacitated,
/// so an arc outside the tree is always at its lower bound (flow 0). The flow of a tree
/// arc is stored with the node below it.
private final class SpanningTree {
  let n: Int, m: Int, nodeCount: Int, root: Int, arcCount: Int
  let cost: UnsafePointer<Double>
  /// 1 for an arc at its lower bound (a pivot candidate), 0 for a tree arc.
  let state: UnsafeMutablePointer<UInt8>
  let parent: UnsafeMutablePointer<Int>, pred: UnsafeMutablePointer<Int>
  /// +1 when the predecessor arc points up (node → parent), −1 when it points down.
  let direction: UnsafeMutablePointer<Int>
  let thread: UnsafeMutablePointer<Int>, reverseThread: UnsafeMutablePointer<Int>
  let successorCount: UnsafeMutablePointer<Int>, lastSuccessor: UnsafeMutablePointer<Int>
  let dirty: UnsafeMutablePointer<Int>
  let flow: UnsafeMutablePointer<Double>, potential: UnsafeMutablePointer<Double>
  let artificialCost: Double
  let blockSize: Int
  var nextArc = 0

  // The current pivot.
  var inArc = 0, join = 0, uIn = 0, vIn = 0, uOut = 0, delta = 0.0

  init(cost: UnsafePointer<Double>, sourceWeights a: [Double], targetWeights b: [Double]) {
    (n, m) = (a.count, b.count)
    nodeCount = n + m
    root = nodeCount
    arcCount = n * m
    self.cost = cost
    state = .allocate(capacity: arcCount)
    state.initialize(repeating: 1, count: arcCount)
    let count = nodeCount + 1
    func nodes<T>(_ value: T) -> UnsafeMutablePointer<T> {
      let p = UnsafeMutablePointer<T>.allocate(capacity: count)
      p.initialize(repeating: value, count: count)
      return p
    }
    (parent, pred, direction, thread, reverseThread) = (nodes(0), nodes(0), nodes(0), nodes(0), nodes(0))
    (successorCount, lastSuccessor, dirty) = (nodes(0), nodes(0), nodes(0))
    (flow, potential) = (nodes(0.0), nodes(0.0))
    var largest = 0.0
    for e in 0..<arcCount { largest = max(largest, cost[e]) }
    artificialCost = (largest + 1) * Double(nodeCount)
    blockSize = max(Int(Double(arcCount).squareRoot()), 10)

    // The initial tree: every node hangs from the root by an artificial arc carrying its
    // supply (sources) or demand (targets).
    parent[root] = -1
    pred[root] = -1
    thread[root] = 0
    reverseThread[0] = root
    successorCount[root] = nodeCount + 1
    lastSuccessor[root] = root - 1
    for u in 0..<nodeCount {
      parent[u] = root
      pred[u] = arcCount + u
      thread[u] = u + 1
      reverseThread[u + 1] = u
      successorCount[u] = 1
      lastSuccessor[u] = u
      if u < n {
        direction[u] = 1
        flow[u] = a[u]
        potential[u] = 0
      } else {
        direction[u] = -1
        flow[u] = b[u - n]
        potential[u] = artificialCost
      }
    }
  }

  deinit {
    state.deallocate()
    for p in [parent, pred, direction, thread, reverseThread, successorCount, lastSuccessor, dirty] { p.deallocate() }
    flow.deallocate()
    potential.deallocate()
  }

  struct Result {
    var flows: [(source: Int, target: Int, mass: Double)]
    var sourcePotential: [Double], targetPotential: [Double]
    var optimal: Bool
    var pivots: Int
  }

  func run(maxPivots: Int) -> Result {
    var pivots = 0
    // LEMON's heuristic start: bring in each target's cheapest incoming arc.
    for j in 0..<m where pivots < maxPivots {
      var best = 0
      for i in 1..<n where cost[i * m + j] < cost[best * m + j] { best = i }
      inArc = best * m + j
      if state[inArc] == 1 && reducedCost(inArc) < 0 {
        pivot()
        pivots += 1
      }
    }
    var optimal = false
    while true {
      guard let e = findEnteringArc() else {
        optimal = true
        break
      }
      if pivots >= maxPivots { break }
      inArc = e
      pivot()
      pivots += 1
    }
    return extract(optimal: optimal, pivots: pivots)
  }

  @inline(__always)
  func reducedCost(_ e: Int) -> Double {
    let i = e / m
    return cost[e] + potential[i] - potential[n + e - i * m]
  }

  // MARK: Pricing

  /// Block search: the most negative reduced cost among the arcs at lower bound in the first
  /// block (from where the last search stopped, cyclically) that has one; nil at optimality.
  ///
  /// "Negative" means below −2.2·10⁻¹⁵ times the largest of |Cᵢⱼ|, |πᵢ| and |πⱼ|, the
  /// rounding noise of the reduced cost (POT's test), so rounding cannot make the search cycle.
  func findEnteringArc() -> Int? {
    var minimum = 0.0, best = -1
    var e = nextArc, left = blockSize, scanned = 0
    while scanned < arcCount {
      let i = e / m, j = e - i * m
      let length = min(left, m - j)
      let (segmentMinimum, segmentArc) = scanRow(i, from: j, count: length)
      if segmentMinimum < minimum { (minimum, best) = (segmentMinimum, segmentArc) }
      e += length
      if e == arcCount { e = 0 }
      scanned += length
      left -= length
      if left == 0 {
        if best >= 0 && isNegative(minimum, at: best) {
          nextArc = e
          return best
        }
        left = blockSize
      }
    }
    guard best >= 0 && isNegative(minimum, at: best) else { return nil }
    nextArc = e
    return best
  }

  @inline(__always)
  func isNegative(_ reduced: Double, at e: Int) -> Bool {
    let i = e / m
    let scale = max(abs(cost[e]), abs(potential[i]), abs(potential[n + e - i * m]))
    return reduced < -2.220446049250313e-15 * scale
  }

  /// The smallest state-weighted reduced cost of arcs (i, from..<from+count) below 0, and
  /// its arc (−1 when none is below 0).
  @inline(__always)
  func scanRow(_ i: Int, from j0: Int, count: Int) -> (Double, Int) {
    let row = i * m
    let c = cost + row, s = state + row, targetPotential = UnsafePointer(potential + n)
    let pi = potential[i]
    var j = j0
    let end = j0 + count
    var best4 = SIMD4<Double>(repeating: 0)
    var index4 = SIMD4<Int64>(repeating: -1)
    let lanes = SIMD4<Int64>(0, 1, 2, 3)
    while j + 4 <= end {
      let costs = UnsafeRawPointer(c + j).loadUnaligned(as: SIMD4<Double>.self)
      let potentials = UnsafeRawPointer(targetPotential + j).loadUnaligned(as: SIMD4<Double>.self)
      let states = SIMD4<Double>(UnsafeRawPointer(s + j).loadUnaligned(as: SIMD4<UInt8>.self))
      let reduced = (costs + pi - potentials) * states
      let better = reduced .< best4
      best4.replace(with: reduced, where: better)
      index4.replace(with: SIMD4(repeating: Int64(j)) &+ lanes, where: better)
      j += 4
    }
    var best = 0.0, arc = -1
    for lane in 0..<4 where best4[lane] < best { (best, arc) = (best4[lane], Int(index4[lane])) }
    while j < end {
      let reduced = (c[j] + pi - targetPotential[j]) * Double(s[j])
      if reduced < best { (best, arc) = (reduced, j) }
      j += 1
    }
    return (best, arc < 0 ? -1 : row + arc)
  }

  // MARK: Pivot

  /// Brings `inArc` into the tree: finds the cycle, pushes flow around it, drops the first
  /// blocking arc and rebuilds the tree and the potentials of the moved subtree.
  func pivot() {
    let source = inArc / m, target = n + inArc - (inArc / m) * m
    // The apex of the cycle: climb from the endpoint with the smaller subtree.
    var (x, y) = (source, target)
    while x != y {
      if successorCount[x] < successorCount[y] { x = parent[x] } else { y = parent[y] }
    }
    join = x
    // The leaving arc: the first one whose flow would turn negative, taking the last such
    // arc in cycle order on ties (strongly feasible trees, so degenerate pivots cannot cycle).
    // Flow goes source → target on the entering arc, so it goes down from the apex to the
    // source and up from the target to the apex.
    delta = .infinity
    var result = 0
    var u = source
    while u != join {
      if direction[u] == 1 && flow[u] < delta { (delta, uOut, result) = (flow[u], u, 1) }
      u = parent[u]
    }
    u = target
    while u != join {
      if direction[u] == -1 && flow[u] <= delta { (delta, uOut, result) = (flow[u], u, 2) }
      u = parent[u]
    }
    precondition(result != 0, "network simplex: unbounded cycle (cannot happen with finite costs)")
    (uIn, vIn) = result == 1 ? (source, target) : (target, source)

    if delta > 0 {
      u = source
      while u != join { flow[u] -= Double(direction[u]) * delta; u = parent[u] }
      u = target
      while u != join { flow[u] += Double(direction[u]) * delta; u = parent[u] }
    }
    state[inArc] = 0
    if pred[uOut] < arcCount { state[pred[uOut]] = 1 }
    updateTree(source: source)
    updatePotentials()
  }

  /// Re-hangs the subtree cut off by the leaving arc from the entering arc (LEMON's
  /// `updateTreeStructure`): the stem from uIn up to uOut is reversed, and the thread,
  /// subtree sizes and last successors are patched along the two paths to the apex.
  func updateTree(source: Int) {
    let oldReverseThread = reverseThread[uOut]
    let oldSuccessorCount = successorCount[uOut]
    let oldLastSuccessor = lastSuccessor[uOut]
    let vOut = parent[uOut]
    let inDirection = uIn == source ? 1 : -1

    if uIn == uOut {
      parent[uIn] = vIn
      pred[uIn] = inArc
      direction[uIn] = inDirection
      flow[uIn] = delta
      if thread[vIn] != uOut {
        var after = thread[oldLastSuccessor]
        thread[oldReverseThread] = after
        reverseThread[after] = oldReverseThread
        after = thread[vIn]
        thread[vIn] = uOut
        reverseThread[uOut] = vIn
        thread[oldLastSuccessor] = after
        reverseThread[after] = oldLastSuccessor
      }
    } else {
      // When the node before uOut in the thread is vIn, the apex is vOut.
      let threadContinue = oldReverseThread == vIn ? thread[oldLastSuccessor] : thread[vIn]
      // Walk the stem from uIn to uOut, moving each stem node's subtree (minus the part
      // that contains the next stem node) into place in the thread.
      var stem = uIn, parentOfStem = vIn
      var last = lastSuccessor[uIn]
      var after = thread[last]
      var dirtyCount = 0
      thread[vIn] = uIn
      dirty[dirtyCount] = vIn
      dirtyCount += 1
      while stem != uOut {
        let nextStem = parent[stem]
        thread[last] = nextStem
        dirty[dirtyCount] = last
        dirtyCount += 1
        let before = reverseThread[stem]
        thread[before] = after
        reverseThread[after] = before
        parent[stem] = parentOfStem
        parentOfStem = stem
        stem = nextStem
        last = lastSuccessor[stem] == lastSuccessor[parentOfStem] ? reverseThread[parentOfStem] : lastSuccessor[stem]
        after = thread[last]
      }
      parent[uOut] = parentOfStem
      thread[last] = threadContinue
      reverseThread[threadContinue] = last
      lastSuccessor[uOut] = last
      if oldReverseThread != vIn {
        thread[oldReverseThread] = after
        reverseThread[after] = oldReverseThread
      }
      for k in 0..<dirtyCount { reverseThread[thread[dirty[k]]] = dirty[k] }

      // Along the stem from uOut down to uIn: predecessor arcs shift by one (with their
      // flows, reversed), and subtree sizes and last successors are rebuilt.
      var count = 0
      let newLast = lastSuccessor[uOut]
      var node = uOut
      var p = parent[node]
      while node != uIn {
        pred[node] = pred[p]
        direction[node] = -direction[p]
        flow[node] = flow[p]
        count += successorCount[node] - successorCount[p]
        successorCount[node] = count
        lastSuccessor[p] = newLast
        node = p
        p = parent[node]
      }
      pred[uIn] = inArc
      direction[uIn] = inDirection
      flow[uIn] = delta
      successorCount[uIn] = oldSuccessorCount
    }

    // Last successors from vIn up towards the root, then from vOut.
    let upLimit = lastSuccessor[join] == vIn ? join : -1
    let lastOut = lastSuccessor[uOut]
    var u = vIn
    while u != -1 && lastSuccessor[u] == vIn {
      lastSuccessor[u] = lastOut
      u = parent[u]
    }
    if join != oldReverseThread && vIn != oldReverseThread {
      u = vOut
      while u != upLimit && lastSuccessor[u] == oldLastSuccessor {
        lastSuccessor[u] = oldReverseThread
        u = parent[u]
      }
    } else if lastOut != oldLastSuccessor {
      u = vOut
      while u != upLimit && lastSuccessor[u] == oldLastSuccessor {
        lastSuccessor[u] = lastOut
        u = parent[u]
      }
    }
    // Subtree sizes on the two paths to the apex.
    u = vIn
    while u != join {
      successorCount[u] += oldSuccessorCount
      u = parent[u]
    }
    u = vOut
    while u != join {
      successorCount[u] -= oldSuccessorCount
      u = parent[u]
    }
  }

  /// Shifts the potentials of the moved subtree so that the entering arc's reduced cost is 0.
  func updatePotentials() {
    let sigma = potential[vIn] - potential[uIn] - Double(direction[uIn]) * cost[inArc]
    let end = thread[lastSuccessor[uIn]]
    var u = uIn
    while u != end {
      potential[u] += sigma
      u = thread[u]
    }
  }

  // MARK: Result

  func extract(optimal: Bool, pivots: Int) -> Result {
    // Potentials again from the root down the thread (each node after its parent), as exact
    // path sums: the running updates accumulate rounding.
    potential[root] = 0
    var u = thread[root]
    while u != root {
      let e = pred[u]
      let arcCost = e < arcCount ? cost[e] : (u < n ? 0 : artificialCost)
      // Tree arcs have zero reduced cost: C + π(tail) − π(head) = 0.
      potential[u] = potential[parent[u]] - Double(direction[u]) * arcCost
      u = thread[u]
    }
    var flows: [(source: Int, target: Int, mass: Double)] = []
    for u in 0..<nodeCount where pred[u] < arcCount && flow[u] > 0 {
      let e = pred[u]
      flows.append((e / m, e % m, flow[u]))
    }
    return Result(
      flows: flows, sourcePotential: (0..<n).map { -potential[$0] }, targetPotential: (0..<m).map { potential[n + $0] },
      optimal: optimal, pivots: pivots)
  }
}
