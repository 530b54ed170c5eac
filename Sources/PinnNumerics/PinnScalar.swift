import CBLAS
import PinnKernels
import RealModule

/// Transposition flag for GEMM operands.
public enum Transpose: Sendable {
    case none, transposed
    var cblas: CBLAS_TRANSPOSE { self == .none ? CblasNoTrans : CblasTrans }
}

/// A floating-point type pinn computes in (Float32 or Float64): arithmetic, elementary functions
/// (swift-numerics `Real`), and the BLAS and fused kernels specialised for the type.
///
/// Every matrix is column-major. The pointer-level entry points stay in this module and the
/// kernel code; other targets call the safe wrappers on `Matrix`/`Workspace`.
public protocol PinnScalar: BinaryFloatingPoint, Real, Codable, Sendable, CustomStringConvertible
where RawSignificand: FixedWidthInteger {
    /// "f32" or "f64", as used in benchmark output and result files.
    static var precisionName: String { get }

    /// C ← α op(A) op(B) + β C with op(A) m×k and op(B) k×n (column-major, leading dimensions given).
    static func gemm(
        _ ta: Transpose, _ tb: Transpose, m: Int, n: Int, k: Int, alpha: Self,
        a: UnsafePointer<Self>, lda: Int, b: UnsafePointer<Self>, ldb: Int,
        beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int)

    /// y ← α op(A) x + β y with A m×n (column-major).
    static func gemv(
        _ ta: Transpose, m: Int, n: Int, alpha: Self, a: UnsafePointer<Self>, lda: Int,
        x: UnsafePointer<Self>, beta: Self, y: UnsafeMutablePointer<Self>)

    /// s = sin(x), c = cos(x), elementwise (SLEEF, ≤ 1 ULP).
    static func sinCos(
        _ x: UnsafePointer<Self>, _ s: UnsafeMutablePointer<Self>,
        _ c: UnsafeMutablePointer<Self>, count: Int)

    /// Sine layer on a jet, forward (see PinnKernels.h for the rules); `weights` are the a_i of the
    /// second-derivative block Σ a_i ∂²/∂x_i² (d of them; nil: the Laplacian).
    static func sineJetForward(
        rows: Int, cols: Int, stride: Int, d: Int, hasLaplacian: Bool, weights: UnsafePointer<Self>?, omega: Self,
        bias: UnsafePointer<Self>, z: UnsafeMutablePointer<Self>,
        a: UnsafeMutablePointer<Self>, s: UnsafeMutablePointer<Self>,
        c: UnsafeMutablePointer<Self>)

    /// Sine layer on a jet, reverse: overwrites g = ∂loss/∂a with ∂loss/∂z (`weights` as in the forward).
    static func sineJetBackward(
        rows: Int, cols: Int, stride: Int, d: Int, hasLaplacian: Bool, weights: UnsafePointer<Self>?, omega: Self,
        z: UnsafePointer<Self>, s: UnsafePointer<Self>, c: UnsafePointer<Self>,
        g: UnsafeMutablePointer<Self>)

    /// Z = A X with A (m × n) in CSR form, X (n × cols) and Z column-major; `scratch` holds n·16 elements.
    static func csrMultiply(
        m: Int, n: Int, cols: Int, rowptr: UnsafePointer<Int32>, colidx: UnsafePointer<Int32>,
        values: UnsafePointer<Self>, x: UnsafePointer<Self>, ldx: Int,
        z: UnsafeMutablePointer<Self>, ldz: Int, scratch: UnsafeMutablePointer<Self>)

    /// out[k] += Σ_j G[r, j] X[c, j] for each stored entry k = (r, c) of a CSR pattern (m × n), G (m × cols)
    /// and X (n × cols) column-major; `scratch` holds (m + n + nnz)·16 elements.
    static func csrSampledMultiply(
        m: Int, n: Int, cols: Int, rowptr: UnsafePointer<Int32>, colidx: UnsafePointer<Int32>,
        g: UnsafePointer<Self>, ldg: Int, x: UnsafePointer<Self>, ldx: Int,
        out: UnsafeMutablePointer<Self>, scratch: UnsafeMutablePointer<Self>)
    /// One affine layer's entries of the point Jacobian for points `range` (PinnKernels'
    /// `pinn_point_jacobian`): row p gets Σ_blocks dz[o, block, p]·x[q, block, p] at `weights` + q·rows + o
    /// and dz[o, value, p] at `bias` + o.
    static func pointJacobian(
        rows: Int, inputs: Int, points: Int, blocks: Int, weights: Int, bias: Int, parameters: Int,
        dz: UnsafePointer<Self>, x: UnsafePointer<Self>, jacobian: UnsafeMutablePointer<Self>, range: Range<Int>)
}

