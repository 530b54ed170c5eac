import PinnReference

/// The solutions of a chosen reference on nested grids, each with twice the intervals of the one
/// before, as they are added: the newest one's plain error estimate from its pair with the one
/// before, and that pair's completed extrapolation with its estimate (its distance from the
/// previous pair's extrapolation at that one's nodes).
struct RichardsonLadder {
    /// The newest solution, on `points` nodes per axis.
    private(set) var newest: (values: [Double], points: [Int])?
    /// The newest solution's estimated relative error, when it has a partner.
    private(set) var estimate: Double?
    /// The newest pair's completed extrapolation (on the newest grid) and its estimated error.
    private(set) var extrapolation: (values: [Double], points: [Int], estimate: Double?)?

    /// Adds the solution on the next grid (a scheme of `order`).
    mutating func add(_ values: [Double], points: [Int], order: Int) {
        defer { newest = (values, points) }
        guard let coarse = newest, zip(points, coarse.points).allSatisfy({ ($0 - 1) == 2 * ($1 - 1) }) else {
            (estimate, extrapolation) = (nil, nil)
            return
        }
        let pair = RichardsonPair(
            fine: values, finePoints: points, coarse: coarse.values, coarsePoints: coarse.points, order: order)
        estimate = pair.estimatedRelativeError
        let completed = pair.completedExtrapolation
        var extrapolationEstimate: Double?
        if let previous = extrapolation, previous.points == coarse.points {
            extrapolationEstimate = RichardsonPair.relativeDistance(
                previous.values, RichardsonPair.sample(completed, fine: points, coarse: previous.points))
        }
        extrapolation = (completed, points, extrapolationEstimate)
    }
}
