import Foundation
import RegulaCore
import Testing
import _Differentiation
import _RegulaTestSupport

/// The differentiable decompositions: reconstruction in Float and Double, gradients against
/// central differences in Double through gauge-invariant functions, and the stops on bad input.
struct LinearAlgebraTests {
  typealias T = Tensor<Double>

  // MARK: - Helpers

  static func identity<S: TensorScalar>(_ n: Int, _: S.Type = S.self) -> Tensor<S> {
    var t = Tensor<S>(zeros: [n, n])
    for i in 0..<n { t[i, i] = 1 }
    return t
  }

  /// max|x − y| / max(1, max|y|).
  static func error<S: TensorScalar>(_ x: Tensor<S>, _ y: Tensor<S>) -> Double {
    #expect(x.shape == y.shape)
    let scale = y.scalars.reduce(1.0) { max($0, Double(abs($1))) }
    return zip(x.scalars, y.scalars).reduce(0.0) { max($0, Double(abs($1.0 - $1.1))) } / scale
  }

  /// B·Bᵀ + n·I: symmetric positive definite.
  static func spd<S: TensorScalar>(_ n: Int, seed: UInt64, _: S.Type = S.self) -> Tensor<S> {
    let b = Tensor<S>(randomTensor([n, n], seed: seed))
    return matmul(b, transposed: false, b, transposed: true) + identity(n) * S(n)
  }

  static func tolerance<S: TensorScalar>(_: S.Type) -> Double { S.self == Float.self ? 2e-5 : 1e-12 }

  // MARK: - Reconstruction (Float and Double)

  func eigendecompositionReconstructs<S: TensorScalar>(_: S.Type) {
    let b = Tensor<S>(randomTensor([5, 5], seed: 1))
    let a = b + b.transposed()
    let e = symmetricEigendecomposition(a)
    let v = e.eigenvectors
    #expect(e.eigenvalues.shape == [5] && v.shape == [5, 5])
    #expect(zip(e.eigenvalues.scalars, e.eigenvalues.scalars.dropFirst()).allSatisfy { $0 <= $1 }, "ascending")
    let rebuilt = matmul(v * e.eigenvalues, transposed: false, v, transposed: true)
    #expect(Self.error(rebuilt, a) <= Self.tolerance(S.self))
    #expect(Self.error(matmul(v, transposed: true, v, transposed: false), Self.identity(5)) <= Self.tolerance(S.self))
    // A·vⱼ = λⱼ·vⱼ column by column.
    #expect(Self.error(matmul(a, v), v * e.eigenvalues) <= Self.tolerance(S.self) * 10)
  }

  @Test func eigendecompositionReconstructsFloat() { eigendecompositionReconstructs(Float.self) }
  @Test func eigendecompositionReconstructsDouble() { eigendecompositionReconstructs(Double.self) }

  @Test func eigendecompositionUsesTheSymmetricPart() {
    let b = randomTensor([4, 4], seed: 2)
    let e = symmetricEigendecomposition(b)
    let f = symmetricEigendecomposition((b + b.transposed()) / 2)
    #expect(Self.error(e.eigenvalues, f.eigenvalues) <= 1e-13)
  }

  func svdReconstructs<S: TensorScalar>(_: S.Type, _ shape: [Int]) {
    let a = Tensor<S>(randomTensor(shape, seed: 3))
    let k = shape.min()!
    let svd = singularValueDecomposition(a)
    #expect(svd.u.shape == [shape[0], k] && svd.singularValues.shape == [k] && svd.vTransposed.shape == [k, shape[1]])
    let s = svd.singularValues.scalars
    #expect(zip(s, s.dropFirst()).allSatisfy { $0 >= $1 } && s.allSatisfy { $0 >= 0 }, "descending, non-negative")
    let tol = Self.tolerance(S.self)
    #expect(Self.error(matmul(svd.u * svd.singularValues, svd.vTransposed), a) <= tol)
    #expect(Self.error(matmul(svd.u, transposed: true, svd.u, transposed: false), Self.identity(k)) <= tol)
    #expect(Self.error(matmul(svd.vTransposed, transposed: false, svd.vTransposed, transposed: true), Self.identity(k)) <= tol)
    #expect(Self.error(singularValues(a), svd.singularValues) <= tol)
  }

