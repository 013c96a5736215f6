import Foundation
import Regula

extension Bench {
  /// Muon's Newton–Schulz orthogonalization (5 steps, quintic coefficients) on float32
  /// 1024×1024 and 4096×1024, against the same 15 matrix products alone, as
  /// ../shared/peers/bench_newton_schulz.py times it under `jax.jit`.
  func newtonSchulzBenchmark() -> Summary {
    var s = Summary()
    s.add("benchmark", "newton_schulz_5_steps_f32")
    for (m, n) in [(1024, 1024), (4096, 1024)] {
      var rng = RandomGenerator(seed: 0)
      let g = Tensor<Float>.randomNormal(shape: [m, n], using: &rng)
      let total = median { _ = newtonSchulzOrthogonalize(g) }
      // X is min × max after the transpose; A = XXᵀ, A², then (bA + cA²)X, five times.
      let x = Tensor<Float>.randomNormal(shape: [min(m, n), max(m, n)], using: &rng) / Float(max(m, n))
      let products = median {
        for _ in 0..<5 {
          let a = matmul(x, transposed: false, x, transposed: true)
          _ = matmul(matmul(a, a), x)
        }
      }
      let (small, large) = (Double(min(m, n)), Double(max(m, n)))
      let flops = 5 * (2 * small * small * large + 2 * small * small * small + 2 * small * small * large)
      s.add("\(m)x\(n)_ms", total * 1e3, digits: 3)
      s.add("\(m)x\(n)_products_only_ms", products * 1e3, digits: 3)
      s.add("\(m)x\(n)_ratio_to_products", total / products, digits: 3)
      s.add("\(m)x\(n)_gflops", flops / total / 1e9, digits: 1)
    }
    return s
  }

  /// One Shampoo and one SOAP step on a float32 1024×1024 layer: with the preconditioner
  /// refreshed every step, and amortized over a refresh every 10 steps.
  func shampooBenchmark() -> Summary {
    var rng = RandomGenerator(seed: 0)
    let start = ParameterSet([("w", Tensor<Float>.randomNormal(shape: [1024, 1024], using: &rng) / 32)])
    let gradients = (0..<10).map { _ in ParameterSet([("w", Tensor<Float>.randomNormal(shape: [1024, 1024], using: &rng))]) }
    func stepTime<O: GradientTransformation>(_ optimizer: O) -> Double where O.Scalar == Float {
      var parameters = start
      var state = optimizer.initialState(for: parameters)
      optimizer.step(&parameters, gradient: gradients[0], state: &state)  // SOAP's first call only initializes
      return median(warmup: 1) {
        for g in gradients { optimizer.step(&parameters, gradient: g, state: &state) }
      } / Double(gradients.count)
    }
    let shampooEveryStep: some GradientTransformation<Float> = shampoo(learningRate: 1e-3)
    let shampooEvery10: some GradientTransformation<Float> = shampoo(learningRate: 1e-3, preconditionFrequency: 10)
    let soapEveryStep: some GradientTransformation<Float> = soap(preconditionFrequency: 1)
    let soapEvery10: some GradientTransformation<Float> = soap()
    var s = Summary()
    s.add("benchmark", "shampoo_soap_step_1024x1024_f32")
    s.add("shampoo_every_step_ms", stepTime(shampooEveryStep) * 1e3, digits: 2)
    s.add("shampoo_every_10_steps_ms", stepTime(shampooEvery10) * 1e3, digits: 2)
    s.add("soap_every_step_ms", stepTime(soapEveryStep) * 1e3, digits: 2)
    s.add("soap_every_10_steps_ms", stepTime(soapEvery10) * 1e3, digits: 2)
    return s
  }
}
