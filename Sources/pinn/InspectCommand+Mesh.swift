import Foundation
import PinnResults
import PinnSolve

extension InspectReport {
    /// The problem details and training settings of a result on a mesh: the mesh file, its node
    /// and cell counts and cell type, and the subdomain solved on.
    mutating func describeMesh(_ stored: StoredPDEResult, _ m: StoredMesh) throws {
        let problem = try stored.problemWithoutMesh()
        training = Self.fields(of: problem.training)
        problemDetails = [
            ("dimension", "\(m.dimension)"), ("domain", "mesh"),
            (
                "mesh",
                "\(m.file): \(m.nodeCount) nodes, \(m.cellCount) \(m.dimension == 2 ? "triangles" : "tetrahedra")"
                    + (m.elementOrder == 2
                        ? " (the linear pieces of the file's \(m.dimension == 2 ? "6-node triangles" : "10-node tetrahedra"))"
                        : "")
            )
        ]
        mesh = ["file": m.file, "nodes": m.nodeCount, "cells": m.cellCount, "cell_type": m.cellType]
        if let subdomain = m.subdomain {
            problemDetails.append(("subdomain", subdomain))
            mesh?["subdomain"] = subdomain
        }
        let object = (try? JSONSerialization.jsonObject(with: Data(stored.summary.problemJSON.utf8))) as? [String: Any]
        problemDetails.append(("boundary conditions", "\((object?["boundary"] as? [Any])?.count ?? 0)"))
        problemDetails.append(
            (
                "reference",
                m.elementOrder == 2
                    ? "finite elements (P2) on the mesh's quadratic cells"
                    : "finite elements (P2) on the mesh with a node at every edge midpoint"
            ))
    }
}
