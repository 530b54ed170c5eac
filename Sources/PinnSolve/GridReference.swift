import Dispatch
import PinnNumerics
import PinnReference
import PinnResults

/// The finite-difference reference of a problem on an analytic domain, on the output grid.
///
/// The reference may be solved on a finer grid whose every r-th node is an output node (r, the
/// refinement, ≥ 1: (n − 1)·r + 1 nodes per axis where the output grid has n), then sampled at the
/// output nodes. Its error is estimated from a Richardson pair: with solutions u_h on the
/// reference grid and u_2h on the grid of every other node, a scheme of order p has
/// u_h − u ≈ (u_2h − u_h)/(2ᵖ − 1), measured in the discrete relative L2 norm over the nodes the
/// two grids share.
///
/// Chosen refinement (`refinement == nil`): the smallest power of two whose estimated error is
/// at most a hundredth of the network's distance from the reference (so the comparison measures
/// the network, not the reference) and at most `errorCeiling`, and no smaller than `errorFloor`,
/// within `nodeBudget` nodes.
struct GridReference: OutputReference {
    /// The problem on the output grid.
    let problem: FDProblem
    /// A fixed refinement, or nil to choose one.
    let refinement: Int?
    /// The largest number of nodes a reference grid may have.
    let nodeBudget: Int
    /// Below this estimated relative error no finer grid is tried (rounding in the solve is of
    /// this order on the finest grids).
    var errorFloor = 1e-11
    /// The estimated relative error a chosen reference reaches however far the network is (within
    /// the budget).
    var errorCeiling = 1e-9

    /// The reference sampled at the output nodes, and how it was computed.
    struct Solved {
        var values: [Double]
        var description: ReferenceDescription
    }

    /// The output grid.
    var outputGrid: RectilinearGrid {
        .uniform(lower: problem.domain.lowerCorner, upper: problem.domain.upperCorner, counts: problem.gridPoints)
    }

    /// Whether each output node lies in the (closed) domain: where the network is evaluated and
    /// the reference has values.
    func outputMask() -> [Bool] {
        let grid = outputGrid
        return (0..<grid.pointCount).map { problem.domain.contains(grid.point(grid.index(ofFlat: $0))) }
    }

    /// Nodes per axis of the reference grid at refinement r.
    func gridPoints(refinement r: Int) -> [Int] { problem.gridPoints.map { ($0 - 1) * r + 1 } }

    /// Solves on the grid of refinement r.
    func solution(refinement r: Int) throws(FDError) -> FDSolution {
        var refined = problem
        refined.gridPoints = gridPoints(refinement: r)
        return try solveFiniteDifference(refined)
    }

