import Foundation
import PinnProblems

extension StoredPDEResult {
    /// The stored problem without its mesh: the domain replaced by the mesh's bounding box
    /// (rectangle or box) and the boundary by one condition on `all`, so that it decodes wherever
    /// the result lies (the stored mesh path is relative to the problem file, which need not be
    /// near the result). The source, k, exact solution, parameters and settings are the stored
    /// ones; where the domain is, the stored mesh says (`MeshPointLocator`).
    public func problemWithoutMesh() throws -> ProblemFile {
        let file = summary.path + " (stored problem)"
        guard let mesh else { throw ResultReadError(file: summary.path, message: "the result does not lie on a mesh") }
        guard var object = (try? JSONSerialization.jsonObject(with: Data(summary.problemJSON.utf8))) as? [String: Any]
        else {
            throw ResultReadError(
                file: summary.path, message: "the stored problem (root attribute 'problem') is not a JSON object")
        }
        let box = mesh.boundingBox
        object["domain"] = ["type": mesh.dimension == 2 ? "rectangle" : "box", "lower": box.lower, "upper": box.upper]
        object["boundary"] = [["on": "all", "value": "0"]]
        object.removeValue(forKey: "reference")
        object.removeValue(forKey: "dimension")
        let data = try JSONSerialization.data(withJSONObject: object)
        do {
            guard case .pde(let problem) = try ProblemDocument.decode(data, file: file) else {
                throw ResultReadError(file: summary.path, message: "the stored problem is not a PDE problem")
            }
            return problem
        } catch let error as ResultReadError {
            throw error
        } catch {
            throw ResultReadError(file: summary.path, message: "the stored problem cannot be rebuilt: \(error)")
        }
    }
}
