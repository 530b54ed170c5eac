import Foundation
import PinnBinding
import PinnIO
import PinnNetwork
import PinnNumerics

/// The relative L2 error ‖u_θ − u‖₂ / ‖u‖₂ of a network against a problem's exact solution over
/// the nodes of a uniform grid (`points` per axis over the bounding box) that lie in the domain.
public final class ErrorProbe<T: PinnScalar> {
    /// The grid nodes inside the domain, `d × N`.
    public let points: Matrix<T>
    /// The exact solution there.
    public let exact: [Double]
    private let workspace = JetWorkspace<T>()

    /// nil when the problem has no exact solution. On a mesh domain the probe points are the mesh's
    /// nodes; on an analytic domain, the nodes of the uniform grid inside it.
    public init?(problem: BoundProblem, points perAxis: Int) {
        let d = problem.dimension
        var coordinates: [Double] = []
        switch problem.domain {
        case .mesh(let mesh):
            coordinates = mesh.nodeCoordinates
        case .analytic(let domain):
            let box = domain.boundingBox
            let grid = RectilinearGrid.uniform(
                lower: box.lower, upper: box.upper,
                counts: [Int](repeating: perAxis, count: d)
            ).pointCoordinates()
            for start in stride(from: 0, to: grid.count, by: d) {
                let x = Array(grid[start..<start + d])
                if domain.contains(x) { coordinates += x }
            }
        }
        let mask = [Bool](repeating: true, count: coordinates.count / d)
        guard let exact = problem.exactValues(at: coordinates, mask: mask) else { return nil }
        self.exact = exact
        points = Matrix(rows: d, cols: mask.count, storage: coordinates.map { T($0) })
    }

    /// The relative L2 error of `net` (one plain forward pass over the grid).
    public func relativeError(_ net: Siren<T>) -> Double {
        net.forward(points, order: .value, workspace: workspace)
        var num = 0.0, den = 0.0
        for p in exact.indices {
            let e = Double(workspace.value(0, p)) - exact[p]
            num += e * e
            den += exact[p] * exact[p]
        }
        return (num / den).squareRoot()
    }
}
