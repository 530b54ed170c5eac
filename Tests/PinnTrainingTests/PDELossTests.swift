import PinnNetwork
import PinnNumerics
import XCTest

@testable import PinnTraining

final class PDELossTests: XCTestCase {
    /// A Helmholtz-type batch (a = 1, c(x) varying) with Dirichlet, Neumann and Robin boundary points.
    private func makeLoss(d: Int) -> PDELoss<Double> {
        var rng = SeededGenerator(seed: 21)
        let n = 11, nb = 9
        let pts = Matrix<Double>(rows: d, cols: n, storage: (0..<d * n).map { _ in rng.uniform(-1.0, 1.0) })
        let interior = InteriorBatch(
            points: pts, source: (0..<n).map { _ in rng.uniform(-1.0, 1.0) },
            reaction: (0..<n).map { _ in rng.uniform(0.5, 2.0) }, laplacianCoefficient: 1)
        var normals = Matrix<Double>(rows: d, cols: nb)
        for p in 0..<nb { normals[p % d, p] = p % 2 == 0 ? 1 : -1 }
        let bpts = Matrix<Double>(rows: d, cols: nb, storage: (0..<d * nb).map { _ in rng.uniform(-1.0, 1.0) })
        let alpha = (0..<nb).map { p -> Double in [1.0, 0.0, 0.7][p % 3] }
        let beta = (0..<nb).map { p -> Double in [0.0, 1.0, 0.4][p % 3] }
        let boundary = BoundaryBatch(
            points: bpts, normals: normals, alpha: alpha, beta: beta,
            value: (0..<nb).map { _ in rng.uniform(-1.0, 1.0) })
        return PDELoss(interior: interior, boundary: boundary)
    }

    func testLossTermGradientsMatchCentralDifferences() {
        for d in 1...3 {
            let loss = makeLoss(d: d)
            var net = Siren<Double>(architecture: SirenArchitecture(inputs: d, width: 8, depth: 2, omega0: 2), seed: 4)
            var gr = [Double](repeating: 0, count: net.parameters.count), gb = gr
            _ = loss.evaluate(net, residualGradient: &gr, boundaryGradient: &gb)
            let base = net.parameters
            var fdr = gr, fdb = gb
            for k in base.indices {
                func term(_ t: Double) -> LossTerms {
                    net.parameters = base
                    net.parameters[k] += t
                    return loss.evaluate(net)
                }
                let h = 1e-4
                let (p1, m1, p2, m2) = (term(h), term(-h), term(2 * h), term(-2 * h))
                fdr[k] = (8 * (p1.residual - m1.residual) - (p2.residual - m2.residual)) / (12 * h)
                fdb[k] = (8 * (p1.boundary - m1.boundary) - (p2.boundary - m2.boundary)) / (12 * h)
            }
            for (g, fd, name) in [(gr, fdr, "residual"), (gb, fdb, "boundary")] {
                let scale = fd.map(abs).max()!
                XCTAssertGreaterThan(scale, 0)
                for k in g.indices {
                    XCTAssertEqual(g[k], fd[k], accuracy: 1e-6 * scale, "d=\(d) \(name) parameter \(k)")
                }
            }
        }
    }

    func testExactSolutionOfPoissonHasZeroResidualTerm() {
        // u ≡ network output itself: choose f = −Δu from the jet, so the residual term vanishes.
        let net = Siren<Double>(architecture: SirenArchitecture(inputs: 2, width: 8, depth: 2, omega0: 3), seed: 2)
        let pts = Matrix<Double>(rows: 2, cols: 5, storage: [0.1, 0.2, -0.3, 0.4, 0.5, -0.6, 0.7, 0.8, -0.9, 0.0])
        let ws = JetWorkspace<Double>()
        net.forward(pts, order: .laplacian, workspace: ws)
        let f = (0..<5).map { -ws.laplacian(0, $0) }
        let loss = PDELoss(
            interior: InteriorBatch(points: pts, source: f, laplacianCoefficient: -1),
            boundary: BoundaryBatch(
                points: pts, normals: pts, alpha: [Double](repeating: 1, count: 5),
                beta: [Double](repeating: 0, count: 5), value: (0..<5).map { ws.value(0, $0) }))
        let terms = loss.evaluate(net)
        XCTAssertLessThan(terms.residual, 1e-24)
        XCTAssertLessThan(terms.boundary, 1e-28)
    }
}
