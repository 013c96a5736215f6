import RegulaData
import Testing

@Suite("Digits")
struct DigitsTests {
  @Test func matchesScikitLearn() throws {
    let digits = Digits.load(as: Double.self)
    #expect(digits.count == 1797)
    #expect(digits.featureCount == 64)
    #expect(digits.featureNames?.first == "pixel_0_0")
    #expect(digits.featureNames?.last == "pixel_7_7")
    let labels = try digits.classLabels()
    var counts = [Int](repeating: 0, count: 10)
    for label in labels { counts[label] += 1 }
    // np.bincount(load_digits().target)
    #expect(counts == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180])
    // load_digits().data[0] and target[:10]
    let first: [Double] = [
      0, 0, 5, 13, 9, 1, 0, 0, 0, 0, 13, 15, 10, 15, 5, 0, 0, 3, 15, 2, 0, 11, 8, 0, 0, 4, 12, 0, 0, 8, 8, 0,
      0, 5, 8, 0, 0, 9, 8, 0, 0, 4, 11, 0, 1, 12, 7, 0, 0, 2, 14, 5, 10, 12, 0, 0, 0, 0, 6, 13, 10, 0, 0, 0,
    ]
    #expect(Array(digits.features.scalars[0..<64]) == first)
    #expect(Array(labels[0..<10]) == [0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    // load_digits().data.sum(), min and max
    #expect(digits.features.scalars.reduce(0, +) == 561_718)
    #expect(digits.features.scalars.min() == 0)
    #expect(digits.features.scalars.max() == 16)
  }

  @Test func checksumMatchesTheGenerator() {
    // FNV-1a of [label, p0 … p63] for every image, printed by Tools/embed_digits.py.
    let digits = Digits.load(as: Float.self)
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for i in 0..<digits.count {
      let bytes = [UInt8(digits.targets[i])] + digits.features.scalars[(i * 64)..<((i + 1) * 64)].map { UInt8($0) }
      for byte in bytes {
        hash ^= UInt64(byte)
        hash = hash &* 0x100_0000_01B3
      }
    }
    #expect(hash == 0xD342_CE09_8B2A_951F)
  }

  @Test func attributionNamesSourceAndLicense() {
    #expect(Digits.attribution.contains("Alpaydin"))
    #expect(Digits.attribution.contains("CC BY 4.0"))
    #expect(Digits.attribution.contains("https://doi.org/10.24432/C50P49"))
  }
}
