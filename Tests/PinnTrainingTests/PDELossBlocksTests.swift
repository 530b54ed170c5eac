import PinnNetwork
import PinnNumerics
import XCTest

@testable import PinnTraining

/// The loss cut into blocks (`PDELossBlocks`) is the whole batch's loss: the same terms, gradients,
/// residual rows and Jacobian rows (to rounding) for uneven blocks, and exactly the same bits with
/// one block; the blocks are the even cuts `BlockOwnership` assigns to ranks.
final class PDELossBlocksTests: XCTestCase {
    /// A Helmholtz-type 2-D batch (c(x) varying) with Dirichlet, Neumann and Robin boundary points
    /// and measurements.
    private func makeLoss(n: Int = 37, nb: Int = 23, nd: Int = 7) -> PDELoss<Double> {
        var rng = SeededGenerator(seed: 5)
        let d = 2
        let points = Matrix<Double>(rows: d, cols: n, storage: (0..<d * n).map { _ in rng.uniform(-1.0, 1.0) })
        let interior = InteriorBatch(
            points: points, source: (0..<n).map { _ in rng.uniform(-1.0, 1.0) },
            reaction: (0..<n).map { _ in rng.uniform(0.5, 2.0) }, laplacianCoefficient: 1)
        var normals = Matrix<Double>(rows: d, cols: nb)
        for p in 0..<nb { normals[p % d, p] = p % 2 == 0 ? 1 : -1 }
        let boundary = BoundaryBatch(
            points: Matrix(rows: d, cols: nb, storage: (0..<d * nb).map { _ in rng.uniform(-1.0, 1.0) }),
            normals: normals, alpha: (0..<nb).map { [1.0, 0.0, 0.7][$0 % 3] },
            beta: (0..<nb).map { [0.0, 1.0, 0.4][$0 % 3] }, value: (0..<nb).map { _ in rng.uniform(-1.0, 1.0) })
        var loss = PDELoss(interior: interior, boundary: boundary)
        loss.measurements = MeasurementBatch(
            points: Matrix(rows: d, cols: nd, storage: (0..<d * nd).map { _ in rng.uniform(-1.0, 1.0) }),
            values: (0..<nd).map { _ in rng.uniform(-1.0, 1.0) }, weight: 3)
        return loss
    }

    private let net = Siren<Double>(architecture: SirenArchitecture(inputs: 2, width: 10, depth: 2, omega0: 2), seed: 9)

    func testBlockedTermsAndGradientsAreTheWholeBatchs() throws {
        let whole = makeLoss()
        var blocks = PDELossBlocks(whole, blocks: 5, group: SingleProcess.shared)
        XCTAssertEqual(blocks.ownership.blockCount, 5)
        let p = net.parameters.count
        var gr = [Double](repeating: 0, count: p), gb = gr, br = gr, bb = gr
        let expected = whole.evaluate(net, residualGradient: &gr, boundaryGradient: &gb)
        let got = blocks.evaluate(net, residualGradient: &br, boundaryGradient: &bb)
        XCTAssertGreaterThan(expected.data, 0)
        for (a, b, name) in [
            (expected.residual, got.residual, "residual"), (expected.boundary, got.boundary, "boundary"),
            (expected.data, got.data, "data")
        ] {
            XCTAssertEqual(b, a, accuracy: 1e-13 * abs(a), name)
        }
        XCTAssertEqual(blocks.evaluate(net), got, "the forward-only pass gives the same terms")
        for (g, b, name) in [(gr, br, "residual"), (gb, bb, "boundary")] {
            let scale = g.map(abs).max() ?? 0
            XCTAssertGreaterThan(scale, 0)
            for k in 0..<p { XCTAssertEqual(b[k], g[k], accuracy: 1e-12 * scale, "\(name) gradient entry \(k)") }
        }
    }

    func testOneBlockGivesThePDELossBitsExactly() {
        let whole = makeLoss()
        var blocks = PDELossBlocks(whole, blocks: 1, group: SingleProcess.shared)
        var gr = [Double](repeating: 0, count: net.parameters.count), gb = gr, br = gr, bb = gr
        let expected = whole.evaluate(net, residualGradient: &gr, boundaryGradient: &gb)
        XCTAssertEqual(blocks.evaluate(net, residualGradient: &br, boundaryGradient: &bb), expected)
        XCTAssertEqual(br, gr)
        XCTAssertEqual(bb, gb)
    }