    /// The values of `solution` (on a grid of `fine` nodes per axis) at the nodes of the grid with
    /// `coarse` nodes per axis over the same box, whose every k-th node is a fine node.
    static func sample(_ values: [Double], fine: [Int], coarse: [Int]) -> [Double] {
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

    /// ‖a − b‖ / ‖b‖ over the entries where both are finite.
    static func relativeDistance(_ a: [Double], _ b: [Double]) -> Double {
        var difference = 0.0, norm = 0.0
        for (x, y) in zip(a, b) where x.isFinite && y.isFinite {
            difference += (x - y) * (x - y)
            norm += y * y
        }
        return norm > 0 ? (difference / norm).squareRoot() : difference.squareRoot()
    }

    /// The Richardson estimate of the relative error of `fine` (on `finePoints` nodes per axis)
    /// from `coarse` on the grid of every other node, for a scheme of order `order`.
    static func richardsonEstimate(fine: [Double], finePoints: [Int], coarse: [Double], coarsePoints: [Int], order: Int)
        -> Double
    {
        let shared = sample(fine, fine: finePoints, coarse: coarsePoints)
        return relativeDistance(coarse, shared) / (Double(1 << order) - 1)
    }

    /// The Richardson extrapolation of a pair, at the coarse grid's nodes:
    /// u_h + (u_h − u_2h)/(2ᵖ − 1), which cancels the hᵖ term of the error.
    static func extrapolate(fine: [Double], finePoints: [Int], coarse: [Double], coarsePoints: [Int], order: Int)
        -> [Double]
    {
        let shared = sample(fine, fine: finePoints, coarse: coarsePoints)
        let factor = 1 / (Double(1 << order) - 1)
        return zip(shared, coarse).map { $0 + ($0 - $1) * factor }
    }

    /// Solves at the fixed refinement, or at the chosen one (see the type's description), and
    /// samples the result at the output nodes. `network` holds the network's values at the output
    /// nodes (NaN outside the domain), against which the chosen refinement is measured.
    ///
    /// A chosen refinement may also use the Richardson extrapolation X of its last pair of grids
    /// (at the coarser grid's nodes, which hold the output nodes from r = 2 on): where the scheme's
    /// error has a clean expansion (Dirichlet conditions) X is sixth order, else still far more
    /// accurate. Its error is estimated by its distance from the extrapolation of the pair before,
    /// ‖X − X_prev‖/‖X‖ at the nodes they share: an estimate of X_prev's error, so an
    /// overestimate of X's. X is used when that estimate is below the plain one.
    func solve(network: [Double]?) throws(FDError) -> Solved {
        let start = DispatchTime.now().uptimeNanoseconds
        let output = problem.gridPoints
        // The coarse partner of the first grid: every other node, when the node counts allow it.
        var r = refinement ?? 1
        var points = gridPoints(refinement: r)
        var current = try solution(refinement: r)
        var estimate: Double? = nil
        var extrapolation: (values: [Double], points: [Int], estimate: Double?)?
        func extrapolate(coarse: [Double], coarsePoints: [Int]) {
            let values = Self.extrapolate(
                fine: current.values, finePoints: points, coarse: coarse, coarsePoints: coarsePoints,
                order: current.order)
            var extrapolationEstimate: Double?
            if let previous = extrapolation, zip(previous.points, coarsePoints).allSatisfy({ ($1 - 1) == 2 * ($0 - 1) })
            {
                extrapolationEstimate = Self.relativeDistance(
                    previous.values, Self.sample(values, fine: coarsePoints, coarse: previous.points))
            }
            extrapolation = (values, coarsePoints, extrapolationEstimate)
        }
        /// Whether the output nodes are nodes of the extrapolation's grid.
        func extrapolationCoversOutput() -> Bool {
            guard let extrapolation, extrapolation.estimate != nil else { return false }
            return zip(extrapolation.points, output).allSatisfy { ($0 - 1) % ($1 - 1) == 0 }
        }
        func bestEstimate() -> Double? {
            guard refinement == nil, extrapolationCoversOutput(), let e = extrapolation?.estimate else {
                return estimate
            }
            return min(e, estimate ?? .infinity)
        }
        if points.allSatisfy({ ($0 - 1) % 2 == 0 && ($0 - 1) / 2 >= 2 }) {
            var coarseProblem = problem
            coarseProblem.gridPoints = points.map { ($0 - 1) / 2 + 1 }
            let coarse = try solveFiniteDifference(coarseProblem)
            estimate = Self.richardsonEstimate(
                fine: current.values, finePoints: points, coarse: coarse.values,
                coarsePoints: coarseProblem.gridPoints, order: current.order)
            extrapolate(coarse: coarse.values, coarsePoints: coarseProblem.gridPoints)
        }
        if refinement == nil {
            // The network's distance from the current reference, re-measured as the reference improves.
            func target() -> Double {
                let sampled = Self.sample(current.values, fine: points, coarse: output)
                return max(
                    errorFloor, min(errorCeiling, (network.map { Self.relativeDistance($0, sampled) } ?? 0) / 100))
            }
            while (bestEstimate().map { $0 > target() }) ?? true {
                let finer = gridPoints(refinement: 2 * r)
                guard finer.reduce(1, *) <= nodeBudget else { break }
                let next = try solution(refinement: 2 * r)
                estimate = Self.richardsonEstimate(
                    fine: next.values, finePoints: finer, coarse: current.values, coarsePoints: points,
                    order: next.order)
                let (coarse, coarsePoints) = (current.values, points)
                (r, points, current) = (2 * r, finer, next)
                extrapolate(coarse: coarse, coarsePoints: coarsePoints)
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
        let useExtrapolation =
            refinement == nil && extrapolationCoversOutput()
            && (extrapolation?.estimate ?? .infinity) < (estimate ?? .infinity)
        let values =
            if useExtrapolation, let extrapolation {
                Self.sample(extrapolation.values, fine: extrapolation.points, coarse: output)
            } else {
                Self.sample(current.values, fine: points, coarse: output)
            }
        return Solved(
            values: values,
            description: ReferenceDescription(
                method: current.methodDescription
                    + (useExtrapolation
                        ? ", Richardson-extrapolated from this grid and the one of every other node" : ""),
                order: current.order, grid: points, refinement: r, unknowns: current.unknownCount,
                estimatedRelativeError: useExtrapolation ? extrapolation?.estimate : estimate, seconds: seconds))
    }
}

extension GridReference {
    /// The most nodes a chosen reference grid may have in `dimension` dimensions: what the
    /// multigrid solver handles in seconds (2049² in 2-D, 129³ in 3-D).
    static func defaultNodeBudget(dimension: Int) -> Int {
        switch dimension {
        case 1: 1 << 20
        case 2: 2049 * 2049
        default: 129 * 129 * 129
        }
    }
}

extension FDSolution {
    /// The scheme in words, with its notes (fallbacks, lower-order boundary parts).
    var methodDescription: String {
        let scheme =
            switch self.scheme {
            case .secondOrder: "finite differences, second order (3/5/7-point)"
            case .fourthOrderCompact: "finite differences, compact fourth order (Mehrstellen 3/9/19-point)"
            case .compactRichardson: "finite differences, compact fourth order with Richardson extrapolation"
            }
        let described = notes.isEmpty ? scheme : scheme + " (" + notes.joined(separator: "; ") + ")"
        return solver.isEmpty ? described : described + ", solved by " + solver
    }
}