extension Float: PinnScalar {
    public static var precisionName: String { "f32" }

    public static func gemm(
        _ ta: Transpose, _ tb: Transpose, m: Int, n: Int, k: Int, alpha: Float,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        cblas_sgemm(
            CblasColMajor, ta.cblas, tb.cblas, blasint(m), blasint(n), blasint(k), alpha,
            a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
    }

    public static func gemv(
        _ ta: Transpose, m: Int, n: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int,
        x: UnsafePointer<Float>, beta: Float, y: UnsafeMutablePointer<Float>
    ) {
        cblas_sgemv(CblasColMajor, ta.cblas, blasint(m), blasint(n), alpha, a, blasint(lda), x, 1, beta, y, 1)
    }

    public static func sinCos(
        _ x: UnsafePointer<Float>, _ s: UnsafeMutablePointer<Float>,
        _ c: UnsafeMutablePointer<Float>, count: Int
    ) {
        pinn_sincos_f32(x, s, c, count)
    }

    public static func sineJetForward(
        rows: Int, cols: Int, stride: Int, d: Int, hasLaplacian: Bool, weights: UnsafePointer<Float>?, omega: Float,
        bias: UnsafePointer<Float>, z: UnsafeMutablePointer<Float>,
        a: UnsafeMutablePointer<Float>, s: UnsafeMutablePointer<Float>,
        c: UnsafeMutablePointer<Float>
    ) {
        pinn_sine_jet_forward_f32(rows, cols, stride, Int32(d), hasLaplacian ? 1 : 0, weights, omega, bias, z, a, s, c)
    }

    public static func sineJetBackward(
        rows: Int, cols: Int, stride: Int, d: Int, hasLaplacian: Bool, weights: UnsafePointer<Float>?, omega: Float,
        z: UnsafePointer<Float>, s: UnsafePointer<Float>, c: UnsafePointer<Float>,
        g: UnsafeMutablePointer<Float>
    ) {
        pinn_sine_jet_backward_f32(rows, cols, stride, Int32(d), hasLaplacian ? 1 : 0, weights, omega, z, s, c, g)
    }

    public static func csrMultiply(
        m: Int, n: Int, cols: Int, rowptr: UnsafePointer<Int32>, colidx: UnsafePointer<Int32>,
        values: UnsafePointer<Float>, x: UnsafePointer<Float>, ldx: Int,
        z: UnsafeMutablePointer<Float>, ldz: Int, scratch: UnsafeMutablePointer<Float>
    ) {
        pinn_csr_mm_f32(Int32(m), Int32(n), Int32(cols), rowptr, colidx, values, x, Int32(ldx), z, Int32(ldz), scratch)
    }

    public static func csrSampledMultiply(
        m: Int, n: Int, cols: Int, rowptr: UnsafePointer<Int32>,
        colidx: UnsafePointer<Int32>, g: UnsafePointer<Float>, ldg: Int,
        x: UnsafePointer<Float>, ldx: Int, out: UnsafeMutablePointer<Float>,
        scratch: UnsafeMutablePointer<Float>
    ) {
        pinn_csr_sampled_mm_f32(
            Int32(m), Int32(n), Int32(cols), rowptr, colidx, g, Int32(ldg), x, Int32(ldx), out, scratch)
    }

    public static func pointJacobian(
        rows: Int, inputs: Int, points: Int, blocks: Int, weights: Int, bias: Int, parameters: Int,
        dz: UnsafePointer<Float>, x: UnsafePointer<Float>, jacobian: UnsafeMutablePointer<Float>, range: Range<Int>
    ) {
        pinn_point_jacobian_f32(
            rows, inputs, points, blocks, weights, bias, parameters, dz, x, jacobian, range.lowerBound,
            range.upperBound)
    }
}

extension Double: PinnScalar {
    public static var precisionName: String { "f64" }

