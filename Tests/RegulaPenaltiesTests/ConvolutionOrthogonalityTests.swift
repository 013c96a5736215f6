import RegulaPenalties
import Testing
import _Differentiation
import _RegulaTestSupport

/// OCNN's kernel orthogonality against the doubly block-Toeplitz matrix of the convolution,
/// built entry by entry.
struct ConvolutionOrthogonalityTests {
  /// The matrix 𝒦 of the strided, unpadded convolution of an N_h×N_w input by `kernel`
  /// (rows: output channel × output position; columns: input channel × input pixel), with
  /// the number of output positions per axis.
  static func convolutionMatrix(_ kernel: Tensor<Double>, stride s: Int, outputs: (Int, Int)) -> [[Double]] {
    let (co, ci, kh, kw) = (kernel.shape[0], kernel.shape[1], kernel.shape[2], kernel.shape[3])
    let (nh, nw) = ((outputs.0 - 1) * s + kh, (outputs.1 - 1) * s + kw)
    var rows: [[Double]] = []
    for a in 0..<co {
      for oy in 0..<outputs.0 {
        for ox in 0..<outputs.1 {
          var row = [Double](repeating: 0, count: ci * nh * nw)
          for c in 0..<ci {
            for u in 0..<kh {
              for v in 0..<kw {
                row[(c * nh + oy * s + u) * nw + ox * s + v] = kernel.scalars[((a * ci + c) * kh + u) * kw + v]
              }
            }
          }
          rows.append(row)
        }
      }
    }
    return rows
  }

  /// Σ over the rows of one interior output position of Σ_columns ((𝒦𝒦ᵀ − I)_{row, column})²:
  /// how far those rows are from orthonormal against every row of 𝒦.
  static func literalDefect(_ kernel: Tensor<Double>, stride s: Int) -> Double {
    let (kh, kw) = (kernel.shape[2], kernel.shape[3])
    let (reachH, reachW) = ((kh - 1) / s, (kw - 1) / s)  // P/S: the farthest overlapping neighbour
    let outputs = (2 * reachH + 3, 2 * reachW + 3)
    let rows = convolutionMatrix(kernel, stride: s, outputs: outputs)
    let perChannel = outputs.0 * outputs.1
    let centre = (reachH + 1) * outputs.1 + reachW + 1
    var total = 0.0
    for a in 0..<kernel.shape[0] {
      let i = a * perChannel + centre
      for j in rows.indices {
        var dot = 0.0
        for (x, y) in zip(rows[i], rows[j]) { dot += x * y }
        let entry = dot - (i == j ? 1 : 0)
        total += entry * entry
      }
    }
    return total
  }

  @Test(arguments: [([3, 2, 3, 3], 1), ([3, 2, 3, 3], 2), ([2, 3, 2, 3], 2), ([4, 1, 3, 3], 3), ([2, 2, 5, 5], 2)])
  func equalsTheRowDefectOfTheConvolutionMatrix(_ shape: [Int], _ stride: Int) {
    let kernel = randomTensor(shape, seed: 3, scale: 0.4)
    let value = ConvolutionOrthogonalityRegularizer<Double>(stride: stride)(kernel).scalar
    let literal = Self.literalDefect(kernel, stride: stride)
    #expect(Swift.abs(value - literal) < 1e-12 * literal, "\(shape) stride \(stride): \(value) vs \(literal)")
  }

  @Test func vanishesOnADeltaOrthogonalKernelAndNotOnAShiftedOne() {
    // The centre tap an orthogonal 2×2 matrix, the others zero: 𝒦 has orthonormal rows.
    var kernel = Tensor<Double>(zeros: [2, 2, 3, 3])
    let (c, s) = (0.6, 0.8)
    for (a, b, x) in [(0, 0, c), (0, 1, -s), (1, 0, s), (1, 1, c)] { kernel.scalars[((a * 2 + b) * 3 + 1) * 3 + 1] = x }
    #expect(ConvolutionOrthogonalityRegularizer<Double>()(kernel).scalar < 1e-28)
    // Both filters' taps at different places still overlap at a shift: the rows are not orthogonal.
    var spread = Tensor<Double>(zeros: [2, 1, 3, 3])
    spread.scalars[0] = 1
    spread.scalars[9 + 4] = 1
    #expect(Swift.abs(ConvolutionOrthogonalityRegularizer<Double>()(spread).scalar - 2) < 1e-15)
  }

  @Test func withoutOverlapItIsSoftOrthogonalityOfTheFlattenedKernel() {
    // Stride ≥ k: P = 0, only shift 0, and Conv(K, K) is the Gram matrix of the filters.
    let kernel = randomTensor([3, 2, 2, 2], seed: 8)
    let flat = kernel.reshaped(to: [3, 8])
    let soft = SoftOrthogonalityRegularizer<Double>()(flat).scalar
    #expect(Swift.abs(ConvolutionOrthogonalityRegularizer<Double>(stride: 2)(kernel).scalar - soft) < 1e-12 * soft)
  }

  @Test(arguments: [1, 2])
  func gradientMatchesFiniteDifferences(_ stride: Int) {
    let kernel = randomTensor([3, 2, 3, 3], seed: 4, scale: 0.5)
    #expect(gradientError(at: kernel) { ConvolutionOrthogonalityRegularizer<Double>(stride: stride)($0) } < 1e-6)
  }

  @Test func registryBuildsItAndRejectsAMatrix() throws {
    let term: PenaltyTerm<Double> = try PenaltyRegistry.make("conv_orthogonality(0.5, stride=2, on: conv)")
    #expect((term.penalty as? ConvolutionOrthogonalityRegularizer<Double>)?.stride == 2)
    let kernel = randomTensor([2, 2, 3, 3], seed: 9)
    let parameters = ParameterSet([("conv.weight", kernel)])
    try term.validate(against: parameters)
    #expect(Swift.abs(term.value(parameters).scalar - 0.5 * Self.literalDefect(kernel, stride: 2)) < 1e-12)
    let dense: PenaltyTerm<Double> = try PenaltyRegistry.make("conv_orthogonality(0.5, on: dense)")
    #expect(throws: PenaltyError("penalty conv_orthogonality(0.5, on=dense): parameter dense.weight needs a convolution kernel [c_out, c_in, k_h, k_w] (rank 4), got shape [2, 3]")) {
      try dense.validate(against: ParameterSet([("dense.weight", Tensor<Double>(zeros: [2, 3]))]))
    }
    #expect(throws: MethodSpecError("penalty conv_orthogonality: stride must be at least 1, got 0")) {
      _ = try PenaltyRegistry.make("conv_orthogonality(0.5, stride=0)") as PenaltyTerm<Double>
    }
  }
}
