/// Cutout: zeroes a square patch of every image at a uniformly random centre.
///
/// For each image, a centre (cy, cx) is drawn uniformly over the pixels and the rows
/// [cy − ⌊s/2⌋, cy + ⌊s/2⌋) and columns [cx − ⌊s/2⌋, cx + ⌊s/2⌋), clipped to the image, are
/// set to 0 in every channel. Near a border the patch is partly outside the image and the
/// zeroed area is smaller. Apply it after normalisation, so that 0 is the mean.
///
/// - Parameter size: s > 0, the side of the square. CIFAR-10 16, CIFAR-100 8, SVHN 20.
/// - SeeAlso: DeVries & Taylor, "Improved Regularization of Convolutional Neural Networks
///   with Cutout", 2017; reference code uoguelph-mlrg/Cutout (one hole).
/// - Note: as in the reference, an odd s zeroes a square of side s − 1 (⌊s/2⌋ on each side
///   of the centre). The centres come from ``RandomGenerator``, not NumPy's stream.
public struct Cutout: Sendable, Equatable {
  public var size: Int

  public init(size: Int) {
    precondition(size > 0, "Cutout: size must be positive, got \(size)")
    self.size = size
  }

  /// `images` with one patch per image zeroed.
  ///
  /// - Parameter images: [n, H, W] or [n, C, H, W] (the last two axes are the rows and
  ///   columns of a picture).
  public func apply<Scalar: TensorScalar>(to images: Tensor<Scalar>, using random: inout RandomGenerator) -> Tensor<Scalar> {
    precondition(images.rank == 3 || images.rank == 4, "Cutout: images must be [n, H, W] or [n, C, H, W], got \(images.shape)")
    let (h, w) = (images.shape[images.rank - 2], images.shape[images.rank - 1])
    let n = images.shape[0]
    let channels = images.rank == 4 ? images.shape[1] : 1
    var result = images
    result.scalars.withUnsafeMutableBufferPointer { x in
      for i in 0..<n {
        let cy = random.nextIndex(below: h)
        let cx = random.nextIndex(below: w)
        let rows = Swift.max(cy - size / 2, 0)..<Swift.min(cy + size / 2, h)
        let columns = Swift.max(cx - size / 2, 0)..<Swift.min(cx + size / 2, w)
        for c in 0..<channels {
          let base = (i * channels + c) * h * w
          for r in rows {
            for col in columns { x[base + r * w + col] = 0 }
          }
        }
      }
    }
    return result
  }
}
