import Dispatch
import PinnBinding
import PinnNumerics
import PinnProblems
import PinnReference
import PinnResults

/// The time-stepping reference of a heat or wave problem on its space-time output grid: axes x, (y,)
/// t, so that fields are stored `[nt, (ny,) nx]` with `/t` a dimension scale.
///
/// The reference (`solveEvolution`: second order in space and time) is solved twice: on the output
/// grid with Δt ≤ the smallest grid spacing (a whole number of steps between output times), and on
/// the grid of every cell halved with Δt halved. The finer solution, sampled at the output nodes, is
/// the reference; its error is estimated from the pair as ‖u_h − u_2h‖/(3‖u_h‖) (Richardson, order 2).
struct SpaceTimeReference: OutputReference {
    let problem: BoundProblem

    /// The spatial output grid (nodes per axis) and the output times.
    var spaceGrid: [Int] { problem.file.reference.grid }
    var outputTimes: Int {
        problem.file.time?.outputTimes ?? ProblemFile.TimeSettings.defaultOutputTimes(dimension: problem.dimension)
    }

    var outputGrid: RectilinearGrid {
        guard let time = problem.file.time else { preconditionFailure("a heat or wave problem has a time span") }
        let box = problem.domain.collocation.boundingBox
        let space = RectilinearGrid.uniform(lower: box.lower, upper: box.upper, counts: spaceGrid)
        return RectilinearGrid(
            axes: space.axes + [
                .init(
                    name: "t",
                    coordinates: RectilinearGrid.uniformNodes(lower: time.start, upper: time.end, count: outputTimes))
            ])
    }

    func outputMask() -> [Bool] { [Bool](repeating: true, count: outputGrid.pointCount) }

    /// Time steps between output times on the output grid: Δt at most the smallest grid spacing.
    func stepsPerOutput() -> Int {
        guard let time = problem.file.time else { return 1 }
        let box = problem.domain.collocation.boundingBox
        let h = zip(zip(box.lower, box.upper), spaceGrid).map { ($0.1 - $0.0) / Double($1 - 1) }.min() ?? 1
        let interval = (time.end - time.start) / Double(outputTimes - 1)
        return max(1, Int((interval / h).rounded(.up)))
    }

    func solve(network: [Double]?) throws -> GridReference.Solved {
        let start = DispatchTime.now().uptimeNanoseconds
        let m = stepsPerOutput(), nt = outputTimes
        let coarse = try solveEvolution(
            problem.evolutionProblem(grid: spaceGrid, steps: (nt - 1) * m, outputTimes: nt))
        let fineGrid = spaceGrid.map { 2 * $0 - 1 }
        let fine = try solveEvolution(
            problem.evolutionProblem(grid: fineGrid, steps: 2 * (nt - 1) * m, outputTimes: nt))
        // Every other node of each spatial axis of the fine grid, at every output time.
        let nodes = spaceGrid.reduce(1, *), fineNodes = fineGrid.reduce(1, *)
        var values = [Double]()
        values.reserveCapacity(nt * nodes)
        for k in 0..<nt {
            for node in 0..<nodes {
                var fineNode = 0, stride = 1, rest = node
                for (n, nf) in zip(spaceGrid, fineGrid) {
                    fineNode += 2 * (rest % n) * stride
                    rest /= n
                    stride *= nf
                }
                values.append(fine.values[k * fineNodes + fineNode])
            }
        }
        var difference = 0.0, norm = 0.0
        for (a, b) in zip(values, coarse.values) {
            difference += (a - b) * (a - b)
            norm += a * a
        }
        let estimate = norm > 0 ? (difference / norm).squareRoot() / 3 : nil
        return GridReference.Solved(
            values: values,
            description: ReferenceDescription(
                method: fine.method, order: 2, grid: fineGrid + [2 * (nt - 1) * m + 1], refinement: 2,
                unknowns: fine.unknownCount, estimatedRelativeError: estimate,
                seconds: Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9))
    }
}
