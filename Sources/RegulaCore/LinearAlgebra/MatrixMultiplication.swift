import _Differentiation

/// The matrix product of two tensors, on BLAS (`sgemm` / `dgemm`).
///
/// Ranks 2 × 2 give [m, k]·[k, n] = [m, n]. Ranks 3 × 3 multiply matching batches
/// ([b, m, k]·[b, k, n]); rank 3 × 2 multiplies every batch by one matrix. `transposeA` and
/// `transposeB` use the transpose of the last two axes without copying.
///
/// The pullback is Ā = Ḡ·Bᵀ, B̄ = Aᵀ·Ḡ; when only one operand needs a gradient, only that
/// product is computed.
@_specialize(where S == Float) @_specialize(where S == Double)
@differentiable(reverse)
public func matmul<S>(_ a: Tensor<S>, _ b: Tensor<S>) -> Tensor<S> {
  matmul(a, transposed: false, b, transposed: false)
}

/// The matrix product with either operand transposed; see `matmul(_:_:)`.
@_specialize(where S == Float) @_specialize(where S == Double)
@differentiable(reverse, wrt: (a, b))
public func matmul<S>(_ a: Tensor<S>, transposed ta: Bool, _ b: Tensor<S>, transposed tb: Bool) -> Tensor<S> {
  precondition(a.rank >= 2 && a.rank <= 3 && b.rank >= 2 && b.rank <= 3 && b.rank <= a.rank,
    "matmul supports ranks 2×2, 3×3 and 3×2, got \(a.shape) and \(b.shape)")
  let (ar, ac) = (a.shape[a.rank - 2], a.shape[a.rank - 1])
  let (br, bc) = (b.shape[b.rank - 2], b.shape[b.rank - 1])
  let (m, k) = ta ? (ac, ar) : (ar, ac)
  let (k2, n) = tb ? (bc, br) : (br, bc)
  precondition(k == k2, "matmul: inner dimensions differ: \(a.shape)\(ta ? "ᵀ" : "") · \(b.shape)\(tb ? "ᵀ" : "")")
  if a.rank == 3 && b.rank == 2 && !ta {
    // One matrix for every batch: fold the batch into the rows.
    let batch = a.shape[0]
    let flat = matmul(a.reshaped(to: [batch * ar, ac]), transposed: false, b, transposed: tb)
    return flat.reshaped(to: [batch, m, n])
  }
  let batch = a.rank == 3 ? a.shape[0] : 1
  if b.rank == 3 { precondition(b.shape[0] == batch, "matmul: batch sizes differ: \(a.shape) and \(b.shape)") }
  let outShape = a.rank == 3 ? [batch, m, n] : [m, n]
  return Tensor(shape: outShape) { out in
    a.scalars.withUnsafeBufferPointer { x in
      b.scalars.withUnsafeBufferPointer { y in
        for i in 0..<batch {
          BLAS.gemm(
            transposeA: ta, transposeB: tb, m: m, n: n, k: k,
            a: x.baseAddress! + i * ar * ac, lda: ac,
            b: y.baseAddress! + (b.rank == 3 ? i * br * bc : 0), ldb: bc,
            c: out.baseAddress! + i * m * n, ldc: n)
        }
      }
    }
  }
}

@_specialize(where S == Float) @_specialize(where S == Double)
@derivative(of: matmul(_:transposed:_:transposed:), wrt: (a, b))
@usableFromInline func _vjpMatmul<S>(_ a: Tensor<S>, transposed ta: Bool, _ b: Tensor<S>, transposed tb: Bool)
  -> (value: Tensor<S>, pullback: (Tensor<S>) -> (Tensor<S>, Tensor<S>))
{
  let c = matmul(a, transposed: ta, b, transposed: tb)
  let shape = c.shape
  return (c, { g in
    let g = g.gradient(inShape: shape)
    return (matmulGradientA(g, a, ta, b, tb), matmulGradientB(g, a, ta, b, tb))
  })
}

@_specialize(where S == Float) @_specialize(where S == Double)
@derivative(of: matmul(_:transposed:_:transposed:), wrt: a)
@usableFromInline func _vjpMatmulA<S>(_ a: Tensor<S>, transposed ta: Bool, _ b: Tensor<S>, transposed tb: Bool)
  -> (value: Tensor<S>, pullback: (Tensor<S>) -> Tensor<S>)
{
  let c = matmul(a, transposed: ta, b, transposed: tb)
  let shape = c.shape
  return (c, { g in matmulGradientA(g.gradient(inShape: shape), a, ta, b, tb) })
}

@_specialize(where S == Float) @_specialize(where S == Double)
@derivative(of: matmul(_:transposed:_:transposed:), wrt: b)
@usableFromInline func _vjpMatmulB<S>(_ a: Tensor<S>, transposed ta: Bool, _ b: Tensor<S>, transposed tb: Bool)
  -> (value: Tensor<S>, pullback: (Tensor<S>) -> Tensor<S>)
{
  let c = matmul(a, transposed: ta, b, transposed: tb)
  let shape = c.shape
  return (c, { g in matmulGradientB(g.gradient(inShape: shape), a, ta, b, tb) })
}

/// Ā for C = op(A)·op(B): op(A)̄ = Ḡ·op(B)ᵀ, transposed back when A was used transposed.
@_specialize(where S == Float) @_specialize(where S == Double)
@usableFromInline func matmulGradientA<S>(_ g: Tensor<S>, _ a: Tensor<S>, _ ta: Bool, _ b: Tensor<S>, _ tb: Bool) -> Tensor<S> {
  if a.rank == 3 && b.rank == 2 && !ta {
    return matmul(g.reshaped(to: [-1, g.shape[2]]), transposed: false, b, transposed: !tb).reshaped(to: a.shape)
  }
  return ta ? matmul(b, transposed: tb, g, transposed: true) : matmul(g, transposed: false, b, transposed: !tb)
}

/// B̄ for C = op(A)·op(B): op(B)̄ = op(A)ᵀ·Ḡ, summed over batches when B was shared.
@_specialize(where S == Float) @_specialize(where S == Double)
@usableFromInline func matmulGradientB<S>(_ g: Tensor<S>, _ a: Tensor<S>, _ ta: Bool, _ b: Tensor<S>, _ tb: Bool) -> Tensor<S> {
  if a.rank == 3 && b.rank == 2 {
    precondition(!ta, "matmul: a transposed rank-3 by rank-2 product is not supported")
    let a2 = a.reshaped(to: [-1, a.shape[2]]), g2 = g.reshaped(to: [-1, g.shape[2]])
    return tb ? matmul(g2, transposed: true, a2, transposed: false) : matmul(a2, transposed: true, g2, transposed: false)
  }
  return tb ? matmul(g, transposed: true, a, transposed: ta) : matmul(a, transposed: !ta, g, transposed: false)
}
