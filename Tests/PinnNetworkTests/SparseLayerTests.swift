import PinnNumerics
import XCTest

@testable import PinnNetwork

/// A pruned SIREN on CSR kernels computes what the same network on dense GEMM (with the pruned
/// weights zero) computes: the output jet, and the parameter gradient at every free parameter.
final class SparseLayerTests: XCTestCase {
    /// A network 2 → width×3 → 1 whose hidden-to-hidden weights are pruned at random down to `free`
    /// of them (zeroed), and the mask.
    private func pruned<T: PinnScalar>(_: T.Type, width: Int, keepEvery k: Int, seed: UInt64) -> (
        Siren<T>, ParameterMask
    ) {
        let a = SirenArchitecture(inputs: 2, width: width, depth: 3, omega0: 3)
        var net = Siren<T>(architecture: a, seed: seed)
        var isFree = [Bool](repeating: true, count: a.parameterCount)
        var rng = SeededGenerator(seed: seed &+ 1)
        for l in 1..<a.depth {
            for i in a.parameterLayout(layer: l).weights where rng.next() % UInt64(k) != 0 { isFree[i] = false }
        }
        let mask = ParameterMask(architecture: a, isFree: isFree)
        mask.zeroPruned(&net.parameters)
        return (net, mask)
    }

    private func compare<T: PinnScalar>(_: T.Type, width: Int, points: Int, tolerance: Double) {
        let (dense, mask) = pruned(T.self, width: width, keepEvery: 10, seed: 3)
        var sparse = dense
        sparse.sparsity = SirenSparsity(mask: mask)
        XCTAssertEqual(
            sparse.sparsity?.layers.map { $0 != nil }, [false, true, true, false], "only the pruned layers are sparse")
        var rng = SeededGenerator(seed: 9)
        let x = Matrix<T>(
            rows: 2, cols: points, storage: (0..<2 * points).map { _ in T(rng.uniform(-1.0, 1.0) as Double) })
        let wd = JetWorkspace<T>(), ws = JetWorkspace<T>()
        dense.forward(x, order: .laplacian, workspace: wd)
        sparse.forward(x, order: .laplacian, workspace: ws)
        let scale = wd.output.storage.map { abs(Double($0)) }.max()!
        for (a, b) in zip(wd.output.storage, ws.output.storage) {
            XCTAssertEqual(Double(a), Double(b), accuracy: tolerance * scale)
        }
        // The same arbitrary ∂loss/∂(output jet) through both reverse passes.
        let seedGradient = (0..<wd.outputGradient.storage.count).map { _ in T(rng.uniform(-1.0, 1.0) as Double) }
        wd.outputGradient.storage = seedGradient
        ws.outputGradient.storage = seedGradient
        var gd = [T](repeating: 0, count: dense.architecture.parameterCount)
        var gs = [T](repeating: 7, count: gd.count) // the pruned entries must be left as they are
        for i in mask.isFree.indices where mask.isFree[i] { gs[i] = 0 }
        dense.backward(workspace: wd, into: &gd)
        sparse.backward(workspace: ws, into: &gs)
        let gScale = gd.map { abs(Double($0)) }.max()!
        for i in gd.indices {
            if mask.isFree[i] {
                XCTAssertEqual(Double(gs[i]), Double(gd[i]), accuracy: tolerance * gScale, "parameter \(i)")
            } else {
                XCTAssertEqual(gs[i], 7, "pruned parameter \(i) was written")
            }
        }
    }

    func testSparseLayersMatchDenseLayersInBothPrecisions() {
        compare(Double.self, width: 24, points: 37, tolerance: 1e-12)
        compare(Float.self, width: 24, points: 37, tolerance: 1e-5)
        // More columns than one thread's share, so the products split across the workers.
        compare(Double.self, width: 16, points: 700, tolerance: 1e-12)
    }

    func testOnlyLayersAtMostTwentyPercentDenseGoSparse() {
        let (_, mask) = pruned(Double.self, width: 20, keepEvery: 4, seed: 1) // about 25 % free
        XCTAssertTrue(SirenSparsity(mask: mask).isEmpty)
        XCTAssertFalse(SirenSparsity(mask: mask, maximumDensity: 0.5).isEmpty)
        XCTAssertTrue(SirenSparsity(mask: ParameterMask(dense: mask.architecture)).isEmpty)
    }
}
