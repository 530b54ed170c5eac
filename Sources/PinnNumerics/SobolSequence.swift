/// A Sobol low-discrepancy sequence in [0,1)^d, d ≤ 8, with 32-bit direction numbers.
///
/// Coordinate j of point n is the XOR of the direction numbers v_{j,k} for the bits k set in
/// the Gray code of n, read as a binary fraction: x_j(n) = (⊕_k g_k(n) v_{j,k}) / 2³².
/// Dimension 1 uses v_{1,k} = 2^(31−k) (the van der Corput sequence); the others are built from
/// the primitive polynomials and initial numbers m of Joe & Kuo (2008, "new-joe-kuo-6.21201") by
///
///     v_k = v_{k−s} ⊕ (v_{k−s} ≫ s) ⊕ ⊕_{i=1}^{s−1} a_i v_{k−i}   (k > s),   v_k = m_k 2^(32−k) (k ≤ s).
///
/// With a `shiftSeed`, each coordinate is XOR-ed with a random 32-bit word (a random digital
/// shift), which keeps the net property — every elementary box of volume 2^(−m) in dimensions
/// 1 and 2 holds exactly one of the first 2^m points — and gives a new point set per seed.
public struct SobolSequence: Sendable, Equatable {
    /// (degree s, coefficients a, initial m_1…m_s) for dimensions 2…8.
    static let table: [(s: Int, a: UInt32, m: [UInt32])] = [
        (1, 0, [1]), (2, 1, [1, 3]), (3, 1, [1, 3, 1]), (3, 2, [1, 1, 1]),
        (4, 1, [1, 1, 3, 3]), (4, 4, [1, 3, 5, 13]), (5, 2, [1, 1, 5, 5, 17])
    ]
    public static let maximumDimension = 1 + table.count

    public let dimension: Int
    /// direction[j][k] = v_{j,k+1}.
    let direction: [[UInt32]]
    let shift: [UInt32]
    /// The index of the next point (starts at 0) and the Gray-coded state after it.
    public private(set) var index: UInt32 = 0
    var state: [UInt32]

    public init(dimension: Int, shiftSeed: UInt64? = nil) {
        precondition(
            (1...Self.maximumDimension).contains(dimension),
            "SobolSequence supports dimensions 1...\(Self.maximumDimension), got \(dimension)")
        self.dimension = dimension
        var direction = [(0..<32).map { UInt32(1) << (31 - $0) }]
        for j in 1..<dimension {
            let (s, a, m) = Self.table[j - 1]
            var v = [UInt32](repeating: 0, count: 32)
            for k in 0..<s { v[k] = m[k] << (31 - k) }
            for k in s..<32 {
                var x = v[k - s] ^ (v[k - s] >> UInt32(s))
                for i in 1..<s where (a >> UInt32(s - 1 - i)) & 1 == 1 { x ^= v[k - i] }
                v[k] = x
            }
            direction.append(v)
        }
        self.direction = direction
        if let seed = shiftSeed {
            var rng = SeededGenerator(seed: seed)
            shift = (0..<dimension).map { _ in UInt32(truncatingIfNeeded: rng.next() >> 32) }
        } else {
            shift = [UInt32](repeating: 0, count: dimension)
        }
        state = shift
    }

    /// The next point, in [0,1)^dimension. Point 0 is the (shifted) origin.
    public mutating func next() -> [Double] {
        let point = state.map { Double($0) * 0x1p-32 }
        precondition(index < UInt32.max, "SobolSequence exhausted after 2³² − 1 points")
        let bit = (~index).trailingZeroBitCount // the Gray code of index+1 differs from index's in this bit
        index += 1
        for j in 0..<dimension { state[j] ^= direction[j][bit] }
        return point
    }
}
