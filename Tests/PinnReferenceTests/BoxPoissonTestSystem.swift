import Foundation
import PinnReference

/// The finite-difference Poisson system −Δu = f on a box, assembled here independently of
/// `FDAssembler` (the same scheme: 3/5/7-point Laplacian, Dirichlet nodes eliminated, one ghost
/// node per Neumann/Robin face eliminated by the central difference of α u + β ∂u/∂n = g,
/// Dirichlet winning at edges and corners), so the solver tests own their input.
struct BoxPoissonTestSystem {
    enum Face {
        case dirichlet
        case neumann
        case robin(alpha: Double, beta: Double)
    }

    let counts: [Int]
    let spacing: [Double]
    let system: SparseLinearSystem
    let unknownIndex: [Int]

    var grid: MultigridGrid { MultigridGrid(counts: counts, spacing: spacing, unknownIndex: unknownIndex) }

    /// `faces[2a]` is the face x_a = 0, `faces[2a+1]` the face x_a = L_a, with L_a = (n_a − 1) h_a.
    /// Source and boundary data are smooth (a sum of sines), so the solution is too. Nodes where
    /// `isFixed(index)` holds are Dirichlet nodes too (a hole in the domain, as on a masked grid).
    init(counts: [Int], spacing: [Double], faces: [Face], isFixed: ([Int]) -> Bool = { _ in false }) {
        let d = counts.count
        precondition(spacing.count == d && faces.count == 2 * d)
        self.counts = counts
        self.spacing = spacing
        let nodeCount = counts.reduce(1, *)
        var strides = [1]
        for a in 1..<max(d, 1) { strides.append(strides[a - 1] * counts[a - 1]) }
        func index(_ node: Int) -> [Int] { (0..<d).map { (node / strides[$0]) % counts[$0] } }
        func point(_ i: [Int]) -> [Double] { (0..<d).map { Double(i[$0]) * spacing[$0] } }
        func isDirichlet(_ i: [Int]) -> Bool {
            isFixed(i)
                || (0..<d).contains { a in
                    (i[a] == 0 && { if case .dirichlet = faces[2 * a] { true } else { false } }())
                        || (i[a] == counts[a] - 1
                            && { if case .dirichlet = faces[2 * a + 1] { true } else { false } }())
                }
        }
        let f: ([Double]) -> Double = { p in 1 + p.enumerated().reduce(0) { $0 + sin(Double($1.0 + 1) * $1.1 + 0.3) } }
        let g: ([Double]) -> Double = { p in cos(p.reduce(0, +)) + 0.5 }

        var unknownIndex = [Int](repeating: -1, count: nodeCount)
        var unknownCount = 0
        for node in 0..<nodeCount where !isDirichlet(index(node)) {
            unknownIndex[node] = unknownCount
            unknownCount += 1
        }
        var matrix = SparseTripletMatrix(dimension: unknownCount)
        var rhs = [Double](repeating: 0, count: unknownCount)
        var anchored = false
        for node in 0..<nodeCount where unknownIndex[node] >= 0 {
            let i = index(node), row = unknownIndex[node]
            var diagonal = 0.0
            var b = f(point(i))
            func couple(_ neighbour: Int, _ c: Double) {
                if unknownIndex[neighbour] >= 0 {
                    matrix.add(row: row, column: unknownIndex[neighbour], value: -c)
                } else {
                    b += c * g(point(index(neighbour)))
                    anchored = true
                }
            }
            for a in 0..<d {
                let h = spacing[a], c = 1 / (h * h)
                let atLower = i[a] == 0, atUpper = i[a] == counts[a] - 1
                if atLower || atUpper {
                    // A Neumann or Robin face (Dirichlet nodes are not unknowns).
                    let (alpha, beta): (Double, Double)
                    switch faces[2 * a + (atLower ? 0 : 1)] {
                    case .dirichlet: fatalError("Dirichlet nodes are eliminated")
                    case .neumann: (alpha, beta) = (0, 1)
                    case .robin(let al, let be): (alpha, beta) = (al, be)
                    }
                    couple(node + (atLower ? strides[a] : -strides[a]), 2 * c)
                    diagonal += 2 * c + 2 * alpha / (beta * h)
                    b += 2 * g(point(i)) / (beta * h)
                    if alpha != 0 { anchored = true }
                } else {
                    couple(node - strides[a], c)
                    couple(node + strides[a], c)
                    diagonal += 2 * c
                }
            }
            matrix.add(row: row, column: row, value: diagonal)
            rhs[row] = b
        }
        self.unknownIndex = unknownIndex
        system = SparseLinearSystem(matrix: matrix, rhs: rhs, isAnchored: anchored)
    }
}
