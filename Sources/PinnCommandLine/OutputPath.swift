import Foundation

/// Creates the folder that will hold `path` (and its parents), if it does not exist.
public func createParentDirectory(of path: String) throws {
    let directory = (path as NSString).deletingLastPathComponent
    if !directory.isEmpty {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }
}

/// Why a file could not be written at `path`, as far as can be known before any work: `path` is a
/// folder, a part of its folder path is a file, or the nearest existing folder on it is not
/// writable. nil when nothing stands in the way.
public func outputLocationProblem(_ path: String) -> String? {
    let manager = FileManager.default
    var isDirectory: ObjCBool = false
    if manager.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
        return "\(path) is a folder, not a file"
    }
    var folder = (path as NSString).deletingLastPathComponent
    if folder.isEmpty { folder = "." }
    while !manager.fileExists(atPath: folder, isDirectory: &isDirectory) {
        let parent = (folder as NSString).deletingLastPathComponent
        if parent == folder || parent.isEmpty {
            folder = parent.isEmpty ? "." : parent
            break
        }
        folder = parent
    }
    guard manager.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
        return "\(folder) is a file, so no folder can be made at \((path as NSString).deletingLastPathComponent)"
    }
    guard manager.isWritableFile(atPath: folder) else { return "the folder \(folder) is not writable" }
    return nil
}
