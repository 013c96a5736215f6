extension SAM {
  /// Adaptive sharpness-aware minimization (ASAM): SAM with a neighbourhood scaled by |θ|, so
  /// that rescaling a layer's weights does not change the sharpness it measures.
  ///
  ///     g = ∇L(θ),   ε = ρ·θ²⊙g/(‖|θ|⊙g‖ + 1e-12),   g_ASAM = ∇L(θ + ε)
  ///
  /// (elementwise products, global ℓ2 norm). The base optimizer steps from θ with g_ASAM;
  /// the loss returned is L(θ).
  ///
  /// - Parameter rho: ρ ≥ 0. Default `2.0` (larger than SAM's, because the scaled ball is
  ///   smaller).
  /// - SeeAlso: Kwon et al., "ASAM: Adaptive Sharpness-Aware Minimization for Scale-Invariant
  ///   Learning of Deep Neural Networks", ICML 2021; davda54/sam with `adaptive=True`.
  /// - Note: follows davda54/sam, which scales every tensor by |θ|; the authors' code
  ///   (SamsungLabs/ASAM) adds η = 0.01 to |θ| and leaves biases unscaled.
  public static func adaptive(rho: Double = 2.0) -> SAM {
    SAM(rho: rho, adaptive: true)
  }
}