  @Test(arguments: [[5, 3], [4, 4], [3, 6]])
  func svdReconstructsFloat(_ shape: [Int]) { svdReconstructs(Float.self, shape) }
  @Test(arguments: [[5, 3], [4, 4], [3, 6]])
  func svdReconstructsDouble(_ shape: [Int]) { svdReconstructs(Double.self, shape) }

  @Test func singularValuesOfAKnownMatrix() {
    // diag(3, 2) rotated on both sides has singular values 3, 2.
    let c = 0.6, s = 0.8
    let rotation = T(rows: [[c, -s], [s, c]])
    let a = matmul(matmul(rotation, T(rows: [[2, 0], [0, -3]])), rotation.transposed())
    #expect(Self.error(singularValues(a), T([3, 2])) <= 1e-14)
  }

  func qrReconstructs<S: TensorScalar>(_: S.Type, _ shape: [Int]) {
    let a = Tensor<S>(randomTensor(shape, seed: 4))
    let n = shape[1]
    let qr = qrDecomposition(a)
    #expect(qr.q.shape == shape && qr.r.shape == [n, n])
    let tol = Self.tolerance(S.self)
    #expect(Self.error(matmul(qr.q, qr.r), a) <= tol)
    #expect(Self.error(matmul(qr.q, transposed: true, qr.q, transposed: false), Self.identity(n)) <= tol)
    for i in 0..<n {
      for j in 0..<i { #expect(qr.r[i, j] == 0, "R is upper triangular") }
    }
  }

  @Test(arguments: [[6, 3], [4, 4], [5, 1]])
  func qrReconstructsFloat(_ shape: [Int]) { qrReconstructs(Float.self, shape) }
  @Test(arguments: [[6, 3], [4, 4], [5, 1]])
  func qrReconstructsDouble(_ shape: [Int]) { qrReconstructs(Double.self, shape) }

  func choleskyReconstructs<S: TensorScalar>(_: S.Type) {
    let a: Tensor<S> = Self.spd(5, seed: 5)
    let l = choleskyFactor(a)
    #expect(Self.error(matmul(l, transposed: false, l, transposed: true), a) <= Self.tolerance(S.self))
    for i in 0..<5 {
      #expect(l[i, i] > 0)
      for j in (i + 1)..<5 { #expect(l[i, j] == 0, "L is lower triangular") }
    }
  }

  @Test func choleskyReconstructsFloat() { choleskyReconstructs(Float.self) }
  @Test func choleskyReconstructsDouble() { choleskyReconstructs(Double.self) }

  func solveAndInverseReconstruct<S: TensorScalar>(_: S.Type) {
    let a = Tensor<S>(randomTensor([5, 5], seed: 6)) + Self.identity(5) * 3
    let b = Tensor<S>(randomTensor([5, 2], seed: 7))
    let vector = Tensor<S>(randomTensor([5], seed: 8))
    let tol = Self.tolerance(S.self) * 10
    let x = solve(a, b)
    #expect(x.shape == [5, 2])
    #expect(Self.error(matmul(a, x), b) <= tol)
    let y = solve(a, vector)
    #expect(y.shape == [5])
    #expect(Self.error(matmul(a, y.reshaped(to: [5, 1])).reshaped(to: [5]), vector) <= tol)
    let inv = inverse(a)
    #expect(Self.error(matmul(a, inv), Self.identity(5)) <= tol)
    #expect(Self.error(matmul(inv, a), Self.identity(5)) <= tol)
  }

  @Test func solveAndInverseReconstructFloat() { solveAndInverseReconstruct(Float.self) }
  @Test func solveAndInverseReconstructDouble() { solveAndInverseReconstruct(Double.self) }

  @Test func determinants() {
    let a = T(rows: [[2, 1, 0], [1, 3, 1], [0, 1, 4]])  // det = 2·11 − 1·4 = 18
    #expect(abs(determinant(a).scalar - 18) <= 1e-12)
    #expect(abs(logAbsDeterminant(a).scalar - Foundation.log(18.0)) <= 1e-14)
    #expect(determinantSign(a).scalar == 1)
    let swapped = T(rows: [[1, 3, 1], [2, 1, 0], [0, 1, 4]])
    #expect(abs(determinant(swapped).scalar + 18) <= 1e-12)
    #expect(determinantSign(swapped).scalar == -1)
    let singular = T(rows: [[1, 2], [2, 4]])
    #expect(determinant(singular).scalar == 0)
    #expect(logAbsDeterminant(singular).scalar == -.infinity)
    #expect(determinantSign(singular).scalar == 0)
    let f = Tensor<Float>(Self.spd(6, seed: 9, Double.self))
    let l = choleskyFactor(f)
    let viaCholesky = 2 * (0..<6).reduce(Float(0)) { $0 + Foundation.log(l[$1, $1]) }
    #expect(abs(logAbsDeterminant(f).scalar - viaCholesky) <= 1e-4 * abs(viaCholesky))
    #expect(Self.error(determinantSign(f) * exp(logAbsDeterminant(f)), determinant(f)) <= 1e-5)
  }

  @Test func emptyMatrices() {
    let empty = T(zeros: [0, 0])
    #expect(symmetricEigendecomposition(empty).eigenvalues.shape == [0])
    #expect(choleskyFactor(empty).shape == [0, 0])
    #expect(inverse(empty).shape == [0, 0])
    #expect(determinant(empty).scalar == 1)
    #expect(singularValues(T(zeros: [3, 0])).shape == [0])
    #expect(gradient(at: empty) { choleskyFactor($0).sum().scalarized() }.shape == [0, 0])
    #expect(gradient(at: T(zeros: [3, 0])) { qrDecomposition($0).q.sum().scalarized() }.shape == [3, 0])
  }

  // MARK: - Gradients (Double, central differences)

  static let square4 = randomTensor([4, 4], seed: 21)
  static let tall = randomTensor([5, 3], seed: 22)
  static let wide = randomTensor([3, 5], seed: 23)
  static let wellConditioned = randomTensor([4, 4], seed: 24) + identity(4) * 3
  static let rhs = randomTensor([4, 2], seed: 25)
  static let rhsVector = randomTensor([4], seed: 26)
  static let spd4: T = spd(4, seed: 27)

  struct Case: CustomTestStringConvertible, Sendable {
    let name: String
    let input: T
    let f: @Sendable @differentiable(reverse) (T) -> T
    var testDescription: String { name }
  }

  static let cases: [Case] = [
    // Symmetric eigendecomposition (inputs symmetrized as B + Bᵀ inside the function).
    Case(name: "eigh eigenvalues", input: square4) { symmetricEigendecomposition($0 + $0.transposed()).eigenvalues },
    Case(name: "eigh V·diag(exp(λ/4))·Vᵀ", input: square4) {
      let e = symmetricEigendecomposition($0 + $0.transposed())
      return matmul(e.eigenvectors * exp(e.eigenvalues / 4), transposed: false, e.eigenvectors, transposed: true)
    },
    Case(name: "eigh squared eigenvectors", input: square4) {
      square(symmetricEigendecomposition($0 + $0.transposed()).eigenvectors)
    },
    Case(name: "eigh squared eigenvectors and eigenvalues", input: square4) {
      let e = symmetricEigendecomposition($0 + $0.transposed())
      return square(e.eigenvectors) * e.eigenvalues
    },
    Case(name: "eigh unsymmetric input (symmetric part)", input: square4) {
      let e = symmetricEigendecomposition($0)
      return matmul(e.eigenvectors * (e.eigenvalues * e.eigenvalues * e.eigenvalues), transposed: false,
        e.eigenvectors, transposed: true)
    },
    // SVD through U·diag(g(s))·Vᵀ and squared singular-vector entries.
    Case(name: "svd U·diag(s²)·Vᵀ tall", input: tall) { svdFunction($0) },
    Case(name: "svd U·diag(s²)·Vᵀ square", input: square4) { svdFunction($0) },
    Case(name: "svd U·diag(s²)·Vᵀ wide", input: wide) { svdFunction($0) },
    Case(name: "svd squared U tall", input: tall) { square(singularValueDecomposition($0).u) },
    Case(name: "svd squared U wide", input: wide) { square(singularValueDecomposition($0).u) },
    Case(name: "svd squared Vᵀ tall", input: tall) { square(singularValueDecomposition($0).vTransposed) },
    Case(name: "svd squared Vᵀ wide", input: wide) { square(singularValueDecomposition($0).vTransposed) },
    Case(name: "svd singular values field", input: tall) { singularValueDecomposition($0).singularValues },
    Case(name: "singularValues tall", input: tall) { singularValues($0) },
    Case(name: "singularValues wide", input: wide) { singularValues($0) },
    Case(name: "nuclear norm", input: square4) { singularValues($0).sum() },
    // QR: LAPACK's signs are locally constant, so Q and R themselves are differentiable.
    Case(name: "qr Q tall", input: tall) { qrDecomposition($0).q },
    Case(name: "qr R tall", input: tall) { qrDecomposition($0).r },
    Case(name: "qr Q and R square", input: square4) {
      let qr = qrDecomposition($0)
      return T(concatenating: [qr.q, qr.r], alongAxis: 0)
    },
    Case(name: "qr Q·R tall", input: tall) {
      let qr = qrDecomposition($0)
      return matmul(qr.q, exp(qr.r))
    },
    // Cholesky of a matrix made SPD inside the function, and of an SPD point directly.
    Case(name: "cholesky of B·Bᵀ + 4I", input: square4) {
      choleskyFactor(matmul($0, transposed: false, $0, transposed: true) + LinearAlgebraTests.identity(4) * 4)
    },
    Case(name: "cholesky at an SPD point", input: spd4) { choleskyFactor($0) },
    Case(name: "cholesky log-determinant", input: spd4) { log(square(choleskyFactor($0)).sum(alongAxes: [1])) },
    // Solve and inverse.
    Case(name: "solve wrt A, matrix rhs", input: wellConditioned) { solve($0, LinearAlgebraTests.rhs) },
    Case(name: "solve wrt A, vector rhs", input: wellConditioned) { solve($0, LinearAlgebraTests.rhsVector) },
    Case(name: "solve wrt b, matrix", input: rhs) { solve(LinearAlgebraTests.wellConditioned, $0) },
    Case(name: "solve wrt b, vector", input: rhsVector) { solve(LinearAlgebraTests.wellConditioned, $0) },
    Case(name: "solve wrt A and b", input: wellConditioned) { solve($0, matmul($0, LinearAlgebraTests.rhs) + LinearAlgebraTests.rhs) },
    Case(name: "inverse", input: wellConditioned) { inverse($0) },
    // Determinants.
    Case(name: "determinant", input: square4) { determinant($0) },
    Case(name: "determinant at a singular matrix", input: singular4) { determinant($0) },
    Case(name: "logAbsDeterminant", input: square4) { logAbsDeterminant($0) },
    Case(name: "sign·exp(logAbsDeterminant)", input: square4) { determinantSign($0) * exp(logAbsDeterminant($0)) },
  ]

  /// U·diag(s²)·Vᵀ: invariant under the sign choices of the singular vectors.
  @differentiable(reverse)
  static func svdFunction(_ a: T) -> T {
    let svd = singularValueDecomposition(a)
    return matmul(svd.u * square(svd.singularValues), svd.vTransposed)
  }

  /// A 4×4 matrix of rank 3 (last row = first + second).
  static let singular4: T = {
    var a = randomTensor([4, 4], seed: 28)
    for j in 0..<4 { a[3, j] = a[0, j] + a[1, j] }
    return a
  }()

  @Test(arguments: cases)
  func matchesCentralDifferences(_ c: Case) {
    let error = gradientError(at: c.input, of: c.f)
    #expect(error <= 1e-6, "\(c.name): relative gradient error \(error)")
  }

  @Test func pullbacksStayFiniteAtRepeatedValues() {
    // The identity has one eigenvalue (repeated) and one singular value (repeated).
    let a = Self.identity(4, Double.self) * 2
    let ge = gradient(at: a) { a -> Double in
      let e = symmetricEigendecomposition(a)
      return (square(e.eigenvectors) * e.eigenvalues).sum().scalarized()
    }
    #expect(ge.isFinite)
    let gs = gradient(at: a) { a -> Double in
      let svd = singularValueDecomposition(a)
      return (square(svd.u) + square(svd.vTransposed) * svd.singularValues).sum().scalarized()
    }
    #expect(gs.isFinite)
    // A rank-deficient tall matrix: zero singular values.
    let low = matmul(randomTensor([5, 1], seed: 30), randomTensor([1, 3], seed: 31))
    let gz = gradient(at: low) { Self.svdFunction($0).sum().scalarized() }
    #expect(gz.isFinite)
  }

  @Test func gradientsInFloat() {
    // The Float pullbacks agree with the Double ones.
    let x = LinearAlgebraTests.square4
    let fd: @differentiable(reverse) (T) -> Double = { a in
      let e = symmetricEigendecomposition(a + a.transposed())
      return (square(e.eigenvectors) * e.eigenvalues).sum().scalarized() + logAbsDeterminant(a).scalarized()
    }
    let ff: @differentiable(reverse) (Tensor<Float>) -> Float = { a in
      let e = symmetricEigendecomposition(a + a.transposed())
      return (square(e.eigenvectors) * e.eigenvalues).sum().scalarized() + logAbsDeterminant(a).scalarized()
    }
    let gd = gradient(at: x, of: fd)
    let gf = gradient(at: Tensor<Float>(x), of: ff)
    #expect(Self.error(Tensor<Double>(gf), gd) <= 1e-3)
  }

  // MARK: - Preconditions

  /// Shape errors stop through `precondition`; factorization failures through `fatalError`,
  /// whose message (shape, routine, info code) survives release builds.
  @Test func nonSquareAndSingularInputsStop() async {
    let nonSquare = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = symmetricEigendecomposition(Tensor<Double>(zeros: [2, 3]))
    }
    #if DEBUG  // `precondition` prints its message only in debug builds.
      let nonSquareMessage = String(decoding: nonSquare?.standardErrorContent ?? [], as: UTF8.self)
      #expect(nonSquareMessage.contains("square matrix, got shape [2, 3]"), "\(nonSquareMessage)")
    #else
      _ = nonSquare
    #endif
    await #expect(processExitsWith: .failure) { _ = choleskyFactor(Tensor<Double>(zeros: [3, 2])) }
    await #expect(processExitsWith: .failure) { _ = inverse(Tensor<Double>(zeros: [3])) }
    await #expect(processExitsWith: .failure) { _ = solve(Tensor<Double>(zeros: [3, 3]) + 1, Tensor<Double>(zeros: [2])) }
    await #expect(processExitsWith: .failure) { _ = qrDecomposition(Tensor<Double>(zeros: [2, 3])) }
    let notSPD = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = choleskyFactor(Tensor<Double>(rows: [[1, 2], [2, 1]]))
    }
    let message = String(decoding: notSPD?.standardErrorContent ?? [], as: UTF8.self)
    #expect(message.contains("[2, 2]") && message.contains("info = 2") && message.contains("positive definite"), "\(message)")
    let singular = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = solve(Tensor<Double>(rows: [[1, 2], [2, 4]]), Tensor<Double>([1, 1]))
    }
    let singularMessage = String(decoding: singular?.standardErrorContent ?? [], as: UTF8.self)
    #expect(singularMessage.contains("singular") && singularMessage.contains("info = 2"), "\(singularMessage)")
  }
}
