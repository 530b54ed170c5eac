import PinnReference
import XCTest

/// Multigrid-preconditioned CG against UMFPACK's LU on the same finite-difference systems.
final class MultigridSolverTests: XCTestCase {
    /// max |x − y| / max |y|.
    static func relativeDifference(_ x: [Double], _ y: [Double]) -> Double {
        zip(x, y).map { abs($0 - $1) }.max()! / y.map(abs).max()!
    }

    /// Solves by LU and by multigrid (coarsening down to a handful of unknowns, so that small
    /// systems go through several levels too) and compares. The residual must reach 1e-11, or the
    /// rounding floor where LU's own residual is above that (1-D with 2000 nodes: κ ≈ 10⁷).
    func assertMultigridMatchesLU(
        _ box: BoxPoissonTestSystem, coarsestUnknowns: Int = 8, levels: Int? = nil, file: StaticString = #filePath,
        line: UInt = #line
    ) throws {
        let lu = try box.system.solve(method: .lu)
        let mg = try box.system.solve(
            method: .multigrid(box.grid, MultigridOptions(coarsestUnknowns: coarsestUnknowns)))
        let difference = Self.relativeDifference(mg.solution, lu.solution)
        XCTAssertTrue(mg.isSymmetrized, "conjugate gradients", file: file, line: line)
        XCTAssertLessThan(difference, 1e-10, "counts \(box.counts)", file: file, line: line)
        XCTAssertLessThan(mg.relativeResidual, max(1e-11, 4 * lu.relativeResidual), file: file, line: line)
        if let levels {
            XCTAssertEqual(mg.levels, levels, "counts \(box.counts)", file: file, line: line)
        } else {
            XCTAssertGreaterThanOrEqual(mg.levels, 3, "counts \(box.counts)", file: file, line: line)
        }
        XCTAssertLessThanOrEqual(mg.iterations, 15, "counts \(box.counts)", file: file, line: line)
    }

    func testMatchesLUOn1DWithNeumannAndRobinEnds() throws {
        // Coarsening to the end: nodes 3 → 2 (both ends kept); 4 → 3 → 2; 100 → 51 → 26 → 14 → 8 →
        // 5 → 3 → 2; 2049 → 1025 → … → 3 → 2.
        for (n, levels) in [(3, 2), (4, 3), (100, 8), (2049, 12)] {
            try assertMultigridMatchesLU(
                BoxPoissonTestSystem(
                    counts: [n], spacing: [1 / Double(n - 1)], faces: [.neumann, .robin(alpha: 2, beta: 1)]),
                coarsestUnknowns: 1, levels: levels)
        }
    }

    func testMatchesLUOnDirichletRectangleWithUnequalSpacing() throws {
        try assertMultigridMatchesLU(
            BoxPoissonTestSystem(
                counts: [65, 49], spacing: [1.0 / 64, 1.3 / 48], faces: [.dirichlet, .dirichlet, .dirichlet, .dirichlet]
            ))
    }

    /// Odd and even node counts, Neumann and Robin faces meeting at corners, h_x ≠ h_y.
    func testMatchesLUOnRectangleWithNeumannAndRobinFaces() throws {
        for counts in [[40, 33], [33, 40], [101, 64]] {
            try assertMultigridMatchesLU(
                BoxPoissonTestSystem(
                    counts: counts, spacing: [1 / Double(counts[0] - 1), 0.7 / Double(counts[1] - 1)],
                    faces: [.neumann, .dirichlet, .robin(alpha: 1, beta: 0.5), .neumann]))
        }
    }

    func testMatchesLUOnBoxWithMixedFaces() throws {
        try assertMultigridMatchesLU(
            BoxPoissonTestSystem(
                counts: [17, 20, 15], spacing: [1.0 / 16, 1.2 / 19, 0.9 / 14],
                faces: [.dirichlet, .neumann, .robin(alpha: 3, beta: 1), .neumann, .neumann, .dirichlet]))
        try assertMultigridMatchesLU(
            BoxPoissonTestSystem(
                counts: [33, 33, 33], spacing: [1.0 / 32, 1.0 / 32, 1.0 / 32],
                faces: [.dirichlet, .dirichlet, .dirichlet, .dirichlet, .dirichlet, .dirichlet]))
    }

    /// Unknowns that are not all nodes of a box: an L-shaped domain on its bounding box's grid (the
    /// quadrant x > ½, y > ½ fixed, as a masked grid marks it), with a Neumann face.
    func testMatchesLUOnMaskedGrid() throws {
        let n = 97
        try assertMultigridMatchesLU(
            BoxPoissonTestSystem(
                counts: [n, n], spacing: [1 / Double(n - 1), 1 / Double(n - 1)],
                faces: [.neumann, .dirichlet, .dirichlet, .dirichlet], isFixed: { $0[0] >= n / 2 && $0[1] >= n / 2 }))
    }

