import Foundation
import PinnNumerics
import PinnReference

/// Structured simplex meshes of the unit square and the unit cube for the finite-element tests,
/// optionally distorted so that they are not trivially uniform.
enum FEMTestMesh {
    /// How the nodes of the structured mesh are moved.
    enum Distortion {
        /// None: the uniform mesh.
        case none
        /// The smooth map x_a ← x_a + 0.05 sin(2π x_{a+1}) Π_b sin(π x_b): it fixes the boundary,
        /// is one-to-one, and is the same map at every refinement (so orders stay clean).
        case smooth
        /// Each interior node moves by up to `fraction`·h per coordinate, drawn from `seed`.
        case random(fraction: Double, seed: UInt64)
    }

    /// [0, 1]² as n × n squares, each cut into two triangles: along the diagonal (0,0)–(1,1) of
    /// the square, or (with `randomDiagonals`) along either diagonal at random.
    /// Boundary segments get the condition index `sideConditions[s]` of their side
    /// s: 0 x = 0, 1 x = 1, 2 y = 0, 3 y = 1.
    static func square(
        n: Int, sideConditions: [Int] = [0, 0, 0, 0], distortion: Distortion = .none,
        randomDiagonals: UInt64? = nil
    ) throws -> FEMMesh {
        func node(_ i: Int, _ j: Int) -> Int { i + (n + 1) * j }
        var coordinates: [Double] = []
        for j in 0...n {
            for i in 0...n { coordinates += [Double(i) / Double(n), Double(j) / Double(n)] }
        }
        var diagonals = randomDiagonals.map { SeededGenerator(seed: $0) }
        var cells: [Int] = []
        for j in 0..<n {
            for i in 0..<n {
                let p00 = node(i, j), p10 = node(i + 1, j), p01 = node(i, j + 1), p11 = node(i + 1, j + 1)
                if diagonals?.next().isMultiple(of: 2) ?? true {
                    cells += [p00, p10, p11, p00, p11, p01]
                } else {
                    cells += [p00, p10, p01, p10, p11, p01]
                }
            }
        }
        var facets: [Int] = [], conditions: [Int] = []
        for k in 0..<n {
            facets += [node(0, k), node(0, k + 1)]; conditions.append(sideConditions[0])
            facets += [node(n, k), node(n, k + 1)]; conditions.append(sideConditions[1])
            facets += [node(k, 0), node(k + 1, 0)]; conditions.append(sideConditions[2])
            facets += [node(k, n), node(k + 1, n)]; conditions.append(sideConditions[3])
        }
        let moved = distort(coordinates, dimension: 2, n: n, distortion)
        try checkOrientation(original: coordinates, moved: moved, cells: cells, dimension: 2)
        return try FEMMesh(dimension: 2, coordinates: moved, cells: cells, facets: facets, facetConditions: conditions)
    }

