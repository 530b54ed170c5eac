import Foundation
import PinnReference
import XCTest

/// The L2 norms integrate over the cells, not over nodes: checked against integrals known in
/// closed form.
final class FEMErrorNormTests: XCTestCase {
    /// u_h = 0 (zero data and source) against u = x y on [0, 1]²: ‖u‖² = ∫ x² y² = 1/9.
    func testL2NormOfAPolynomialIsExactIn2D() throws {
        let mesh = try FEMTestMesh.square(n: 5, distortion: .random(fraction: 0.3, seed: 3), randomDiagonals: 4)
        let zero = try solveFiniteElement(
            FEMProblem(
                mesh: mesh, equation: .poisson, source: { _ in 0 },
                boundaryConditions: [.dirichlet(value: { _ in 0 })]))
        let norms = zero.errorNorms(against: { $0[0] * $0[1] })
        XCTAssertEqual(norms.l2, 1.0 / 3, accuracy: 1e-14)
        XCTAssertEqual(norms.exactL2, 1.0 / 3, accuracy: 1e-14)
        XCTAssertEqual(norms.relativeL2, 1, accuracy: 1e-14)
        XCTAssertEqual(norms.maxAbsolute, 1, accuracy: 1e-14) // at the node (1, 1)
    }

    /// u = x + y z on [0, 1]³: ‖u‖² = 1/3 + 2/8 + 1/9 = 25/36.
    func testL2NormOfAPolynomialIsExactIn3D() throws {
        let mesh = try FEMTestMesh.cube(n: 3, distortion: .random(fraction: 0.1, seed: 9))
        let zero = try solveFiniteElement(
            FEMProblem(
                mesh: mesh, equation: .poisson, source: { _ in 0 },
                boundaryConditions: [.dirichlet(value: { _ in 0 })]))
        XCTAssertEqual(zero.errorNorms(against: { $0[0] + $0[1] * $0[2] }).l2, 5.0 / 6, accuracy: 1e-14)
    }

    /// u = x² with −Δu = −2 on a uniform mesh: the stiffness is the 5-point Laplacian, exact on
    /// x², so u_h is the interpolant, and its error (x − x_i)(x_{i+1} − x) on each column of
    /// width h has ‖·‖² = h⁴/30 over the square.
    func testL2ErrorOfTheInterpolantOfXSquared() throws {
        let n = 4, h = 0.25
        let mesh = try FEMTestMesh.square(n: n)
        let solution = try solveFiniteElement(
            FEMProblem(
                mesh: mesh, equation: .poisson, source: { _ in -2 },
                boundaryConditions: [.dirichlet(value: { $0[0] * $0[0] })]))
        let norms = solution.errorNorms(against: { $0[0] * $0[0] })
        XCTAssertLessThan(norms.maxAbsolute, 1e-14)
        XCTAssertEqual(norms.l2, h * h / 30.0.squareRoot(), accuracy: 1e-14)
    }
}
