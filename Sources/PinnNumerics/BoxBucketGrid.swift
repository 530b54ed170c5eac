import Foundation

/// Axis-aligned boxes (the bounding boxes of a mesh's cells, say) sorted into a uniform grid of
/// buckets over their union's bounding box, so that the boxes near a point are found in O(1):
/// each box is listed in every bucket it meets, and a point looks in its own bucket (or in the
/// buckets a small box around it meets).
///
/// The grid has ⌈n^{1/d}⌉ buckets per axis for n boxes, about one box per bucket when the boxes
/// are of one size and fill their bounding box.
public struct BoxBucketGrid: Sendable {
    /// 1, 2 or 3 (any d ≥ 1 works).
    public let dimension: Int
    /// The lower corners of the boxes, `dimension` per box.
    public let boxLower: [Double]
    /// The upper corners of the boxes, `dimension` per box.
    public let boxUpper: [Double]
    /// The lower corner of the grid (the boxes' union's).
    let lower: [Double]
    let bucketSize: [Double]
    let bucketCounts: [Int]
    /// Box indices per bucket, x fastest.
    let buckets: [[Int]]

    /// A point within `slack` · (the grid's extent, at least 1) of the grid's box still finds the
    /// bucket at the edge.
    static let slack = 1e-10

    /// The grid of the boxes [`boxLower[d·i ..< d·(i+1)]`, `boxUpper[d·i ..< d·(i+1)]`].
    public init(dimension d: Int, boxLower: [Double], boxUpper: [Double]) {
        precondition(d >= 1 && boxLower.count == boxUpper.count && boxLower.count % d == 0, "malformed boxes")
        dimension = d
        self.boxLower = boxLower
        self.boxUpper = boxUpper
        let count = boxLower.count / d
        var lo = [Double](repeating: .infinity, count: d), hi = [Double](repeating: -.infinity, count: d)
        for b in 0..<count {
            for a in 0..<d {
                lo[a] = min(lo[a], boxLower[b * d + a])
                hi[a] = max(hi[a], boxUpper[b * d + a])
            }
        }
        if count == 0 {
            lo = [Double](repeating: 0, count: d)
            hi = lo
        }
        let perAxis = max(1, Int(pow(Double(max(count, 1)), 1 / Double(d)).rounded(.up)))
        lower = lo
        bucketCounts = [Int](repeating: perAxis, count: d)
        bucketSize = (0..<d).map { max((hi[$0] - lo[$0]) / Double(perAxis), .leastNormalMagnitude) }
        var buckets = [[Int]](repeating: [], count: Int(pow(Double(perAxis), Double(d))))
        var first = [Int](repeating: 0, count: d), last = first
        for b in 0..<count {
            for a in 0..<d {
                first[a] = Self.clamp(Int(((boxLower[b * d + a] - lo[a]) / bucketSize[a]).rounded(.down)), perAxis)
                last[a] = Self.clamp(Int(((boxUpper[b * d + a] - lo[a]) / bucketSize[a]).rounded(.down)), perAxis)
            }
            for index in Self.indices(first, last, counts: bucketCounts) { buckets[index].append(b) }
        }
        self.buckets = buckets
    }

    /// The number of boxes.
    public var count: Int { boxLower.count / dimension }

    static func clamp(_ i: Int, _ count: Int) -> Int { min(max(i, 0), count - 1) }

    /// The flat indices of the buckets from `first` to `last` (inclusive, per axis).
    static func indices(_ first: [Int], _ last: [Int], counts: [Int]) -> [Int] {
        var result = [0]
        var stride = 1
        for a in 0..<first.count {
            result = result.flatMap { base in (first[a]...last[a]).map { base + $0 * stride } }
            stride *= counts[a]
        }
        return result
    }

    /// The boxes listed in the bucket of `point` (a superset of the boxes holding it; empty when
    /// the point lies outside the grid's box by more than rounding). Test each against its box
    /// or, better, the cell it bounds.
    public func candidates(at point: [Double]) -> [Int] {
        let d = dimension
        guard point.count == d, !buckets.isEmpty else { return [] }
        var index = 0, stride = 1
        for a in 0..<d {
            let extent = bucketSize[a] * Double(bucketCounts[a])
            let slack = Self.slack * max(1, extent)
            guard point[a] >= lower[a] - slack, point[a] <= lower[a] + extent + slack else { return [] }
            let t = (point[a] - lower[a]) / bucketSize[a]
            index += Self.clamp(Int(t.rounded(.down)), bucketCounts[a]) * stride
            stride *= bucketCounts[a]
        }
        return buckets[index]
    }

    /// The boxes that meet the box [`queryLower`, `queryUpper`] (closed), each once, ascending.
    public func boxes(meetingLower queryLower: [Double], upper queryUpper: [Double]) -> [Int] {
        let d = dimension
        guard queryLower.count == d, queryUpper.count == d, count > 0 else { return [] }
        var first = [Int](repeating: 0, count: d), last = first
        for a in 0..<d {
            let extent = bucketSize[a] * Double(bucketCounts[a])
            guard queryUpper[a] >= lower[a], queryLower[a] <= lower[a] + extent else { return [] }
            first[a] = Self.clamp(Int(((queryLower[a] - lower[a]) / bucketSize[a]).rounded(.down)), bucketCounts[a])
            last[a] = Self.clamp(Int(((queryUpper[a] - lower[a]) / bucketSize[a]).rounded(.down)), bucketCounts[a])
        }
        var found = Set<Int>()
        for index in Self.indices(first, last, counts: bucketCounts) {
            for b in buckets[index] where !found.contains(b) {
                let meets = (0..<d).allSatisfy { a in
                    boxLower[b * d + a] <= queryUpper[a] && boxUpper[b * d + a] >= queryLower[a]
                }
                if meets { found.insert(b) }
            }
        }
        return found.sorted()
    }
}
