import PinnNumerics

/// What a box face prescribes at one of its nodes, in the form the compact scheme uses.
enum FDCompactFaceData {
    /// u = value (Dirichlet, or Robin with β = 0).
    case fixed(Double)
    /// ∂u/∂n = c·u + d with n the outward normal: Neumann g is (0, g); Robin α u + β ∂u/∂n = g
    /// is (−α/β, g/β).
    case flux(c: Double, d: Double)
}

/// The boundary conditions of a box, evaluated at the nodes of every face, and the role of
/// every node (Dirichlet-fixed or unknown) for the compact scheme.
///
/// Face (a, side) is the face x_a = lower[a] (side 0, outward normal −e_a) or x_a = upper[a]
/// (side 1, +e_a). A node on several faces (an edge or corner) is fixed when any of them is
/// Dirichlet there, by the first in the order (axis 0, lower), (axis 0, upper), (axis 1, lower), …
/// — Dirichlet wins, as in the second-order scheme.
struct FDCompactBoxBoundary {
    let counts: [Int]
    /// `faces[2a + side]`: the data at the face's nodes, numbered as the grid without axis a.
    private let faces: [[FDCompactFaceData]]
    /// The value of every fixed node, NaN at the unknowns.
    let fixedValues: [Double]
    /// A face whose nodes mix Dirichlet and Neumann/Robin data, if any (the compact ghost
    /// relations need the normal derivative along a whole Neumann/Robin face).
    let mixedFace: (axis: Int, side: Int)?
    /// Whether a Robin term α u (α ≠ 0) appears on some Neumann/Robin face.
    let hasRobinTerm: Bool
    /// Whether some face has Neumann/Robin data (and so ghost nodes).
    let hasNeumannOrRobinFace: Bool

    init(
        grid: RectilinearGrid,
        boundaryCondition: @Sendable ([Double], [Double]) -> FDBoundaryCondition
    ) throws(FDError) {
        let d = grid.dimension
        counts = grid.counts
        var faces: [[FDCompactFaceData]] = []
        var mixedFace: (axis: Int, side: Int)?
        var hasRobinTerm = false, hasNeumannOrRobinFace = false
        for a in 0..<d {
            var tangentialCounts = counts
            tangentialCounts.remove(at: a)
            let faceNodeCount = tangentialCounts.reduce(1, *)
            for side in 0..<2 {
                var normal = [Double](repeating: 0, count: d)
                normal[a] = side == 0 ? -1 : 1
                var data: [FDCompactFaceData] = []
                data.reserveCapacity(faceNodeCount)
                var fixedCount = 0
                for faceIndex in 0..<faceNodeCount {
                    var indices = Self.unflatten(faceIndex, counts: tangentialCounts)
                    indices.insert(side == 0 ? 0 : counts[a] - 1, at: a)
                    let p = grid.point(indices)
                    let entry = try Self.faceData(boundaryCondition(p, normal), at: p)
                    switch entry {
                    case .fixed: fixedCount += 1
                    case .flux(let c, _):
                        hasNeumannOrRobinFace = true
                        if c != 0 { hasRobinTerm = true }
                    }
                    data.append(entry)
                }
                if fixedCount > 0, fixedCount < faceNodeCount, mixedFace == nil { mixedFace = (a, side) }
                faces.append(data)
            }
        }
        self.faces = faces
        self.mixedFace = mixedFace
        self.hasRobinTerm = hasRobinTerm
        self.hasNeumannOrRobinFace = hasNeumannOrRobinFace

        var fixedValues = [Double](repeating: .nan, count: grid.pointCount)
        for linear in 0..<grid.pointCount {
            let indices = grid.index(ofFlat: linear)
            for (a, side) in Self.faces(of: indices, counts: counts) {
                if case .fixed(let value) = Self.lookUp(faces, counts: counts, axis: a, side: side, at: indices) {
                    fixedValues[linear] = value
                    break
                }
            }
        }
        self.fixedValues = fixedValues
    }

    /// The data of face (a, side) at a node of that face (given by its grid indices).
    func data(axis a: Int, side: Int, at indices: [Int]) -> FDCompactFaceData {
        Self.lookUp(faces, counts: counts, axis: a, side: side, at: indices)
    }

    /// The faces a node lies on, as (axis, side), in axis order.
    static func faces(of indices: [Int], counts: [Int]) -> [(axis: Int, side: Int)] {
        var result: [(axis: Int, side: Int)] = []
        for a in indices.indices {
            if indices[a] == 0 { result.append((a, 0)) } else if indices[a] == counts[a] - 1 { result.append((a, 1)) }
        }
        return result
    }

    private static func lookUp(
        _ faces: [[FDCompactFaceData]], counts: [Int], axis a: Int, side: Int, at indices: [Int]
    ) -> FDCompactFaceData {
        var faceIndex = 0, stride = 1
        for t in indices.indices where t != a {
            faceIndex += indices[t] * stride
            stride *= counts[t]
        }
        return faces[2 * a + side][faceIndex]
    }

    private static func unflatten(_ flat: Int, counts: [Int]) -> [Int] {
        var rest = flat
        return counts.map { n in
            defer { rest /= n }
            return rest % n
        }
    }

    private static func faceData(_ condition: FDBoundaryCondition, at p: [Double]) throws(FDError) -> FDCompactFaceData
    {
        switch condition {
        case .dirichlet(let value):
            return .fixed(value)
        case .neumann(let value):
            return .flux(c: 0, d: value)
        case .robin(let alpha, let beta, let value):
            if beta != 0 { return .flux(c: -alpha / beta, d: value / beta) }
            guard alpha != 0 else {
                throw .invalidBoundaryCondition(point: p, condition: condition, reason: "α and β are both zero")
            }
            return .fixed(value / alpha)
        }
    }
}