    /// A loss with causal weighting (heat, wave) is one block whatever is asked, since its weights
    /// come from every time slab of the whole batch: the blocks give the whole loss's bits, with the
    /// weights computed at every evaluation and, once frozen through the blocks, held there.
    func testALossWithCausalWeightingIsOneBlockAndFreezesThroughTheBlocks() {
        var whole = makeLoss()
        let n = whole.interior.points.cols
        whole.interior.causal = CausalWeighting(
            times: (0..<n).map { (whole.interior.points[1, $0] + 1) / 2 }, start: 0, end: 1, slabs: 4, epsilon: 1)
        var blocks = PDELossBlocks(whole, blocks: 12, group: SingleProcess.shared)
        XCTAssertEqual(blocks.ownership.blockCount, 1)
        var gr = [Double](repeating: 0, count: net.parameters.count), gb = gr, br = gr, bb = gr
        let expected = whole.evaluate(net, residualGradient: &gr, boundaryGradient: &gb)
        XCTAssertEqual(blocks.evaluate(net, residualGradient: &br, boundaryGradient: &bb), expected)
        XCTAssertEqual(br, gr)
        blocks.freezeCausalWeights(net)
        XCTAssertTrue(blocks.whole.causalWeightsFrozen)
        whole.freezeCausalWeights(net)
        XCTAssertEqual(blocks.whole.interior.frozenCausalWeights, whole.interior.frozenCausalWeights)
        // Frozen: another network's evaluation keeps the weights of `net` in the blocks as in the whole.
        let other = Siren<Double>(architecture: net.architecture, seed: 10)
        XCTAssertEqual(
            blocks.evaluate(other, residualGradient: &br, boundaryGradient: &bb),
            whole.evaluate(other, residualGradient: &gr, boundaryGradient: &gb))
        blocks.thawCausalWeights()
        XCTAssertFalse(blocks.whole.causalWeightsFrozen)
    }

    /// The blocks' rows of ρ and J, one block after the other, are the whole batch's rows in the
    /// order block 0's interior, boundary, measurement rows, then block 1's, …
    func testBlockedResidualRowsAreTheWholeBatchsRowsInBlockOrder() {
        let whole = makeLoss(), k = 4, lambda = 7.0
        var blocks = PDELossBlocks(whole, blocks: k, group: SingleProcess.shared)
        var rho: [Double] = [], jacobian: [Double] = [], none: [Double] = []
        let sums = blocks.weightedResiduals(
            net, boundaryWeight: lambda, residuals: &rho, jacobian: &jacobian, unknownJacobian: &none)
        var wholeRho: [Double] = [], wholeJacobian: [Double] = []
        whole.weightedResiduals(net, boundaryWeight: lambda, residuals: &wholeRho, jacobian: &wholeJacobian)
        let n = 37, nb = 23, nd = 7, p = net.parameters.count
        XCTAssertEqual(rho.count, n + nb + nd)
        XCTAssertEqual(jacobian.count, rho.count * p)
        // The whole batch's row of each blocked row.
        var order: [Int] = []
        for b in 0..<k {
            order += BlockOwnership.range(of: b, blocks: k, total: n).map { $0 }
            order += BlockOwnership.range(of: b, blocks: k, total: nb).map { n + $0 }
            order += BlockOwnership.range(of: b, blocks: k, total: nd).map { n + nb + $0 }
        }
        XCTAssertEqual(Set(order).count, n + nb + nd)
        let rhoScale = wholeRho.map(abs).max() ?? 0, jScale = wholeJacobian.map(abs).max() ?? 0
        for (row, source) in order.enumerated() {
            XCTAssertEqual(rho[row], wholeRho[source], accuracy: 1e-13 * rhoScale, "row \(row)")
            for j in 0..<p {
                XCTAssertEqual(
                    jacobian[row * p + j], wholeJacobian[source * p + j], accuracy: 1e-13 * jScale,
                    "J row \(row), column \(j)")
            }
        }
        let terms = whole.evaluate(net)
        XCTAssertEqual(sums.interior, terms.residual, accuracy: 1e-13 * terms.residual)
        XCTAssertEqual(sums.boundary, lambda * terms.boundary, accuracy: 1e-13 * lambda * terms.boundary)
        XCTAssertEqual(sums.data, terms.data, accuracy: 1e-13 * terms.data)
    }

    func testBlocksAreEvenContiguousCutsAndRanksOwnContiguousRuns() {
        XCTAssertEqual(
            (0..<4).map { BlockOwnership.range(of: $0, blocks: 4, total: 10) }, [0..<2, 2..<5, 5..<7, 7..<10])
        for size in 1...14 {
            var next = 0
            for rank in 0..<size {
                let owned = BlockOwnership(blockCount: 12, rank: rank, size: size).owned
                XCTAssertEqual(owned.lowerBound, next, "ranks take the blocks in order")
                XCTAssertLessThanOrEqual(owned.count, (12 + size - 1) / size)
                next = owned.upperBound
            }
            XCTAssertEqual(next, 12, "\(size) ranks own every block once")
        }
        // Fewer points than blocks: as many blocks as points.
        XCTAssertEqual(
            PDELossBlocks(makeLoss(n: 3, nb: 30, nd: 0), group: SingleProcess.shared).ownership.blockCount, 3)
    }
}