    /// −Δu + c ∂u/∂x with first-order upwinding: with c varying across rows no diagonal scaling
    /// makes it symmetric (the ratios a_ij/a_ji disagree around a cell, as with Shortley–Weller
    /// rows); with c constant one does, but its weights grow like (1 + c h)^i, 10⁷ across the
    /// grid. Either way multigrid runs BiCGStab on A, and matches LU.
    func testNonsymmetricSystemRunsBiCGStab() throws {
        let box = BoxPoissonTestSystem(
            counts: [65, 50], spacing: [1.0 / 64, 1.0 / 49], faces: [.dirichlet, .neumann, .dirichlet, .dirichlet])
        let h = box.spacing[0]
        let speeds: [(Int) -> Double] = [{ 5 + 10 * Double($0 / box.counts[0]) / Double(box.counts[1]) }, { _ in 20 }]
        for speed in speeds {
            var system = box.system
            for (node, row) in box.unknownIndex.enumerated() where row >= 0 {
                let c = speed(node)
                system.matrix.add(row: row, column: row, value: c / h)
                let left = node % box.counts[0] == 0 ? -1 : box.unknownIndex[node - 1]
                if left >= 0 { system.matrix.add(row: row, column: left, value: -c / h) }
            }
            let lu = try system.solve(method: .lu)
            let mg = try system.solve(method: .multigrid(box.grid, MultigridOptions(coarsestUnknowns: 8)))
            XCTAssertFalse(mg.isSymmetrized)
            XCTAssertLessThan(Self.relativeDifference(mg.solution, lu.solution), 1e-10)
            XCTAssertLessThan(mg.relativeResidual, 1e-11)
            XCTAssertLessThanOrEqual(mg.iterations, 15)
        }
    }

    /// Multigrid's defining property: the iterations to a fixed relative residual do not grow
    /// with the grid.
    func testIterationsIndependentOfGridSize() throws {
        var counts: [Int] = []
        for n in [33, 65, 129, 257] {
            let box = BoxPoissonTestSystem(
                counts: [n, n], spacing: [1 / Double(n - 1), 1 / Double(n - 1)],
                faces: [.dirichlet, .dirichlet, .neumann, .dirichlet])
            let options = MultigridOptions(relativeTolerance: 1e-10, coarsestUnknowns: 20)
            let report = try box.system.solve(method: .multigrid(box.grid, options))
            XCTAssertLessThanOrEqual(report.iterations, 15, "\(n)²")
            XCTAssertLessThan(report.relativeResidual, 1e-9)
            counts.append(report.iterations)
        }
        XCTAssertLessThanOrEqual(counts.max()! - counts.min()!, 3, "iterations \(counts) grow with the grid")
    }

    /// Anisotropic spacing (h_y = 4 h_x) stays cheap: semi-coarsening keeps Gauss–Seidel smoothing.
    func testAnisotropicSpacingConverges() throws {
        for ratio in [0.25, 4.0] {
            let box = BoxPoissonTestSystem(
                counts: [129, 129], spacing: [1.0 / 128, ratio / 128],
                faces: [.dirichlet, .dirichlet, .robin(alpha: 1, beta: 1), .dirichlet])
            let report = try box.system.solve(method: .multigrid(box.grid, MultigridOptions(relativeTolerance: 1e-10)))
            XCTAssertLessThanOrEqual(report.iterations, 15, "h_y/h_x = \(ratio)")
        }
    }
}

/// The typed failures of `SparseLinearSystem.solve(method:)`.
final class SparseSolverErrorTests: XCTestCase {
    static let square = BoxPoissonTestSystem(
        counts: [17, 17], spacing: [1.0 / 16, 1.0 / 16],
        faces: [.dirichlet, .dirichlet, .neumann, .robin(alpha: 1, beta: 1)])

    func assertThrows(
        _ system: SparseLinearSystem, _ method: SparseSolverMethod, file: StaticString = #filePath, line: UInt = #line,
        _ check: (SparseSolverError) -> Bool
    ) {
        do {
            _ = try system.solve(method: method)
            XCTFail("expected an error from \(method)", file: file, line: line)
        } catch {
            XCTAssertTrue(check(error), "\(error)", file: file, line: line)
        }
    }

    func testGridThatDoesNotMatchTheSystemThrows() {
        let box = Self.square
        var grid = box.grid
        grid.counts = [17, 16]
        assertThrows(box.system, .multigrid(grid)) { if case .invalidMultigridGrid = $0 { true } else { false } }
        grid = box.grid
        grid.unknownIndex[grid.unknownIndex.firstIndex(of: 0)!] = 1
        assertThrows(box.system, .multigrid(grid)) { if case .invalidMultigridGrid = $0 { true } else { false } }
    }

