import Foundation
@testable import Regula
import Testing

/// The test problems of `regula optimize`, the trajectory runner, contour tracing, and the
/// command itself.
struct OptimizeTests {
  /// Central differences of f, step 1e-6 relative.
  static func numericalGradient(_ problem: TestProblem, at x: [Double]) -> [Double] {
    x.indices.map { i in
      let h = 1e-6 * max(1, abs(x[i]))
      var (plus, minus) = (x, x)
      plus[i] += h
      minus[i] -= h
      return (problem.value(at: plus) - problem.value(at: minus)) / (2 * h)
    }
  }

  static let logistic: TestProblem = {
    // Six points in the plane, not separable, with labels 0/1.
    let x = Tensor<Double>(shape: [6, 2], scalars: [0, 1, 1, 0.5, -1, 2, 2, -1, 0.5, 0.5, -2, -1])
    return .logisticRegression(features: x, labels: [1, 0, 1, 0, 0, 1], l2: 0.1)
  }()

  static let problems: [TestProblem] = [.rosenbrock, .beale, .rastrigin, .quadratic(conditionNumber: 50), .quadratic(conditionNumber: 10, dimension: 5), logistic]

  @Test(arguments: problems.indices)
  func gradientsMatchFiniteDifferences(_ k: Int) {
    let problem = Self.problems[k]
    var rng = RandomGenerator(seed: UInt64(k))
    for _ in 0..<5 {
      let x = (0..<problem.dimension).map { _ in Double(rng.next() % 4001) / 1000 - 2 }
      let exact = problem.valueAndGradient(at: x).gradient
      let numerical = Self.numericalGradient(problem, at: x)
      for (a, b) in zip(exact, numerical) { #expect(abs(a - b) <= 1e-6 * max(1, abs(b)), "\(problem.name) at \(x)") }
    }
  }

  @Test(arguments: problems.indices)
  func knownMinimaAreStationaryWithTheirValue(_ k: Int) throws {
    let problem = Self.problems[k]
    guard let minimizer = problem.minimizer else { return }
    let (value, gradient) = problem.valueAndGradient(at: minimizer)
    #expect(abs(value - problem.minimum!) < 1e-12)
    #expect(gradient.allSatisfy { abs($0) < 1e-12 })
    #expect(problem.value(at: problem.start) > value + 1)
  }

  @Test func quadraticHasTheRequestedConditionNumber() {
    // The Hessian's columns are gradients at the unit vectors (f is quadratic).
    let problem = TestProblem.quadratic(conditionNumber: 1000)
    let h = [problem.valueAndGradient(at: [1, 0]).gradient, problem.valueAndGradient(at: [0, 1]).gradient]
    let (trace, determinant) = (h[0][0] + h[1][1], h[0][0] * h[1][1] - h[0][1] * h[1][0])
    let root = (trace * trace / 4 - determinant).squareRoot()
    #expect(abs((trace / 2 + root) / (trace / 2 - root) - 1000) < 1e-6)
    #expect(abs(h[0][1]) > 1, "the valley is rotated off the axes")
  }

  @Test func logisticMatchesTheLiteralLoss() {
    let x: [[Double]] = [[0, 1], [1, 0.5], [-1, 2], [2, -1], [0.5, 0.5], [-2, -1]]
    let y: [Double] = [1, 0, 1, 0, 0, 1]
    let v = [0.3, -0.7, 0.2]
    var literal = 0.0
    for i in 0..<6 {
      let p = 1 / (1 + exp(-(v[0] * x[i][0] + v[1] * x[i][1] + v[2])))
      literal -= y[i] * log(p) + (1 - y[i]) * log(1 - p)
    }
    literal = literal / 6 + 0.05 * (v[0] * v[0] + v[1] * v[1])
    #expect(abs(Self.logistic.value(at: v) - literal) < 1e-14)
  }

  @Test func gradientDescentTrajectoryIsTheLiteralIteration() {
    let problem = TestProblem.quadratic(conditionNumber: 10)
    let run = OptimizerTrajectory(sgd(learningRate: 0.05) as Chained<Trace<Double>, ScaleByLearningRate<Double>>, on: problem, steps: 30)
    var x = problem.start
    #expect(run.points.count == 31 && run.losses.count == 31 && !run.diverged)
    for t in 1...30 {
      let g = problem.valueAndGradient(at: x).gradient
      x = zip(x, g).map { $0 - 0.05 * $1 }
      #expect(run.points[t] == x)
      #expect(run.losses[t] == problem.value(at: x))
    }
    #expect(run.firstStep(within: 1e-6, of: 0) == nil)
    #expect(run.firstStep(within: 10, of: 0) == 0)
  }

  @Test func divergingRunStopsAtTheFirstNonFiniteLoss() {
    let run = OptimizerTrajectory(sgd(learningRate: 10) as Chained<Trace<Double>, ScaleByLearningRate<Double>>, on: .rosenbrock, steps: 1000)
    #expect(run.diverged)
    #expect(run.losses.count < 1000)
    #expect(!run.losses.last!.isFinite || !run.points.last!.allSatisfy(\.isFinite))
    #expect(run.losses.dropLast().allSatisfy { $0.isFinite })
  }

  @Test func contourSegmentsLieOnTheLevelSet() {
    let xs = (0...40).map { -2 + Double($0) / 10 }
    let values = xs.map { x in xs.map { y in x * x + y * y } }
    let segments = contourSegments(values, xs: xs, ys: xs, level: 1)
    // A circle of radius 1 crosses about 4·(2r/h) = 80 cells.
    #expect(segments.count > 60 && segments.count < 100)
    for (a, b) in segments {
      for p in [a, b] { #expect(abs((p.x * p.x + p.y * p.y).squareRoot() - 1) < 0.01) }
    }
    // A saddle f = x·y at level 0 gives the two axes, never a diagonal chord.
    let saddle = contourSegments([[1, -1], [-1, 1]], xs: [-1, 1], ys: [-1, 1], level: 0.5)
    #expect(saddle.count == 2)
  }

  @Test func contourChartHasLevelsPathsMinimizerAndAxes() throws {
    var chart = ContourChart(title: "Rosenbrock", region: (-2...2, -1...3), resolution: 41, levelCount: 8) { x, y in
      TestProblem.rosenbrock.value(at: [x, y])
    }
    chart.minimizer = (1, 1)
    chart.addPath("adam", points: [(-1.2, 1), (0, 0), (1, 1)])
    chart.addPath("sgd & momentum", points: [(-1.2, 1), (.nan, 0), (0.5, 0.25)])
    let svg = try ReportTests.parse(chart.svg())
    let contours = svg.elements.filter { $0.attributes["class"] == "contour" }
    #expect(contours.count == 8)
    let levels = contours.map { Double($0.attributes["data-level"]!)! }
    #expect(levels == levels.sorted() && levels.first! > 0)
    let lines = svg.elements.filter { $0.name == "polyline" }
    #expect(lines.map { $0.attributes["data-name"] } == ["adam", "sgd & momentum"])
    #expect(lines[1].attributes["points"]!.split(separator: " ").count == 2)
    #expect(svg.elements.contains { $0.attributes["class"] == "minimizer" })
    #expect(svg.texts.contains("Rosenbrock") && svg.texts.contains("x") && svg.texts.contains("y"))
    #expect(svg.elements.filter { $0.attributes["class"] == "legend" }.count == 2)
    #expect(!chart.svg().contains("url("), "no references an HTML page could break")
  }
}
