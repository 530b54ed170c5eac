/// Two solutions of one problem by a scheme of order p: `fine` on a grid of `finePoints` nodes per
/// axis (x fastest) and `coarse` on the grid of every k-th of its nodes (k = 2 for a pair of
/// spacings h/2 and h), with the fine one sampled at the coarse grid's nodes once.
///
/// With errors e_h ≈ C hᵖ: the fine solution's error is about (u_fine − u_coarse)/(2ᵖ − 1)
/// (`estimatedRelativeError`), and u_fine + (u_fine − u_coarse)/(2ᵖ − 1) cancels the hᵖ term
/// (`extrapolated`, Richardson 1911) at the coarse nodes; `completedExtrapolation` carries that
/// correction to every fine node.
public struct RichardsonPair: Sendable {
    /// The fine solution, on `finePoints` nodes per axis.
    public let fine: [Double]
    public let finePoints: [Int]
    /// The fine solution at the coarse grid's nodes.
    public let fineAtCoarseNodes: [Double]
    /// The coarse solution, on `coarsePoints` nodes per axis.
    public let coarse: [Double]
    public let coarsePoints: [Int]
    /// The scheme's order p.
    public let order: Int

    public init(fine: [Double], finePoints: [Int], coarse: [Double], coarsePoints: [Int], order: Int) {
        self.fine = fine
        self.finePoints = finePoints
        fineAtCoarseNodes = Self.sample(fine, fine: finePoints, coarse: coarsePoints)
        self.coarse = coarse
        self.coarsePoints = coarsePoints
        self.order = order
    }

    /// 1 / (2ᵖ − 1).
    var factor: Double { 1 / (Double(1 << order) - 1) }

    /// ‖u_fine − u_coarse‖₂ / ‖u_fine‖₂ / (2ᵖ − 1) over the coarse nodes where both are finite: the
    /// fine solution's estimated relative error.
    public var estimatedRelativeError: Double { Self.relativeDistance(coarse, fineAtCoarseNodes) * factor }

    /// u_fine + (u_fine − u_coarse)/(2ᵖ − 1) at the coarse grid's nodes.
    public var extrapolated: [Double] {
        let factor = self.factor
        return zip(fineAtCoarseNodes, coarse).map { $0 + ($0 - $1) * factor }
    }

    /// Samples `values` on a grid of `fine` nodes per axis (x fastest) at the nodes of the grid of
    /// `coarse` nodes per axis whose nodes are every ((fine − 1)/(coarse − 1))-th fine node.
    public static func sample(_ values: [Double], fine: [Int], coarse: [Int]) -> [Double] {
        let step = zip(fine, coarse).map { ($0 - 1) / max(1, $1 - 1) }
        let count = coarse.reduce(1, *)
        var out = [Double](repeating: .nan, count: count)
        for flat in 0..<count {
            var rest = flat, fineFlat = 0, stride = 1
            for a in 0..<coarse.count {
                let i = rest % coarse[a]
                rest /= coarse[a]
                fineFlat += i * step[a] * stride
                stride *= fine[a]
            }
            out[flat] = values[fineFlat]
        }
        return out
    }

    /// ‖a − b‖₂ / ‖b‖₂ over the entries where both are finite (‖a − b‖₂ when b vanishes there).
    public static func relativeDistance(_ a: [Double], _ b: [Double]) -> Double {
        var difference = 0.0, norm = 0.0
        for (x, y) in zip(a, b) where x.isFinite && y.isFinite {
            difference += (x - y) * (x - y)
            norm += y * y
        }
        return norm > 0 ? (difference / norm).squareRoot() : difference.squareRoot()
    }
}
