import Dispatch
import PinnBinding
import PinnNumerics
import PinnProblems
import PinnReference
import PinnResults

/// The finite-element reference of a problem on a disk, ball or polygon, on the output grid: the
/// isoparametric solution of degree `elementOrder` (P3 by default) on a Gmsh triangulation of the
/// domain (curved cells on a curved boundary), evaluated at the output grid's nodes inside the
/// domain.
///
/// This is the reference wherever the finite-difference one would lose order: Neumann and Robin
/// conditions on curved or slanted boundaries, and every condition on a curved one. Its error is
/// estimated from a Richardson pair on meshes of sizes h and h/2 (not nested: both solutions are
/// compared at the output nodes): u_h/2 − u ≈ (u_h − u_h/2)/(2^(p+1) − 1) for elements of degree p.
///
/// Why P3: on the ball P2 stopped at its node budget near 1e-5, behind the network, where P3's
/// fourth order gets ~1e-7 from a few hundred thousand nodes; in 2-D P3 reaches 1e-10 on the disk
/// (Robin) from 30k cells in 4 CPU-seconds, where P2 stopped at 8e-9 after 119k cells and 17 s,
/// and 6e-10 on the slanted polygon (Neumann) from 3.6k cells in under a second against P2's 8e-10
/// from 228k cells in 32 s (docs/lab-log.md, "The reference ahead of the network").
///
/// Chosen mesh size (`refinement == nil`): halved from a sixteenth (2-D) or an eighth (3-D) of the
/// domain's extent until the estimated error is at most a hundredth of the network's distance from
/// the reference and at most `errorCeiling`, and no smaller than `errorFloor`, within `nodeBudget`
/// mesh nodes. A fixed refinement r gives cells of four output grid spacings over r, but never
/// coarser than that starting size: on a coarser mesh the curved edges of the few cells along the
/// boundary can fold a quadratic cell (a 9×8×7 output grid on a ball did).
struct MeshedGridReference: OutputReference {
    let problem: BoundProblem
    let domain: Domain
    /// Output grid points per axis.
    let gridPoints: [Int]
    let refinement: Int?
    /// The degree of the elements: 2 (P2) or 3 (P3).
    let elementOrder: Int
    let nodeBudget: Int
    var errorFloor = 1e-11
    /// The estimated relative error a chosen reference reaches however far the network is (within
    /// the budget).
    var errorCeiling = 1e-9

    var outputGrid: RectilinearGrid {
        let box = domain.boundingBox
        return .uniform(lower: box.lower, upper: box.upper, counts: gridPoints)
    }

    func outputMask() -> [Bool] {
        let grid = outputGrid
        return (0..<grid.pointCount).map { domain.contains(grid.point(grid.index(ofFlat: $0))) }
    }

    /// One solve on a mesh of size h, evaluated at the output nodes in the domain (NaN elsewhere).
    func solution(meshSize h: Double, points: [Double], mask: [Bool]) throws -> (
        values: [Double], solution: FEMSolution
    ) {
        let solution = try solveFiniteElement(
            problem.generatedFiniteElementProblem(meshSize: h, order: elementOrder))
        let d = problem.dimension
        let inside = mask.indices.filter { mask[$0] }
        let insidePoints = inside.flatMap { points[$0 * d..<($0 + 1) * d] }
        let evaluated = FEMPointEvaluator(solution).values(at: insidePoints)
        var values = [Double](repeating: .nan, count: mask.count)
        for (k, node) in inside.enumerated() { values[node] = evaluated[k] }
        return (values, solution)
    }

    func solve(network: [Double]?) throws -> GridReference.Solved {
        let start = DispatchTime.now().uptimeNanoseconds
        let box = domain.boundingBox
        let extent = zip(box.lower, box.upper).map { $1 - $0 }.max() ?? 1
        let spacing = outputGrid.uniformSpacing.max() ?? extent
        let d = problem.dimension
        let grid = outputGrid, mask = outputMask()
        let points = grid.pointCoordinates()
        let coarsest = extent / (d == 3 ? 8 : 16)
        var h = min(refinement.map { 4 * spacing / Double($0) } ?? coarsest, coarsest)
        var current = try solution(meshSize: h, points: points, mask: mask)
        var estimate: Double?
        let order = current.solution.order + 1
        if refinement == nil {
            // The network's distance from the current reference, re-measured as the reference improves.
            func target() -> Double {
                max(
                    errorFloor,
                    min(errorCeiling, (network.map { RichardsonPair.relativeDistance($0, current.values) } ?? 0) / 100))
            }
            while estimate.map({ $0 > target() }) ?? true {
                // Halving h multiplies the nodes by about 2^d.
                guard (current.solution.mesh.coordinates.count / d) << d <= nodeBudget else { break }
                let next = try solution(meshSize: h / 2, points: points, mask: mask)
                // Both solutions are at the output nodes: the pair's "coarse nodes" are the fine ones.
                estimate =
                    RichardsonPair(
                        fine: next.values, finePoints: grid.counts, coarse: current.values, coarsePoints: grid.counts,
                        order: order
                    ).estimatedRelativeError
                (h, current) = (h / 2, next)
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
        let mesh = current.solution.mesh
        return GridReference.Solved(
            values: current.values,
            description: ReferenceDescription(
                method: "finite elements, P\(current.solution.order) isoparametric on a Gmsh mesh of "
                    + "\(mesh.cells.count / mesh.nodesPerCell) cells (size \(String(format: "%.3g", h))), solved by \(current.solution.solver), evaluated at the output grid",
                order: order, refinement: refinement ?? 1, unknowns: current.solution.unknownCount,
                estimatedRelativeError: estimate, seconds: seconds, elementOrder: current.solution.order))
    }
}

extension MeshedGridReference {
    /// P3 in 2-D and 3-D (see the type's comment for why).
    static func defaultElementOrder(dimension: Int) -> Int {
        3
    }

    /// The most mesh nodes a chosen mesh may have. In 2-D: what the sparse direct solvers factor
    /// in seconds and a few GB (Cholesky for Poisson; LU, with more fill, for Helmholtz; P3 reaches
    /// the 1e-9 ceiling well inside it on the examples). In 3-D
    /// the P2 and P3 systems above 20 000 unknowns are solved by p-multigrid (conjugate gradients,
    /// or BiCGStab for Helmholtz, preconditioned by a two-level V-cycle to P1 on the vertices;
    /// `solveFiniteElement`), in time and memory linear in the unknowns, so the budget is set by
    /// the assembled matrix: 500 000 nodes admit the ball at h = 1/16 (380 000 nodes, 34 million
    /// nonzeros: 1.6–2.2 GB peak for the whole `pinn solve`, docs/lab-log.md), but not the next
    /// halving (3 million nodes, about 12 GB of triplets and matrix).
    static func defaultNodeBudget(dimension: Int, elementOrder: Int, cholesky: Bool) -> Int {
        switch (dimension, cholesky) {
        case (3, _) where elementOrder == 3: 500_000
        case (3, true): 150_000
        case (3, false): 40_000
        case (_, true): 600_000
        case (_, false): 300_000
        }
    }
}

/// A reference on the output grid of an analytic domain (finite differences, or finite elements
/// evaluated at the grid's nodes).
protocol OutputReference {
    /// The output grid.
    var outputGrid: RectilinearGrid { get }
    /// Whether each output node lies in the (closed) domain.
    func outputMask() -> [Bool]
    /// The reference at the output nodes and how it was computed, its grid or mesh chosen against
    /// the network's values there (NaN outside the domain).
    func solve(network: [Double]?) throws -> GridReference.Solved
}
