import Foundation
import PinnSolve

extension EvalCommand {
    func evaluateMesh(_ stored: StoredMeshResult) throws {
        throw CommandFailure("\(result): evaluating a mesh result is not implemented yet")
    }
}
