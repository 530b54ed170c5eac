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

    /// Solves on a grid of `points` nodes per axis over the domain's bounding box.
    func solution(points: [Int]) throws(FDError) -> FDSolution {
        var refined = problem
        refined.gridPoints = points
        return try solveFiniteDifference(refined)
    }

    /// Solves at the fixed refinement, or at the chosen one (see the type's description), and
    /// samples the result at the output nodes. `network` holds the network's values at the output
    /// nodes (NaN outside the domain), against which the chosen refinement is measured.
    ///
    /// A chosen refinement may also use the completed Richardson extrapolation X of its last pair
    /// of grids (`RichardsonPair.completedExtrapolation`, at every node of the finer grid): where
    /// the scheme's error has a clean expansion (Dirichlet conditions) X is sixth order, else still
    /// far more accurate. Its error is estimated by its distance from the extrapolation of the pair
    /// before, ‖X − X_prev‖/‖X‖ at X_prev's nodes: an estimate of X_prev's error, so an
    /// overestimate of X's. X is used when that estimate is below the plain one. So that the
    /// output grid itself can be the reference grid of such an X, a chosen refinement starts with
    /// three solves: the output grid, and its grids of every other and every fourth node (where the
    /// node counts allow).
    func solve(network: [Double]?) throws(FDError) -> Solved {
        let start = DispatchTime.now().uptimeNanoseconds
        let output = problem.gridPoints
        var r = refinement ?? 1
        var points = gridPoints(refinement: r)
        var ladder = RichardsonLadder()
        var partners: [[Int]] = []
        for _ in 0..<(refinement == nil ? 2 : 1) {
            guard let coarser = Self.everyOtherNode(of: partners.last ?? points) else { break }
            partners.append(coarser)
        }
        for coarse in partners.reversed() {
            let solved = try solution(points: coarse)
            ladder.add(solved.values, points: coarse, order: solved.order)
        }
        var current = try solution(points: points)
        ladder.add(current.values, points: points, order: current.order)
        /// Whether the extrapolation is the reference: a chosen refinement, and its estimate below
        /// the plain one.
        func extrapolationIsChosen() -> Bool {
            guard refinement == nil, let e = ladder.extrapolation?.estimate else { return false }
            return e < ladder.estimate ?? .infinity
        }
        func chosenEstimate() -> Double? { extrapolationIsChosen() ? ladder.extrapolation?.estimate : ladder.estimate }
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
                (r, points, current) = (2 * r, finer, try solution(points: finer))
                ladder.add(current.values, points: points, order: current.order)
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
        let useExtrapolation = extrapolationIsChosen()
        let values =
            if useExtrapolation, let extrapolation = ladder.extrapolation {
                RichardsonPair.sample(extrapolation.values, fine: extrapolation.points, coarse: output)
            } else {
                RichardsonPair.sample(current.values, fine: points, coarse: output)
            }
        return Solved(
            values: values,
            description: ReferenceDescription(
                method: current.methodDescription
                    + (useExtrapolation
                        ? ", Richardson-extrapolated from this grid and the one of every other node (the "
                            + "correction interpolated cubically between that grid's nodes)" : ""),
                order: current.order, grid: points, refinement: r, unknowns: current.unknownCount,
                estimatedRelativeError: chosenEstimate(), seconds: seconds))
    }

    /// The grid of every other node of a grid of `points` nodes per axis, when every axis has an
    /// even number of intervals and at least 4.
    static func everyOtherNode(of points: [Int]) -> [Int]? {
        points.allSatisfy({ ($0 - 1) % 2 == 0 && ($0 - 1) / 2 >= 2 }) ? points.map { ($0 - 1) / 2 + 1 } : nil
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
