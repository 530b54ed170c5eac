import PinnNumerics

/// Preallocated buffers for forward and reverse jet passes of one network on batches of one size.
///
/// Reusing a workspace across steps makes the steady state free of allocations: buffers are sized
/// on the first pass (or when the batch size, order or architecture changes) and kept.
public final class JetWorkspace<T: PinnScalar> {
    /// Per-layer storage of one affine layer and its activation.
    final class Layer {
        /// Pre-activation jet Z = W X (+ b on the value block), `out × blocks·B`.
        var z = Matrix<T>(rows: 0, cols: 0)
        /// Activation jet (the next layer's input X), `out × blocks·B` (unused for the output layer).
        var a = Matrix<T>(rows: 0, cols: 0)
        /// sin(ω z_V) and cos(ω z_V), `out × B`.
        var s = Matrix<T>(rows: 0, cols: 0)
        var c = Matrix<T>(rows: 0, cols: 0)
    }

    public private(set) var points = 0
    public private(set) var order = JetOrder.value
    private(set) var architecture: SirenArchitecture?

    /// Input jet `[x | e_1 … e_d | 0]`, `d × blocks·B`.
    var input = Matrix<T>(rows: 0, cols: 0)
    var layers: [Layer] = []
    /// Gradients flowing backward, ping-ponged between layers: `width × blocks·B`.
    var gradientA = Matrix<T>(rows: 0, cols: 0)
    var gradientB = Matrix<T>(rows: 0, cols: 0)
    /// A vector of B ones, for bias gradients (row sums of the value block).
    var ones: [T] = []
    /// Buffers of the CSR kernels of sparse layers.
    let sparse = SparseScratch<T>()

    /// The weights aᵢ of the jet's second-derivative block L = Σᵢ aᵢ ∂²u/∂xᵢ², one per input (the
    /// wave operator c²Δu − u_tt over (x, y, t) is a = (c², c², −1)); empty (the default): all 1, the
    /// Laplacian. Forward and reverse passes use the same weights, so set them before `forward`.
    public var secondDerivativeWeights: [T] = []

    /// ∂loss/∂(output jet), same shape as `output`: fill it, then call `Siren.backward`.
    public var outputGradient = Matrix<T>(rows: 0, cols: 0)

    public init() {}

    /// Number of jet blocks carried (`1`, `1 + d` or `2 + d`).
    public var blocks: Int { architecture.map { order.blocks(dimension: $0.inputs) } ?? 1 }

    /// The network's output jet after a forward pass, `outputs × blocks·B`:
    /// value of output o at point p at (o, p); ∂/∂x_i at (o, (1+i)·B + p); Laplacian at (o, (1+d)·B + p).
    /// (Indexes `layers` directly: the generic `last` allocates when called unspecialized.)
    public var output: Matrix<T> { layers.isEmpty ? Matrix(rows: 0, cols: 0) : layers[layers.count - 1].z }

    /// Entry (o, column) of the output jet, read in place (no copy of the matrix, no allocation).
    @usableFromInline func outputEntry(_ o: Int, _ column: Int) -> T {
        let z = layers[layers.count - 1].z
        return z.storage[o + column * z.rows]
    }

    /// Value of output `o` at point `p`.
    @inlinable public func value(_ o: Int = 0, _ p: Int) -> T { outputEntry(o, p) }
    /// ∂u_o/∂x_i at point `p`.
    @inlinable public func derivative(_ o: Int = 0, _ i: Int, _ p: Int) -> T { outputEntry(o, (1 + i) * points + p) }
    /// Δu_o at point `p` (Σᵢ aᵢ ∂²u_o/∂xᵢ² with `secondDerivativeWeights`).
    public func laplacian(_ o: Int = 0, _ p: Int) -> T {
        outputEntry(o, (1 + (architecture?.inputs ?? 0)) * points + p)
    }

    /// Sizes every buffer for `points` points at `order`; keeps the buffers when nothing changed.
    func prepare(for arch: SirenArchitecture, points b: Int, order: JetOrder) {
        if arch == architecture && b == points && order == self.order { return }
        architecture = arch
        points = b
        self.order = order
        let d = arch.inputs
        let k = order.blocks(dimension: d)
        let sizes = arch.layerSizes
        input = Matrix(rows: d, cols: k * b)
        for i in 0..<order.derivativeBlocks(dimension: d) {
            for p in 0..<b { input[i, (1 + i) * b + p] = 1 }
        }
        layers = (0..<arch.layerCount).map { l in
            let layer = Layer()
            let out = sizes[l + 1]
            layer.z = Matrix(rows: out, cols: k * b)
            if l < arch.depth {
                layer.a = Matrix(rows: out, cols: k * b)
                layer.s = Matrix(rows: out, cols: b)
                layer.c = Matrix(rows: out, cols: b)
            }
            return layer
        }
        let widest = sizes.dropFirst().max() ?? 1
        gradientA = Matrix(rows: widest, cols: k * b)
        gradientB = Matrix(rows: widest, cols: k * b)
        ones = [T](repeating: 1, count: b)
        outputGradient = Matrix(rows: arch.outputs, cols: k * b)
    }
}
