import CHDF5

/// Listing what a file holds: attribute names and every dataset below a group.
extension HDF5Location {
    /// The names of the attributes of the object at `path` (default: this location), in name order.
    public func attributeNames(of path: String = ".") throws -> [String] {
        try withObject(path) { object in
            let collector = NameCollector()
            var index: hsize_t = 0
            let status = H5Aiterate2(
                object, H5_INDEX_NAME, H5_ITER_INC, &index,
                { _, name, _, context in
                    guard let name, let context else { return -1 }
                    Unmanaged<NameCollector>.fromOpaque(context).takeUnretainedValue().names.append(
                        String(cString: name))
                    return 0
                }, Unmanaged.passUnretained(collector).toOpaque())
            try check(status, "H5Aiterate2", path)
            return collector.names
        }
    }

    /// The absolute paths of all datasets in the group at `path` and its subgroups, depth first in
    /// name order. A group reached again (hard links can make cycles) is not entered twice.
    public func datasetPaths(under path: String = "/") throws -> [String] {
        var visited: Set<haddr_t> = []
        return try datasetPaths(under: path, visited: &visited)
    }

    private func datasetPaths(under path: String, visited: inout Set<haddr_t>) throws -> [String] {
        guard visited.insert(try withObject(path) { try objectAddress($0, path) }).inserted else { return [] }
        var found: [String] = []
        for name in try members(of: path) {
            let child = HDF5Location.join(absolute(path), name)
            switch try kind(of: child) {
            case .dataset: found.append(child)
            case .group: found += try datasetPaths(under: child, visited: &visited)
            case .other: continue
            }
        }
        return found
    }
}

/// Receives names from an HDF5 iteration callback.
private final class NameCollector {
    var names: [String] = []
}
