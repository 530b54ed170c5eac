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
        /// Takes the pair of `current` (on `points`) and `coarse` (on every other node): the plain
        /// estimate, and the extrapolation with its distance from the previous pair's.
        func pair(coarse: [Double], coarsePoints: [Int]) {
            let pair = RichardsonPair(
                fine: current.values, finePoints: points, coarse: coarse, coarsePoints: coarsePoints,
                order: current.order)
            estimate = pair.estimatedRelativeError
            let values = pair.extrapolated
            var extrapolationEstimate: Double?
            if let previous = extrapolation, zip(previous.points, coarsePoints).allSatisfy({ ($1 - 1) == 2 * ($0 - 1) })
            {
                extrapolationEstimate = RichardsonPair.relativeDistance(
                    previous.values, RichardsonPair.sample(values, fine: coarsePoints, coarse: previous.points))
            }
            extrapolation = (values, coarsePoints, extrapolationEstimate)
        }
        /// Whether the extrapolation is the reference: a chosen refinement, the output nodes among
        /// the extrapolation's nodes, and its estimate below the plain one.
        func extrapolationIsChosen() -> Bool {
            guard refinement == nil, let extrapolation, let e = extrapolation.estimate,
                zip(extrapolation.points, output).allSatisfy({ ($0 - 1) % ($1 - 1) == 0 })
            else { return false }
            return e < estimate ?? .infinity
        }
        func chosenEstimate() -> Double? { extrapolationIsChosen() ? extrapolation?.estimate : estimate }
        if points.allSatisfy({ ($0 - 1) % 2 == 0 && ($0 - 1) / 2 >= 2 }) {
            var coarseProblem = problem
            coarseProblem.gridPoints = points.map { ($0 - 1) / 2 + 1 }
            pair(coarse: try solveFiniteDifference(coarseProblem).values, coarsePoints: coarseProblem.gridPoints)
        }
        if refinement == nil {
            // The network's distance from the current reference, re-measured as the reference improves.
            func target() -> Double {
                let sampled = RichardsonPair.sample(current.values, fine: points, coarse: output)
                return max(
                    errorFloor,
                    min(errorCeiling, (network.map { RichardsonPair.relativeDistance($0, sampled) } ?? 0) / 100))
            }
            while (chosenEstimate().map { $0 > target() }) ?? true {
                let finer = gridPoints(refinement: 2 * r)
                guard finer.reduce(1, *) <= nodeBudget else { break }
                let (coarse, coarsePoints) = (current.values, points)
                (r, points, current) = (2 * r, finer, try solution(refinement: 2 * r))
                pair(coarse: coarse, coarsePoints: coarsePoints)
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
        let useExtrapolation = extrapolationIsChosen()
        let values =
            if useExtrapolation, let extrapolation {
                RichardsonPair.sample(extrapolation.values, fine: extrapolation.points, coarse: output)
            } else {
                RichardsonPair.sample(current.values, fine: points, coarse: output)
            }
        return Solved(
            values: values,
            description: ReferenceDescription(
                method: current.methodDescription
                    + (useExtrapolation
                        ? ", Richardson-extrapolated from this grid and the one of every other node" : ""),
                order: current.order, grid: points, refinement: r, unknowns: current.unknownCount,
                estimatedRelativeError: chosenEstimate(), seconds: seconds))
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
