import Foundation

/// Where files named in a problem file (gridded data, observations, meshes) may lie: inside the
/// *project folder*, the folder that contains the problem file's folder. For `Problems/x.json`
/// that is the repository root, so `data/f.nc` (Problems/data/f.nc) and `../Meshes/m.msh` are
/// allowed and `../../f.nc` or `/etc/f.nc` are not: a problem file, which may come from someone
/// else, reads nothing outside the project it sits in.
///
/// A relative path resolves against the problem file's folder. The check is made on the path
/// with `.` and `..` removed and, when the file exists, again with symbolic links resolved
/// (realpath(3)), so a link inside the project that points outside it is refused too.
public enum ProjectPath {
    /// The path to open for `written` in the problem file at `problemFile` (nil: a problem given
    /// without a file, resolved against the current folder): `written` itself when absolute, else
    /// joined to the problem file's folder (`Problems/data/f.nc` for `data/f.nc` in
    /// `Problems/x.json`).
    /// - Throws: `ProjectPathError` when the path is empty or lies outside the project folder.
    public static func resolve(_ written: String, problemFile: String?) throws(ProjectPathError) -> String {
        try resolve(written, inFolder: problemFile.map { ($0 as NSString).deletingLastPathComponent } ?? "")
    }

    /// `resolve(_:problemFile:)` for a problem file in `folder` ("" for the current folder).
    public static func resolve(_ written: String, inFolder folder: String) throws(ProjectPathError) -> String {
        guard !written.isEmpty else {
            throw ProjectPathError(written: written, resolved: "", project: "", reason: .empty)
        }
        let path = join(written, inFolder: folder)
        let project = parent(of: absolute(folder))
        let resolved = absolute(path)
        guard isInside(resolved, project) else {
            throw ProjectPathError(written: written, resolved: resolved, project: project, reason: .outside)
        }
        if let real = realPath(path), let realFolder = realPath(folder.isEmpty ? "." : folder) {
            let realProject = parent(of: realFolder)
            guard isInside(real, realProject) else {
                throw ProjectPathError(written: written, resolved: real, project: realProject, reason: .outside)
            }
        }
        return path
    }

    /// `written` joined to `folder` when it is relative (and `folder` is not empty).
    public static func join(_ written: String, inFolder folder: String?) -> String {
        guard let folder, !folder.isEmpty, !written.hasPrefix("/") else { return written }
        return (folder as NSString).appendingPathComponent(written)
    }

    /// `path` made absolute against the current folder, with `.`, `..` and repeated slashes removed
    /// (textually; symbolic links are left alone).
    static func absolute(_ path: String) -> String {
        let full = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var parts: [Substring] = []
        for component in full.split(separator: "/") {
            switch component {
            case ".": continue
            case "..": _ = parts.popLast()
            default: parts.append(component)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// The folder above the absolute `path` ("/" for "/" itself).
    static func parent(of path: String) -> String {
        let parent = (path as NSString).deletingLastPathComponent
        return parent.isEmpty ? "/" : parent
    }

    /// Whether the absolute `path` lies strictly below the absolute folder `folder`.
    static func isInside(_ path: String, _ folder: String) -> Bool {
        folder == "/" ? path != "/" : path.hasPrefix(folder + "/")
    }

    /// `path` with symbolic links, `.` and `..` resolved; nil when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

/// A path in a problem file that is empty or leads outside the project folder.
public struct ProjectPathError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        case empty
        case outside
    }

    /// The path as written in the problem file.
    public var written: String
    /// Where it leads (absolute).
    public var resolved: String
    /// The project folder (absolute).
    public var project: String
    public var reason: Reason

    public var description: String {
        switch reason {
        case .empty:
            return "expected a non-empty path"
        case .outside:
            return "'\(written)' resolves to \(resolved), outside the project folder \(project) "
                + "(the folder that contains the problem file's folder)"
        }
    }
}
