import Foundation
import RegulaPenalties
import Testing
import _RegulaTestSupport

struct AugmentationTests {
  @Test func betaSamplesHaveTheRightMoments() {
    var random = RandomGenerator(seed: 11)
    for (a, b) in [(2.0, 2.0), (0.2, 0.2), (1.0, 3.0)] {
      let n = 40_000
      let xs = (0..<n).map { _ in random.nextBeta(a, b) }
      let mean = xs.reduce(0, +) / Double(n)
      let variance = xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n)
      let expectedMean = a / (a + b)
      let expectedVariance = a * b / ((a + b) * (a + b) * (a + b + 1))
      #expect(xs.allSatisfy { $0 >= 0 && $0 <= 1 })
      #expect(Swift.abs(mean - expectedMean) < 0.01, "Beta(\(a), \(b)) mean \(mean)")
      #expect(Swift.abs(variance - expectedVariance) < 0.01, "Beta(\(a), \(b)) variance \(variance)")
    }
  }

  @Test func mixupCombinesInputsAndTargetsWithOneLambda() {
    let x = randomTensor([6, 2, 2], seed: 1)
    let y = Tensor<Double>.oneHot([0, 1, 2, 0, 1, 2], depth: 3)
    var random = RandomGenerator(seed: 2)
    let mixed = Mixup(alpha: 1).apply(inputs: x, targets: y, using: &random)
    #expect(mixed.inputs.shape == x.shape && mixed.targets.shape == y.shape)
    #expect(mixed.permutation.sorted() == Array(0..<6))
    #expect(mixed.lambda > 0 && mixed.lambda < 1)
    let l = mixed.lambda
    for i in 0..<6 {
      let j = mixed.permutation[i]
      let expected = l * x.slice(i..<(i + 1)) + (1 - l) * x.slice(j..<(j + 1))
      #expect(maxRelativeDifference(mixed.inputs.slice(i..<(i + 1)), expected, floor: 1) < 1e-15)
      let targetRow = mixed.targets.slice(i..<(i + 1)).scalars
      #expect(Swift.abs(targetRow.reduce(0, +) - 1) < 1e-15)
      let expectedTarget = (0..<3).map { k in l * y[i, k] + (1 - l) * y[j, k] }
      #expect(zip(targetRow, expectedTarget).allSatisfy { Swift.abs($0 - $1) < 1e-15 })
    }
  }

  @Test func cutoutZeroesOneClippedSquarePerImage() {
    let (n, c, h, w, s) = (50, 2, 9, 7, 4)
    let images = Tensor<Double>(repeating: 1, shape: [n, c, h, w])
    var random = RandomGenerator(seed: 5)
    let out = Cutout(size: s).apply(to: images, using: &random)
    #expect(out.shape == images.shape)
    // Replay the centres and check every pixel.
    var replay = RandomGenerator(seed: 5)
    var clipped = 0
    for i in 0..<n {
      let (cy, cx) = (replay.nextIndex(below: h), replay.nextIndex(below: w))
      var zeros = 0
      for ch in 0..<c {
        for r in 0..<h {
          for col in 0..<w {
            let inside = r >= cy - s / 2 && r < cy + s / 2 && col >= cx - s / 2 && col < cx + s / 2
            let value = out[i, ch, r, col]
            #expect(value == (inside ? 0 : 1))
            if value == 0 && ch == 0 { zeros += 1 }
          }
        }
      }
      // The mask is an s×s square, smaller only where it crosses the border.
      #expect(zeros <= s * s)
      if zeros < s * s { clipped += 1 }
      else { #expect(cy >= s / 2 && cy + s / 2 <= h && cx >= s / 2 && cx + s / 2 <= w) }
    }
    #expect(clipped > 0 && clipped < n, "both interior and border centres occur")
  }

  @Test func cutoutOnSingleChannelImages() {
    var random = RandomGenerator(seed: 9)
    let out = Cutout(size: 2).apply(to: Tensor<Float>(repeating: 3, shape: [4, 5, 5]), using: &random)
    for i in 0..<4 {
      let zeros = out.slice(i..<(i + 1)).scalars.filter { $0 == 0 }.count
      #expect(zeros >= 1 && zeros <= 4)
    }
  }
}
