import Foundation
import PinnSolve

extension EvalCommand {
    /// A result on a mesh: the network at the points of --points, on the --grid over the mesh's
    /// bounding box (NaN outside its cells), or by default at the mesh's nodes, printing the
    /// largest difference from the stored /fields/u.
    func evaluateMesh(_ stored: StoredMeshResult) throws {
        let network: StoredNetwork
        do {
            network = try StoredNetwork(stored)
        } catch {
            throw CommandFailure("\(error)")
        }
        let path = try outputPath()
        let evaluation: Evaluation
        if let points {
            let (coordinates, count) = try Self.readPoints(points, dimension: network.dimension)
            evaluation = network.evaluate(points: coordinates, count: count)
        } else if let grid {
            evaluation = network.evaluate(on: network.uniformGrid(counts: try Self.parseGrid(grid, dimension: network.dimension)))
        } else {
            evaluation = network.evaluate(points: stored.nodes, count: stored.nodeCount)
            let (largest, scale) = Self.largestDifference(evaluation.u, stored.u)
            print(String(format: "stored mesh nodes (%d): max |u - stored u| = %.3e (%.3e relative to max |stored u| = %.3e)",
                         stored.nodeCount, largest, largest / max(scale, .leastNormalMagnitude), scale))
        }
        try write(evaluation, to: path)
    }
}