    /// [0, 1]³ as n³ cubes, each cut into the 6 tetrahedra of Kuhn's subdivision (one per path
    /// 000 → 111 along the axes; conforming across cubes). Boundary triangles get the condition
    /// index `faceConditions[f]` of their face f: 0 x = 0, 1 x = 1, 2 y = 0, 3 y = 1, 4 z = 0, 5 z = 1.
    static func cube(
        n: Int, faceConditions: [Int] = [0, 0, 0, 0, 0, 0],
        distortion: Distortion = .none
    ) throws -> FEMMesh {
        func node(_ index: [Int]) -> Int { index[0] + (n + 1) * (index[1] + (n + 1) * index[2]) }
        var coordinates: [Double] = []
        for k in 0...n {
            for j in 0...n {
                for i in 0...n { coordinates += [Double(i) / Double(n), Double(j) / Double(n), Double(k) / Double(n)] }
            }
        }
        let paths = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]]
        var cells: [Int] = []
        for k in 0..<n {
            for j in 0..<n {
                for i in 0..<n {
                    for path in paths {
                        var corner = [i, j, k]
                        cells.append(node(corner))
                        for axis in path {
                            corner[axis] += 1
                            cells.append(node(corner))
                        }
                    }
                }
            }
        }
        // Kuhn's tetrahedra cut each face square along the diagonal from its corner with the
        // lower two in-face indices to the one with the upper two.
        var facets: [Int] = [], conditions: [Int] = []
        for axis in 0..<3 {
            let (b, c) = axis == 0 ? (1, 2) : axis == 1 ? (0, 2) : (0, 1)
            for side in 0..<2 {
                for s in 0..<n {
                    for t in 0..<n {
                        func q(_ ds: Int, _ dt: Int) -> Int {
                            var index = [0, 0, 0]
                            index[axis] = side * n
                            index[b] = s + ds
                            index[c] = t + dt
                            return node(index)
                        }
                        facets += [q(0, 0), q(1, 0), q(1, 1), q(0, 0), q(1, 1), q(0, 1)]
                        conditions += [faceConditions[2 * axis + side], faceConditions[2 * axis + side]]
                    }
                }
            }
        }
        let moved = distort(coordinates, dimension: 3, n: n, distortion)
        try checkOrientation(original: coordinates, moved: moved, cells: cells, dimension: 3)
        return try FEMMesh(dimension: 3, coordinates: moved, cells: cells, facets: facets, facetConditions: conditions)
    }

    private static func distort(
        _ coordinates: [Double], dimension d: Int, n: Int,
        _ distortion: Distortion
    ) -> [Double] {
        var moved = coordinates
        switch distortion {
        case .none:
            break
        case .smooth:
            for start in stride(from: 0, to: coordinates.count, by: d) {
                let x = Array(coordinates[start..<(start + d)])
                let bump = x.reduce(1.0) { $0 * sin(.pi * $1) }
                for a in 0..<d { moved[start + a] += 0.05 * sin(2 * .pi * x[(a + 1) % d]) * bump }
            }
        case .random(let fraction, let seed):
            var generator = SeededGenerator(seed: seed)
            let h = 1 / Double(n)
            for start in stride(from: 0, to: coordinates.count, by: d) {
                let isInterior = coordinates[start..<(start + d)].allSatisfy { $0 > h / 2 && $0 < 1 - h / 2 }
                for a in 0..<d {
                    let shift = generator.uniform(-fraction * h, fraction * h)
                    if isInterior { moved[start + a] += shift }
                }
            }
        }
        return moved
    }

    struct InvertedCell: Error { var cell: Int }

    /// Throws if moving the nodes turned any cell inside out (its signed measure changed sign).
    private static func checkOrientation(original: [Double], moved: [Double], cells: [Int], dimension d: Int) throws {
        func signedMeasure(_ x: [Double], _ nodes: ArraySlice<Int>) -> Double {
            let p = nodes.map { Array(x[(d * $0)..<(d * $0 + d)]) }
            let e = (1...d).map { k in (0..<d).map { p[k][$0] - p[0][$0] } }
            if d == 2 { return e[0][0] * e[1][1] - e[0][1] * e[1][0] }
            return e[0][0] * (e[1][1] * e[2][2] - e[1][2] * e[2][1])
                - e[0][1] * (e[1][0] * e[2][2] - e[1][2] * e[2][0])
                + e[0][2] * (e[1][0] * e[2][1] - e[1][1] * e[2][0])
        }
        for cell in 0..<(cells.count / (d + 1)) {
            let nodes = cells[(cell * (d + 1))..<((cell + 1) * (d + 1))]
            if signedMeasure(original, nodes) * signedMeasure(moved, nodes) <= 0 { throw InvertedCell(cell: cell) }
        }
    }
}

/// A smooth exact solution with its gradient and Laplacian, to manufacture sources and
/// boundary data.
struct ManufacturedSolution: Sendable {
    var u: @Sendable ([Double]) -> Double
    var gradient: @Sendable ([Double]) -> [Double]
    var laplacian: @Sendable ([Double]) -> Double

    /// ∂u/∂n at `x` for the normal `n`.
    func normalDerivative(_ x: [Double], _ n: [Double]) -> Double {
        zip(gradient(x), n).reduce(0) { $0 + $1.0 * $1.1 }
    }

    /// The source of Poisson `−Δu = f`.
    var poissonSource: @Sendable ([Double]) -> Double {
        let laplacian = laplacian
        return { -laplacian($0) }
    }

    /// The source of Helmholtz `Δu + k²u = f`.
    func helmholtzSource(kSquared: @escaping @Sendable ([Double]) -> Double) -> @Sendable ([Double]) -> Double {
        let u = u, laplacian = laplacian
        return { laplacian($0) + kSquared($0) * u($0) }
    }

    /// Exact boundary conditions of each kind for this solution.
    var dirichlet: FEMBoundaryCondition {
        .dirichlet(value: u)
    }

    var neumann: FEMBoundaryCondition {
        let exact = self
        return .neumann(value: { x, n in exact.normalDerivative(x, n) })
    }

    func robin(alpha: Double, beta: Double) -> FEMBoundaryCondition {
        let exact = self
        return .robin(
            alpha: alpha, beta: beta, value: { x, n in alpha * exact.u(x) + beta * exact.normalDerivative(x, n) })
    }
}
