/// A uniform tensor grid over a bounding box, nodes numbered with axis 0 (x) fastest:
/// `linear = i0 + n0·(i1 + n1·i2)`.
struct FDGrid {
    let counts: [Int]
    let spacing: [Double]
    /// Node coordinates per axis; the last node of each axis is exactly the upper corner.
    let coordinates: [[Double]]
    let strides: [Int]
    let nodeCount: Int

    init(lower: [Double], upper: [Double], counts: [Int]) {
        self.counts = counts
        spacing = counts.indices.map { (upper[$0] - lower[$0]) / Double(counts[$0] - 1) }
        coordinates = counts.indices.map { a in
            (0..<counts[a]).map { i in i == counts[a] - 1 ? upper[a] : lower[a] + Double(i) * (upper[a] - lower[a]) / Double(counts[a] - 1) }
        }
        var strides: [Int] = []
        var stride = 1
        for n in counts { strides.append(stride); stride *= n }
        self.strides = strides
        nodeCount = stride
    }

    var dimension: Int { counts.count }

    func indices(ofNode linear: Int) -> [Int] {
        counts.indices.map { (linear / strides[$0]) % counts[$0] }
    }

    func point(_ indices: [Int]) -> [Double] {
        indices.enumerated().map { coordinates[$0.offset][$0.element] }
    }
}