    public static func gemm(
        _ ta: Transpose, _ tb: Transpose, m: Int, n: Int, k: Int, alpha: Double,
        a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
        beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        cblas_dgemm(
            CblasColMajor, ta.cblas, tb.cblas, blasint(m), blasint(n), blasint(k), alpha,
            a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
    }

    public static func gemv(
        _ ta: Transpose, m: Int, n: Int, alpha: Double, a: UnsafePointer<Double>, lda: Int,
        x: UnsafePointer<Double>, beta: Double, y: UnsafeMutablePointer<Double>
    ) {
        cblas_dgemv(CblasColMajor, ta.cblas, blasint(m), blasint(n), alpha, a, blasint(lda), x, 1, beta, y, 1)
    }

    public static func sinCos(
        _ x: UnsafePointer<Double>, _ s: UnsafeMutablePointer<Double>,
        _ c: UnsafeMutablePointer<Double>, count: Int
    ) {
        pinn_sincos_f64(x, s, c, count)
    }

    public static func sineJetForward(
        rows: Int, cols: Int, stride: Int, d: Int, hasLaplacian: Bool, weights: UnsafePointer<Double>?, omega: Double,
        bias: UnsafePointer<Double>, z: UnsafeMutablePointer<Double>,
        a: UnsafeMutablePointer<Double>, s: UnsafeMutablePointer<Double>,
        c: UnsafeMutablePointer<Double>
    ) {
        pinn_sine_jet_forward_f64(rows, cols, stride, Int32(d), hasLaplacian ? 1 : 0, weights, omega, bias, z, a, s, c)
    }

    public static func sineJetBackward(
        rows: Int, cols: Int, stride: Int, d: Int, hasLaplacian: Bool, weights: UnsafePointer<Double>?, omega: Double,
        z: UnsafePointer<Double>, s: UnsafePointer<Double>, c: UnsafePointer<Double>,
        g: UnsafeMutablePointer<Double>
    ) {
        pinn_sine_jet_backward_f64(rows, cols, stride, Int32(d), hasLaplacian ? 1 : 0, weights, omega, z, s, c, g)
    }

    public static func csrMultiply(
        m: Int, n: Int, cols: Int, rowptr: UnsafePointer<Int32>, colidx: UnsafePointer<Int32>,
        values: UnsafePointer<Double>, x: UnsafePointer<Double>, ldx: Int,
        z: UnsafeMutablePointer<Double>, ldz: Int, scratch: UnsafeMutablePointer<Double>
    ) {
        pinn_csr_mm_f64(Int32(m), Int32(n), Int32(cols), rowptr, colidx, values, x, Int32(ldx), z, Int32(ldz), scratch)
    }

    public static func csrSampledMultiply(
        m: Int, n: Int, cols: Int, rowptr: UnsafePointer<Int32>,
        colidx: UnsafePointer<Int32>, g: UnsafePointer<Double>, ldg: Int,
        x: UnsafePointer<Double>, ldx: Int, out: UnsafeMutablePointer<Double>,
        scratch: UnsafeMutablePointer<Double>
    ) {
        pinn_csr_sampled_mm_f64(
            Int32(m), Int32(n), Int32(cols), rowptr, colidx, g, Int32(ldg), x, Int32(ldx), out, scratch)
    }

    public static func pointJacobian(
        rows: Int, inputs: Int, points: Int, blocks: Int, weights: Int, bias: Int, parameters: Int,
        dz: UnsafePointer<Double>, x: UnsafePointer<Double>, jacobian: UnsafeMutablePointer<Double>, range: Range<Int>
    ) {
        pinn_point_jacobian_f64(
            rows, inputs, points, blocks, weights, bias, parameters, dz, x, jacobian, range.lowerBound,
            range.upperBound)
    }
}
