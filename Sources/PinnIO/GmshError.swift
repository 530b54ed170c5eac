/// A Gmsh file that cannot be read, with the file and the 1-based line where the problem is.
public struct GmshError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What is wrong.
    public enum Reason: Equatable, Sendable {
        /// The file ended while `expected` was still to come.
        case truncated(expected: String)
        /// `$MeshFormat` gives a version other than 4.1.
        case unsupportedVersion(String)
        /// `$MeshFormat` announces binary data (file-type 1) or a data size other than 8.
        case unsupportedEncoding(String)
        /// A token or line that does not fit the section's layout.
        case malformed(String)
        /// An element type pinn does not read (types other than 1, 2, 4, 8, 9, 11, 15), with Gmsh's name for it.
        case unsupportedElementType(Int, name: String)
        /// An element refers to a node tag that `$Nodes` did not define.
        case undefinedNode(Int)
        /// A required section (`$MeshFormat`, `$Nodes`, `$Elements`) is absent.
        case missingSection(String)
        /// The file holds no triangles or tetrahedra.
        case noCells
        /// The file could not be read (`message` from the system).
        case unreadable(String)
    }

    /// The file as the caller named it.
    public var file: String
    /// The 1-based line number where the problem was found (for a missing section or an early
    /// end of file, the last line; 0 if the file could not be read).
    public var line: Int
    /// What is wrong.
    public var reason: Reason

    /// A failure in `file` at `line`.
    public init(file: String, line: Int, reason: Reason) {
        self.file = file
        self.line = line
        self.reason = reason
    }

    /// "file:line: message", the compiler-style location editors understand.
    public var description: String {
        let message: String
        switch reason {
        case let .truncated(expected): message = "unexpected end of file: expected \(expected)"
        case let .unsupportedVersion(version):
            message = "MSH version \(version) is not supported (expected 4.1; re-save with `gmsh -format msh41`)"
        case let .unsupportedEncoding(detail): message = "\(detail) (only ASCII MSH 4.1 with 8-byte data is read)"
        case let .malformed(detail): message = detail
        case let .unsupportedElementType(type, name):
            message =
                "element type \(type) (\(name)) is not supported (expected 1 line, 2 triangle, 4 tetrahedron, their "
                + "quadratic forms 8, 9, 11, or 15 point)"
        case let .undefinedNode(tag): message = "node tag \(tag) is not defined in $Nodes"
        case let .missingSection(name): message = "section $\(name) is missing"
        case .noCells: message = "the mesh has no triangles or tetrahedra"
        case let .unreadable(detail): message = "cannot read the file: \(detail)"
        }
        return "\(file):\(line): \(message)"
    }
}
