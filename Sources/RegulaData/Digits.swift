/// The 8×8 handwritten digits, Regula's embedded default data set: 1,797 grey-scale images of
/// the digits 0–9, each 64 pixels with integer values 0–16, in scikit-learn's order.
///
/// The images are the test set of the UCI "Optical Recognition of Handwritten Digits" data:
/// 32×32 bitmaps by 43 writers, divided into 4×4 blocks whose counts of set pixels make the
/// 8×8 image. The copy is scikit-learn's `load_digits()` (`digits.csv.gz`), embedded by
/// `Tools/embed_digits.py`, so examples and tests run without a download.
///
///     let digits = Digits.load(as: Float.self)       // features 0…16
///     var scaled = digits
///     scaled.features = digits.features / 16       // pixels in [0, 1]
///     let (train, test) = scaled.split(testFraction: 0.2, seed: 0)
///
/// Features are the raw counts 0–16, not rescaled, as scikit-learn returns them; divide by 16
/// for [0, 1] or standardize with ``Standardization``. Targets are the digits 0–9 (use
/// ``Dataset/classLabels()``). Class sizes, 0 to 9: 178, 182, 177, 183, 181, 182, 181, 179,
/// 174, 180.
///
/// - SeeAlso: E. Alpaydin and C. Kaynak, "Optical Recognition of Handwritten Digits", UCI
///   Machine Learning Repository, 1998. <https://doi.org/10.24432/C50P49>
public enum Digits {
  /// The number of images, 1,797.
  public static let count = 1797
  /// The number of pixels per image, 64 (8 × 8, row by row).
  public static let featureCount = 64
  /// The number of classes, 10.
  public static let classCount = 10
  /// The largest pixel value, 16.
  public static let maximumPixelValue = 16

  /// The citation and license, to print wherever the data set is used.
  public static let attribution = """
    Optical Recognition of Handwritten Digits (8x8 test set as distributed with scikit-learn), \
    E. Alpaydin and C. Kaynak, UCI Machine Learning Repository, 1998, \
    https://doi.org/10.24432/C50P49. Licensed under CC BY 4.0 \
    (https://creativecommons.org/licenses/by/4.0/).
    """

  /// The feature names, `pixel_0_0` … `pixel_7_7` (row, then column), as in scikit-learn.
  public static let featureNames: [String] = (0..<8).flatMap { row in (0..<8).map { "pixel_\(row)_\($0)" } }

  /// The data set: features of shape `[1797, 64]` with values 0…16 and targets 0…9.
  ///
  /// - Complexity: decodes about 117 kB of embedded text, a few milliseconds.
  public static func load<Scalar: TensorScalar>(as _: Scalar.Type = Scalar.self) -> Dataset<Scalar> {
    let (pixels, labels) = decode()
    return Dataset(
      features: Tensor(shape: [count, featureCount], scalars: pixels.map { Scalar($0) }),
      targets: labels.map(Double.init), featureNames: featureNames, targetName: "digit")
  }

  /// The embedded pixels and labels as bytes.
  static func decode() -> (pixels: [UInt8], labels: [UInt8]) {
    var pixels = [UInt8]()
    pixels.reserveCapacity(count * featureCount)
    var labels = [UInt8]()
    labels.reserveCapacity(count)
    var atLineStart = true
    for byte in DigitsData.encoded.utf8 {
      if byte == UInt8(ascii: "\n") {
        atLineStart = true
      } else if atLineStart {
        labels.append(byte &- UInt8(ascii: "0"))
        atLineStart = false
      } else {
        pixels.append(byte &- UInt8(ascii: "A"))
      }
    }
    precondition(
      labels.count == count && pixels.count == count * featureCount,
      "the embedded digits are corrupt; regenerate DigitsData.swift with Tools/embed_digits.py")
    assert(checksum(pixels: pixels, labels: labels) == DigitsData.checksum, "the embedded digits fail their checksum")
    return (pixels, labels)
  }

  /// FNV-1a (64-bit) of the bytes `[label, p0, …, p63]` of every image, as
  /// `Tools/embed_digits.py` computes it from scikit-learn's file.
  private static func checksum(pixels: [UInt8], labels: [UInt8]) -> UInt64 {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    func mix(_ byte: UInt8) {
      hash ^= UInt64(byte)
      hash = hash &* 0x100_0000_01B3
    }
    for i in 0..<labels.count {
      mix(labels[i])
      for j in 0..<featureCount { mix(pixels[i * featureCount + j]) }
    }
    return hash
  }
}
