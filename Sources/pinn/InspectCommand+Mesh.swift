import Foundation
import PinnSolve

extension InspectReport {
    /// The problem details and training settings of a result on a mesh: the mesh file, its node
    /// and cell counts and cell type, and the subdomain solved on.
    mutating func describeMesh(_ stored: StoredMeshResult) throws {
        let problem = try stored.problemWithoutMesh()
        training = Self.fields(of: problem.training)
        problemDetails = [("dimension", "\(stored.dimension)"), ("domain", "mesh"),
                          ("mesh", "\(stored.meshFile): \(stored.nodeCount) nodes, \(stored.cellCount) \(stored.dimension == 2 ? "triangles" : "tetrahedra")")]
        mesh = ["file": stored.meshFile, "nodes": stored.nodeCount, "cells": stored.cellCount, "cell_type": stored.cellType]
        if let subdomain = stored.subdomain {
            problemDetails.append(("subdomain", subdomain))
            mesh?["subdomain"] = subdomain
        }
        let object = (try? JSONSerialization.jsonObject(with: Data(stored.summary.problemJSON.utf8))) as? [String: Any]
        problemDetails.append(("boundary conditions", "\((object?["boundary"] as? [Any])?.count ?? 0)"))
        problemDetails.append(("reference", "finite elements (P1) on the mesh"))
    }
}
