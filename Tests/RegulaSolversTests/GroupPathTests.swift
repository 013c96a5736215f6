import Foundation
import RegulaPenalties
import RegulaSolvers
import Testing
import _RegulaTestSupport

/// Tools/fixtures/sparse_paths.py: scikit-learn `lasso_path` (2-D Y) and `MultiTaskLassoCV`;
/// celer `celer_path` (group Lasso) and a `KFold` loop over celer `GroupLasso` fits.
struct PathFixture: Decodable {
  struct Point: Decodable {
    let alpha: Double
    let coef: [Double]
    let objective: Double
  }
  struct Selection: Decodable {
    let alphas: [Double]
    let mse_path: [[Double]]
    let alpha: Double
    let coef: [Double]?
    let intercepts: [Double]?
  }
  struct MultiTask: Decodable {
    let rows: Int, columns: Int, tasks: Int
    let x: [Double], y: [Double]
    let alpha_max: Double
    let path: [Point]
    let cv: Selection
    var design: Tensor<Double> { Tensor(shape: [rows, columns], scalars: x) }
    var targets: Tensor<Double> { Tensor(shape: [rows, tasks], scalars: y) }
  }
  struct Group: Decodable {
    let rows: Int, columns: Int
    let x: [Double], y: [Double]
    let groups: [[Int]]
    let alpha_max: Double
    let path: [Point]
    let cv: Selection
    var design: Tensor<Double> { Tensor(shape: [rows, columns], scalars: x) }
  }
  let multitask: MultiTask
  let group: Group
}

let pathFixture = try! loadFixture(PathFixture.self, "sparse_paths.json")

private func expectClose(_ a: [Double], _ b: [Double], within tolerance: Double, _ what: String) {
  #expect(a.count == b.count, "\(what): \(a.count) values for \(b.count)")
  let worst = zip(a, b).map { abs($0 - $1) }.max() ?? 0
  #expect(worst <= tolerance, "\(what): largest difference \(worst)")
}

@Test("the multitask path is scikit-learn's lasso_path with a 2-D Y, from α_max = maxⱼ‖XⱼᵀY‖₂/n")
func multiTaskPathMatchesScikitLearn() throws {
  let f = pathFixture.multitask
  let path = try MultiTaskLasso(alpha: 1, fitIntercept: false, options: groupTight)
    .path(f.design, f.targets, alphaCount: f.path.count, minRatio: 1e-2)
  #expect(abs(path.alphaMax - f.alpha_max) <= 1e-12 * f.alpha_max)
  expectClose(path.alphas, f.path.map(\.alpha), within: 1e-12 * f.alpha_max, "grid")
  #expect(path.solutions[0].support.isEmpty)
  for (point, solution) in zip(f.path, path.solutions) {
    #expect(solution.isConverged)
    #expect(abs(solution.objective - point.objective) <= 1e-10 * point.objective, "α = \(point.alpha)")
    expectClose(solution.coefficients.scalars, point.coef, within: 1e-6, "W at α = \(point.alpha)")
  }
}

@Test("multitask cross-validation reproduces MultiTaskLassoCV's errors, α and refit")
func multiTaskCrossValidationMatchesScikitLearn() throws {
  let f = pathFixture.multitask
  let cv = try MultiTaskLasso(alpha: 1, options: groupTight)
    .crossValidate(f.design, f.targets, folds: 5, alphaCount: f.cv.alphas.count, minRatio: 1e-2)
  expectClose(cv.alphas, f.cv.alphas, within: 1e-12 * f.cv.alphas[0], "grid")
  for (a, (ours, theirs)) in zip(cv.meanSquaredErrors, f.cv.mse_path).enumerated() {
    expectClose(ours, theirs, within: 1e-8 * theirs.max()!, "fold errors at α[\(a)]")
  }
  #expect(abs(cv.bestAlpha - f.cv.alpha) <= 1e-12 * f.cv.alpha)
  expectClose(cv.solution.coefficients.scalars, f.cv.coef!, within: 1e-6, "refitted W")
  expectClose(cv.solution.intercepts, f.cv.intercepts!, within: 1e-6, "refitted intercepts")
}

@Test("the group Lasso path is celer's, from α_max = max_g ‖X_gᵀy‖₂/n")
func groupPathMatchesCeler() throws {
  let f = pathFixture.group
  let model = GroupLasso(alpha: 1, groups: f.groups, weights: f.groups.map { _ in 1 }, fitIntercept: false, options: groupTight)
  let path = try model.path(f.design, f.y, alphaCount: f.path.count, minRatio: 1e-2)
  #expect(abs(path.alphaMax - f.alpha_max) <= 1e-12 * f.alpha_max)
  expectClose(path.alphas, f.path.map(\.alpha), within: 1e-12 * f.alpha_max, "grid")
  for (point, solution) in zip(f.path, path.solutions) {
    #expect(solution.isConverged)
    #expect(abs(solution.objective - point.objective) <= 1e-10 * point.objective, "α = \(point.alpha)")
    expectClose(solution.coefficients, point.coef, within: 1e-6, "w at α = \(point.alpha)")
  }
  // The sparse design gives the same path.
  var offsets = [0], rows = [Int](), values = [Double]()
  for j in 0..<f.columns {
    for i in 0..<f.rows { rows.append(i); values.append(f.x[i * f.columns + j]) }
    offsets.append(values.count)
  }
  let design = SparseDesignMatrix(rowCount: f.rows, columnCount: f.columns, columnOffsets: offsets, rowIndices: rows, values: values)
  let sparse = try model.path(design, f.y, alphaCount: f.path.count, minRatio: 1e-2)
  for (a, b) in zip(path.solutions, sparse.solutions) { expectClose(a.coefficients, b.coefficients, within: 1e-9, "sparse") }
}

