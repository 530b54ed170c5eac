import Foundation

/// A domain given as a Gmsh mesh. JSON:
///
///     {"type": "mesh", "file": "../Meshes/disk_with_hole.msh", "subdomain": "domain"}
///
/// `file` is relative to the problem file's folder (or absolute). After symbolic links and `..` are
/// resolved it must lie inside the *project folder*: the folder that contains the problem file's
/// folder (for `Problems/x.json`, the repository root, so `../Meshes/m.msh` is allowed and
/// `../../m.msh` is not). The PDE holds on the cells of the mesh's dimension (triangles in 2-D,
/// tetrahedra in 3-D), or only on those of the physical group `subdomain`. Boundary conditions
/// name physical groups of the boundary's dimension (`{"on": "outer", ...}`) or `all`.
///
/// PinnProblems reads no mesh itself: `ProblemFile.decode(_:file:readMesh:)` resolves the path and
/// asks a `ProblemFile.MeshReader` (PinnSolve provides one) for the mesh's `MeshOutline`, against
/// which `validate()` checks the problem.
public struct MeshDomainSpec: Sendable, Equatable {
    /// The path as written in the problem file.
    public var file: String
    /// The physical group of cells the PDE holds on; nil for every cell of the mesh's dimension.
    public var subdomain: String?
    /// `file` resolved against the problem file's folder, with symbolic links and `..` removed;
    /// nil until the problem is loaded.
    public var path: String?
    /// What the mesh holds; nil until the problem is loaded.
    public var outline: MeshOutline?

    public init(file: String, subdomain: String? = nil, path: String? = nil, outline: MeshOutline? = nil) {
        self.file = file
        self.subdomain = subdomain
        self.path = path
        self.outline = outline
    }
}

/// What a problem file is checked against: a mesh's dimension, its named physical groups and
/// which of them lie on the boundary of the domain (the cells of the subdomain, or all cells).
public struct MeshOutline: Sendable, Equatable {
    /// A named physical group.
    public struct Group: Sendable, Equatable, Hashable {
        public var name: String
        /// 0 points, 1 curves, 2 surfaces, 3 volumes.
        public var dimension: Int

        public init(name: String, dimension: Int) {
            self.name = name
            self.dimension = dimension
        }
    }

    /// 2 (triangles) or 3 (tetrahedra).
    public var dimension: Int
    /// Every named physical group, in the file's order.
    public var groups: [Group]
    /// The facet groups (dimension − 1) with at least one facet on the domain's boundary, sorted.
    public var boundaryGroups: [String]
    /// The number of boundary faces of the domain that lie in no named facet group: only a
    /// condition on `all` reaches them.
    public var unnamedBoundaryFaces: Int

    public init(dimension: Int, groups: [Group], boundaryGroups: [String], unnamedBoundaryFaces: Int) {
        self.dimension = dimension
        self.groups = groups
        self.boundaryGroups = boundaryGroups
        self.unnamedBoundaryFaces = unnamedBoundaryFaces
    }

    /// The names of the groups of `dimension`, sorted.
    public func groupNames(dimension: Int) -> [String] {
        groups.filter { $0.dimension == dimension }.map(\.name).sorted()
    }
}

extension ProblemFile {
    /// Reads the mesh at `path` (resolved, absolute) and outlines it for the domain `subdomain`
    /// (nil: every cell). Its errors (a malformed mesh: the file and line) are reported at
    /// `domain.file`. PinnSolve provides one (`readMeshOutline`); PinnProblems reads no mesh itself.
    public typealias MeshReader = (_ path: String, _ subdomain: String?) throws -> MeshOutline
}

extension MeshDomainSpec {
    /// Resolves `file` against the folder of the problem file `problemFile` (the current folder
    /// when nil), checks that it lies inside the project folder (the folder that contains the
    /// problem file's folder) and reads its outline with `readMesh`.
    /// - Throws: a `ProblemError` at `domain.file` (without the file name; the caller adds it).
    mutating func load(problemFile: String?, readMesh: ProblemFile.MeshReader?) throws(ProblemError) {
        func fail(_ message: String) -> ProblemError { ProblemError(path: "domain.file", message: message) }
        guard !file.isEmpty else { throw fail("expected the path of a Gmsh .msh file") }
        let folder = problemFile.map { ($0 as NSString).deletingLastPathComponent } ?? ""
        let written =
            file.hasPrefix("/") ? file : ((folder.isEmpty ? "." : folder) as NSString).appendingPathComponent(file)
        guard let resolved = Self.realPath(written) else {
            throw fail("cannot read the mesh file '\(written)' (\(String(cString: strerror(errno))))")
        }
        guard let realFolder = Self.realPath(folder.isEmpty ? "." : folder) else {
            throw fail("cannot resolve the problem file's folder '\(folder)'")
        }
        let project = (realFolder as NSString).deletingLastPathComponent
        let inside = project == "/" ? resolved.hasPrefix("/") : resolved.hasPrefix(project + "/")
        guard inside else {
            throw fail(
                "the mesh '\(file)' resolves to \(resolved), outside the project folder \(project) "
                    + "(the folder that contains the problem file's folder); keep meshes in the project, e.g. in Meshes/"
            )
        }
        guard let readMesh else {
            throw fail(
                "no mesh reader was given to read '\(file)' (PinnProblems reads no mesh itself; PinnBinding's readMeshOutline does)"
            )
        }
        do {
            outline = try readMesh(resolved, subdomain)
        } catch {
            throw fail("\(error)")
        }
        path = resolved
    }

    /// `path` with symbolic links, `.` and `..` resolved (realpath(3)); nil when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
