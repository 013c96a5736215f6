import Foundation
import RegulaSolvers
import Testing
import _RegulaTestSupport

/// ε-scaling reaches the same solution as a direct solve, in fewer iterations at small ε.
struct EpsilonScalingTests {
  @Test func sameSolutionFewerIterations() throws {
    var rng = RandomGenerator(seed: 4)
    let x = Tensor<Double>.randomUniform(shape: [20, 2], using: &rng), y = Tensor<Double>.randomUniform(shape: [25, 2], using: &rng)
    let problem = try TransportProblem(sourcePoints: x, targetPoints: y, normalized: true)
    var solver = Sinkhorn(epsilon: .absolute(1e-3), domain: .logarithmic)
    solver.tolerance = 1e-10
    let direct = try solver.solve(problem)
    let scaled = try solver.solveWithEpsilonScaling(problem)
    #expect(direct.status == .converged && scaled.status == .converged)
    #expect(abs(scaled.cost - direct.cost) < 1e-9 * direct.cost)
    #expect(maxRelativeDifference(scaled.plan, direct.plan, floor: 1e-6) < 1e-5)
    #expect(scaled.iterations < direct.iterations, "ε-scaling \(scaled.iterations), direct \(direct.iterations)")
    #expect(scaled.notes.last?.hasPrefix("ε-scaling over 11 stages") == true, "\(scaled.notes)")
  }
}