    /// Helmholtz's −(A − k²I) with k² above A's smallest eigenvalue is symmetric but indefinite.
    func testIndefiniteMatrixThrowsNotPositiveDefinite() {
        let box = Self.square
        var shifted = box.system
        for row in 0..<shifted.matrix.dimension { shifted.matrix.add(row: row, column: row, value: -200) }
        for method in [SparseSolverMethod.multigrid(box.grid, MultigridOptions(coarsestUnknowns: 8)), .cholesky] {
            assertThrows(shifted, method) { if case .notPositiveDefinite = $0 { true } else { false } }
        }
        XCTAssertNoThrow(try shifted.solve(method: .lu), "LU handles the indefinite matrix")
    }

    /// A pattern or coefficients no diagonal scaling makes symmetric (a one-sided upwind term).
    func testUnsymmetrizableMatrixThrows() {
        var matrix = SparseTripletMatrix(dimension: 3)
        for (r, c, v) in [
            (0, 0, 2.0), (0, 1, -1), (1, 0, -1), (1, 1, 2), (1, 2, -1), (2, 1, -0.5), (2, 2, 2), (2, 0, -0.5)
        ] {
            matrix.add(row: r, column: c, value: v)
        }
        let system = SparseLinearSystem(matrix: matrix, rhs: [1, 1, 1], isAnchored: true)
        assertThrows(system, .cholesky) { if case .notSymmetrizable = $0 { true } else { false } }
    }

    func testIterationLimitThrowsNotConverged() {
        let box = Self.square
        let options = MultigridOptions(relativeTolerance: 1e-14, maxIterations: 2, coarsestUnknowns: 8)
        assertThrows(box.system, .multigrid(box.grid, options)) {
            if case .notConverged(_, let iterations, let residual, let tolerance) = $0 {
                iterations == 2 && residual > tolerance
            } else {
                false
            }
        }
    }

    /// Pure Neumann: constants are in the kernel. Either the coarsest level's LU reports the
    /// singular matrix, or (when rounding hides it there) CG finds pᵀA p = 0 for the constant
    /// the preconditioner returns; both are typed errors, never a solution.
    func testPureNeumannSystemThrows() {
        let box = BoxPoissonTestSystem(
            counts: [17, 17], spacing: [1.0 / 16, 1.0 / 16], faces: [.neumann, .neumann, .neumann, .neumann])
        XCTAssertFalse(box.system.isAnchored)
        assertThrows(box.system, .multigrid(box.grid, MultigridOptions(coarsestUnknowns: 8))) {
            switch $0 {
            case .singular, .notPositiveDefinite: true
            default: false
            }
        }
        XCTAssertEqual(
            FDError(SparseSolverError.singular(call: "umfpack_dl_numeric")), .singularMatrix(call: "umfpack_dl_numeric")
        )
        let notConverged = SparseSolverError.notConverged(method: "m", iterations: 1, relativeResidual: 1, tolerance: 0)
        XCTAssertEqual(FDError(notConverged), .linearSolver(notConverged))
    }
}

/// The fine operator is whatever was assembled: the compact fourth-order 9-point Laplacian
/// (Mehrstellen, −Δ₉u = [20u_p − 4Σ_edge − Σ_corner]/(6h²)) on a Dirichlet square goes through
/// the same hierarchy (its Galerkin coarse operators are 9-point too).
final class MultigridOperatorTests: XCTestCase {
    func testNinePointStencilMatchesLU() throws {
        let n = 129, h = 1 / Double(n - 1)
        var unknownIndex = [Int](repeating: -1, count: n * n)
        var count = 0
        for j in 1..<(n - 1) {
            for i in 1..<(n - 1) {
                unknownIndex[i + n * j] = count
                count += 1
            }
        }
        var matrix = SparseTripletMatrix(dimension: count)
        var rhs = [Double](repeating: 0, count: count)
        let c = 1 / (6 * h * h)
        for j in 1..<(n - 1) {
            for i in 1..<(n - 1) {
                let row = unknownIndex[i + n * j]
                matrix.add(row: row, column: row, value: 20 * c)
                for dj in -1...1 {
                    for di in -1...1 where di != 0 || dj != 0 {
                        let column = unknownIndex[(i + di) + n * (j + dj)]
                        guard column >= 0 else { continue }
                        matrix.add(row: row, column: column, value: (di == 0 || dj == 0 ? -4 : -1) * c)
                    }
                }
                rhs[row] = exp(Double(i) * h) * (1 + Double(j) * h)
            }
        }
        let system = SparseLinearSystem(matrix: matrix, rhs: rhs, isAnchored: true)
        let grid = MultigridGrid(counts: [n, n], spacing: [h, h], unknownIndex: unknownIndex)
        let lu = try system.solve(method: .lu)
        let mg = try system.solve(method: .multigrid(grid))
        XCTAssertLessThan(MultigridSolverTests.relativeDifference(mg.solution, lu.solution), 1e-10)
        XCTAssertLessThanOrEqual(mg.iterations, 15)
    }
}
