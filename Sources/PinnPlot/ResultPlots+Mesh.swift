import Foundation
import PinnResults

extension ResultPlots {
    /// Said instead of the field figure for a result on a tetrahedral mesh.
    public static let tetrahedralMeshNote =
        "(3-D mesh: only the loss curves are drawn; open the .xdmf in ParaView to see the fields on the tetrahedra)"

    /// Meshes with at most this many triangles get their edges drawn over the heat maps.
    static let edgeDrawingLimit = 6000

    /// The learned field, the finite-element reference and the error on a triangle mesh, as heat
    /// maps drawn on the triangles (piecewise linear between the nodes; grey where there is no
    /// triangle, e.g. in a hole), with the colour scales and titles of the gridded figure.
    public static func meshFieldsFigure(_ r: StoredPDEResult, font: Font) throws -> Canvas {
        guard let mesh = r.mesh, mesh.dimension == 2 else {
            throw PlotError.invalidData("field figures on a mesh are drawn for triangles (2-D), not tetrahedra")
        }
        let x = stride(from: 0, to: mesh.nodes.count, by: 2).map { mesh.nodes[$0] }
        let y = stride(from: 1, to: mesh.nodes.count, by: 2).map { mesh.nodes[$0] }
        let triangles = r.domainCells
        let edges: RGB? = triangles.count / 3 <= edgeDrawingLimit ? RGB.white : nil
        func map(_ values: [Double], _ title: String) throws -> TriangleHeatMap {
            var map = try TriangleHeatMap(x: x, y: y, triangles: triangles, values: values, title: title)
            map.edgeColor = edges
            return map
        }
        var panels = [try map(r.u, "learned u")]
        if let second = r.reference ?? r.exact {
            var panel = try map(second, r.reference != nil ? "finite-element reference" : "exact u")
            // The same colour scale as the learned field, so the two panels compare by eye.
            panel.range = jointRange(r.u, second)
            panels[0].range = panel.range
            panels.append(panel)
        }
        if let against = r.exact ?? r.reference {
            let error = zip(r.u, against).map { abs($0 - $1) }
            var panel = try map(error, "|u − u_\(r.exact != nil ? "exact" : "ref")|")
            let top = error.filter(\.isFinite).max() ?? 1
            panel.range = (0, top > 0 ? top : 1)
            panels.append(panel)
        }
        return panelFigure(
            title: figureTitle(r.summary), font: font,
            panels: panels.map { panel in { panel.draw(on: &$0, in: $1, font: font) } })
    }
}
