import ArgumentParser
import Foundation
import Regula
import _Differentiation

/// `regula bench`: Regula's side of the benchmarks in BENCHMARKS.md.
///
/// Each benchmark times its operation after warm-up and reports the median, like the peers'
/// scripts (../shared/peers), so the two can be run in one sitting and compared as ratios.
struct Bench: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Time Regula's kernels, solvers and optimizer steps against the peers' scripts.")

  enum Name: String, ExpressibleByArgument, CaseIterable {
    case matmul, mlp, adamw, lasso, sinkhorn, emd, muon, shampoo, all
  }

  @Argument(help: "Which benchmark: \(Name.allCases.map(\.rawValue).joined(separator: ", ")).")
  var name: Name = .all

  @Option(help: "Timed repeats (the median is reported).")
  var repeats: Int = 15

  @Flag(help: "Print one JSON object per benchmark instead of key: value lines.")
  var json = false

  @Flag(help: "Report the fastest timed run instead of the median (on a machine shared with other work).")
  var minimum = false

  @Option(help: "lasso: the output of Tools/bench/bench_lasso_sparse.py, to compare with the peers on the sparse design.")
  var lassoPeers: String?

  @Option(help: "lasso: where to write the suboptimality-versus-time plot of the sparse design (SVG).")
  var lassoPlot: String?

  func validate() throws {
    guard repeats > 0 else { throw ValidationError("--repeats must be positive, got \(repeats)") }
  }

  func run() throws {
    let all: [Name: () -> Summary] = [.matmul: matmulBenchmark, .mlp: mlpBenchmark, .adamw: adamwBenchmark, .lasso: lassoBenchmark, .sinkhorn: sinkhornBenchmark, .emd: emdBenchmark,
      .muon: newtonSchulzBenchmark, .shampoo: shampooBenchmark]
    for which in name == .all ? [Name.matmul, .mlp, .adamw] : [name] {
      print(all[which]!().render(json: json))
      if !json { print() }
    }
  }

  /// Median seconds of `body` over `repeats` runs after `warmup` runs (the fastest run with
  /// `--minimum`).
  func median(warmup: Int = 3, _ body: () -> Void) -> Double {
    for _ in 0..<warmup { body() }
    var samples: [Double] = []
    for _ in 0..<repeats {
      let t0 = DispatchTime.now().uptimeNanoseconds
      body()
      samples.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
    }
    return minimum ? samples.min()! : samples.sorted()[samples.count / 2]
  }

  /// float32 1024³: `matmul` (allocating its result) against bare sgemm into a reused buffer.
  func matmulBenchmark() -> Summary {
    let n = 1024
    var rng = RandomGenerator(seed: 0)
    let a = Tensor<Float>.randomNormal(shape: [n, n], using: &rng), b = Tensor<Float>.randomNormal(shape: [n, n], using: &rng)
    var c = [Float](repeating: 0, count: n * n)
    let bare = median {
      a.scalars.withUnsafeBufferPointer { x in
        b.scalars.withUnsafeBufferPointer { y in
          c.withUnsafeMutableBufferPointer { z in
            BLAS.gemm(transposeA: false, transposeB: false, m: n, n: n, k: n, a: x.baseAddress!, lda: n, b: y.baseAddress!, ldb: n, c: z.baseAddress!, ldc: n)
          }
        }
      }
    }
    var sink: Float = 0
    let regula = median { sink += matmul(a, b).scalars[0] }
    let flops = 2 * Double(n * n * n)
    var s = Summary()
    s.add("benchmark", "matmul_f32_1024")
    s.add("regula_matmul_ms", regula * 1e3, digits: 3)
    s.add("bare_sgemm_ms", bare * 1e3, digits: 3)
    s.add("regula_gflops", flops / regula / 1e9, digits: 1)
    s.add("bare_sgemm_gflops", flops / bare / 1e9, digits: 1)
    s.add("ratio_regula_to_sgemm", regula / bare, digits: 3)
    if sink.isNaN { s.add("note", "nan") }
    return s
  }

  /// MLP 784-512-10 ReLU, float32, batch 256: forward, backward and an optimizer step,
  /// as ../shared/peers/bench_jax_mlp.py (SGD there; AdamW reported too).
  func mlpBenchmark() -> Summary {
    let model = Sequential<Float>.multilayerPerceptron(inputSize: 784, hiddenSizes: [512], outputSize: 10, weightInitializer: .heNormal)
    var rng = RandomGenerator(seed: 0)
    let x = Tensor<Float>.randomNormal(shape: [256, 784], using: &rng)
    let labels = (0..<256).map { _ in Int(rng.next() % 10) }
    func stepTime<O: GradientTransformation>(_ optimizer: O) -> Double where O.Scalar == Float {
      var parameters = model.initialParameters(seed: 1)
      var state = optimizer.initialState(for: parameters)
      return median {
        let g = gradient(at: parameters) { p in softmaxCrossEntropy(logits: model(x, parameters: p), labels: labels).scalarized() }
        optimizer.step(&parameters, gradient: g, state: &state)
      }
    }
    let sgdTime = stepTime(sgd(learningRate: 0.01) as Chained<Trace<Float>, ScaleByLearningRate<Float>>)
    let adamwTime = stepTime(adamw(learningRate: 1e-3) as AdamW<Float>)
    var s = Summary()
    s.add("benchmark", "mlp_784_512_10_batch256_f32")
    s.add("sgd_step_ms", sgdTime * 1e3, digits: 3)
    s.add("adamw_step_ms", adamwTime * 1e3, digits: 3)
    return s
  }

  /// One AdamW step (update + apply) over 16M float32 parameters, as one tensor and as 64.
  func adamwBenchmark() -> Summary {
    let total = 1 << 24
    var s = Summary()
    s.add("benchmark", "adamw_step_16M_f32")
    for pieces in [1, 64] {
      var rng = RandomGenerator(seed: 0)
      var parameters = ParameterSet<Float>((0..<pieces).map { ("p\($0)", Tensor(zeros: [total / pieces])) })
      let gradient = parameters.mapTensors { _, p in Tensor<Float>.randomNormal(shape: p.shape, using: &rng) }
      let optimizer: AdamW<Float> = adamw(learningRate: 1e-3)
      var state = optimizer.initialState(for: parameters)
      let t = median { optimizer.step(&parameters, gradient: gradient, state: &state) }
      s.add("tensors_\(pieces)_ms", t * 1e3, digits: 3)
      // Minimum traffic of a fused step: read p, g, m, v and write p, m, v (7 × 4 bytes each).
      s.add("tensors_\(pieces)_gbps", 7 * 4 * Double(total) / t / 1e9, digits: 1)
    }
    return s
  }
}