@Test("group Lasso cross-validation reproduces a KFold loop over celer fits")
func groupCrossValidationMatchesCeler() throws {
  let f = pathFixture.group
  let model = GroupLasso(alpha: 1, groups: f.groups, weights: f.groups.map { _ in 1 }, options: groupTight)
  let cv = try model.crossValidate(f.design, f.y, folds: 5, alphaCount: f.cv.alphas.count, minRatio: 1e-2)
  expectClose(cv.alphas, f.cv.alphas, within: 1e-12 * f.cv.alphas[0], "grid")
  for (a, (ours, theirs)) in zip(cv.meanSquaredErrors, f.cv.mse_path).enumerated() {
    expectClose(ours, theirs, within: 1e-8 * theirs.max()!, "fold errors at α[\(a)]")
  }
  #expect(abs(cv.bestAlpha - f.cv.alpha) <= 1e-12 * f.cv.alpha)
  let refit = try GroupLasso(alpha: cv.bestAlpha, groups: f.groups, weights: f.groups.map { _ in 1 }, options: groupTight).fit(f.design, f.y)
  expectClose(cv.solution.coefficients, refit.coefficients, within: 1e-8, "refit")
}

@Test("every point of a sparse-group Lasso path is the cold-start fit at its α")
func sparseGroupPathMatchesColdFits() throws {
  let f = pathFixture.group
  let model = GroupLasso(alpha: 1, groups: f.groups, l1Ratio: 0.4, options: groupTight)
  let path = try model.path(f.design, f.y, alphaCount: 8, minRatio: 1e-2)
  #expect(path.solutions[0].support.isEmpty)
  // Just below α_max some coordinate enters: α_max is the smallest α with w = 0.
  let below = try GroupLasso(alpha: 0.999 * path.alphaMax, groups: f.groups, l1Ratio: 0.4, options: groupTight).fit(f.design, f.y)
  #expect(!below.support.isEmpty)
  #expect(path.solutions.last!.support.count > path.solutions[1].support.count)
  var coldEpochs = 0
  for (alpha, solution) in zip(path.alphas, path.solutions) {
    let cold = try GroupLasso(alpha: alpha, groups: f.groups, l1Ratio: 0.4, options: groupTight).fit(f.design, f.y)
    coldEpochs += cold.epochs
    #expect(solution.isConverged)
    #expect(abs(solution.objective - cold.objective) <= 1e-10 * cold.objective, "α = \(alpha)")
    expectClose(solution.coefficients, cold.coefficients, within: 1e-7, "w at α = \(alpha)")
  }
  // Warm starts: the path takes fewer epochs than the cold fits.
  #expect(path.solutions.reduce(0) { $0 + $1.epochs } < coldEpochs)
}

@Test("sparse-group Lasso cross-validation chooses the α a literal fold loop chooses")
func sparseGroupCrossValidationMatchesFoldLoop() throws {
  let f = pathFixture.group
  let x = f.design, y = f.y, n = f.rows, p = f.columns
  let cv = try GroupLasso(alpha: 1, groups: f.groups, l1Ratio: 0.4, options: groupTight)
    .crossValidate(x, y, folds: 4, alphaCount: 6, minRatio: 1e-2)
  // Folds of 20 contiguous rows; a cold fit per fold and α, scored by hand.
  var average = [Double](repeating: 0, count: cv.alphas.count)
  for k in 0..<4 {
    let test = (20 * k)..<(20 * k + 20)
    let train = (0..<n).filter { !test.contains($0) }
    let trainX = Tensor(shape: [train.count, p], scalars: train.flatMap { x.scalars[($0 * p)..<(($0 + 1) * p)] })
    for (a, alpha) in cv.alphas.enumerated() {
      let fit = try GroupLasso(alpha: alpha, groups: f.groups, l1Ratio: 0.4, options: groupTight).fit(trainX, train.map { y[$0] })
      var squared = 0.0
      for i in test {
        var prediction = fit.intercept
        for j in 0..<p { prediction += x.scalars[i * p + j] * fit.coefficients[j] }
        squared += (y[i] - prediction) * (y[i] - prediction)
      }
      #expect(abs(squared / 20 - cv.meanSquaredErrors[a][k]) <= 1e-8 * squared / 20, "fold \(k), α[\(a)]")
      average[a] += squared / 20 / 4
    }
  }
  #expect(cv.bestIndex == average.indices.min { average[$0] < average[$1] })
  #expect(cv.bestIndex > 0)
}

@Test("path and cross-validation reject bad grids and fold counts with typed errors")
func pathErrors() {
  let f = pathFixture.group
  let model = GroupLasso(alpha: 1, groups: f.groups)
  #expect(throws: SolverError.nonPositiveAlpha(-1)) { try model.path(f.design, f.y, alphas: [0.5, -1]) }
  #expect(throws: SolverError.invalidParameter(name: "folds", value: 1, requirement: "in 2...80")) {
    try model.crossValidate(f.design, f.y, folds: 1, alphaCount: 3)
  }
  #expect(throws: SolverError.notAPartition(feature: 15, groups: [])) {
    try GroupLasso(alpha: 1, groups: Array(f.groups.dropLast())).path(f.design, f.y, alphaCount: 3)
  }
  let m = pathFixture.multitask
  #expect(throws: SolverError.invalidParameter(name: "alphaCount", value: 0, requirement: "at least 1")) {
    try MultiTaskLasso(alpha: 1).path(m.design, m.targets, alphaCount: 0)
  }
  #expect(throws: SolverError.invalidParameter(name: "folds", value: 61, requirement: "in 2...60")) {
    try MultiTaskLasso(alpha: 1).crossValidate(m.design, m.targets, folds: 61, alphaCount: 3)
  }
}
