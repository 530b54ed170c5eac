import CNetCDF

/// A group of a netCDF-4 file (the root group is the file itself): its dimensions, variables,
/// attributes and subgroups. A variable may use dimensions of its own group and of any
/// ancestor, so coordinates defined in the root group serve every group.
///
/// A value type holding the open file; using it after the file was closed throws `NetCDFError.closed`.
public struct NetCDFGroup {
    let file: NetCDFFile
    /// The group's netCDF id.
    let id: Int32
    /// The group's absolute path ("/", "/metrics").
    public let path: String

    init(file: NetCDFFile, id: Int32, path: String) {
        self.file = file
        self.id = id
        self.path = path
    }

    /// The path of the file the group belongs to.
    public var filePath: String { file.path }

    /// `path/name` without a doubled slash.
    func child(_ name: String) -> String { path.hasSuffix("/") ? path + name : path + "/" + name }

    private var attributes: NetCDFAttributeOwner {
        NetCDFAttributeOwner(file: file, group: id, variable: NC_GLOBAL, path: path)
    }

    // MARK: defining

    /// Defines the dimension `name` of `length` (> 0) in this group.
    public func defineDimension(_ name: String, length: Int) throws {
        guard length > 0 else {
            throw NetCDFError.invalid(
                object: child(name), file: file.path, reason: "dimension length \(length) is not positive")
        }
        var dimension: Int32 = 0
        try file.call("nc_def_dim", child(name)) { nc_def_dim(id, name, length, &dimension) }
    }

    /// Defines a variable `name` holding `type` elements over the named dimensions (slowest
    /// first; looked up in this group and its ancestors; `[]` is a scalar).
    ///
    /// - Parameters:
    ///   - fill: the `_FillValue` (CF: marks missing data; `Double.nan` for fields undefined
    ///     outside a domain). Set at definition, as netCDF requires.
    ///   - compression: deflate with shuffle for large arrays (`.automatic`: 4096 elements or more).
    @discardableResult
    public func defineVariable<Element: NetCDFElement>(
        _ name: String, type: Element.Type, dimensions: [String] = [], fill: Element? = nil,
        compression: HDF5Compression = .automatic
    ) throws -> NetCDFVariable {
        let object = child(name)
        var dimensionIDs = [Int32]()
        var count = 1
        for dimension in dimensions {
            var dimensionID: Int32 = 0
            var length = 0
            try file.call("nc_inq_dimid", object) { nc_inq_dimid(id, dimension, &dimensionID) }
            try file.call("nc_inq_dimlen", object) { nc_inq_dimlen(id, dimensionID, &length) }
            dimensionIDs.append(dimensionID)
            count *= length
        }
        var variable: Int32 = 0
        try file.call("nc_def_var", object) {
            nc_def_var(id, name, Element.netCDFType.rawValue, Int32(dimensionIDs.count), dimensionIDs, &variable)
        }
        if let fill {
            try file.call("nc_def_var_fill", object) {
                withUnsafePointer(to: fill) { nc_def_var_fill(id, variable, 0, $0) }
            }
        }
        if !dimensions.isEmpty, let level = compression.deflateLevel(count: count) {
            try file.call("nc_def_var_deflate", object) { nc_def_var_deflate(id, variable, 1, 1, Int32(level)) }
        }
        return NetCDFVariable(file: file, group: id, id: variable, name: name, path: object)
    }

    /// Defines the subgroup `name`.
    public func defineGroup(_ name: String) throws -> NetCDFGroup {
        var group: Int32 = 0
        try file.call("nc_def_grp", child(name)) { nc_def_grp(id, name, &group) }
        return NetCDFGroup(file: file, id: group, path: child(name))
    }

    /// Sets the group attribute `name` (global attribute on the root group).
    public func setAttribute(_ name: String, _ value: NetCDFAttributeValue) throws {
        try attributes.set(name, value)
    }

    /// Sets the text attribute `name`.
    public func setAttribute(_ name: String, to text: String) throws {
        try attributes.set(name, .text(text))
    }

    /// Sets the `Double` attribute `name`.
    public func setAttribute(_ name: String, to value: Double) throws {
        try attributes.set(name, .doubles([value]))
    }

    // MARK: reading

    /// The group attribute `name`.
    public func attribute(_ name: String) throws -> NetCDFAttributeValue {
        try attributes.get(name)
    }

    /// The group's attribute names, in definition order.
    public func attributeNames() throws -> [String] {
        try attributes.names()
    }

    /// The names of the dimensions defined in this group (not its ancestors), in definition order.
    public func dimensionNames() throws -> [String] {
        var count: Int32 = 0
        try file.call("nc_inq_dimids", path) { nc_inq_dimids(id, &count, nil, 0) }
        var ids = [Int32](repeating: 0, count: Int(count))
        try file.call("nc_inq_dimids", path) { nc_inq_dimids(id, &count, &ids, 0) }
        return try ids.map { dimension in try file.name("nc_inq_dimname", path) { nc_inq_dimname(id, dimension, $0) } }
    }

    /// The length of dimension `name` (looked up in this group and its ancestors).
    public func dimensionLength(_ name: String) throws -> Int {
        var dimension: Int32 = 0
        var length = 0
        try file.call("nc_inq_dimid", child(name)) { nc_inq_dimid(id, name, &dimension) }
        try file.call("nc_inq_dimlen", child(name)) { nc_inq_dimlen(id, dimension, &length) }
        return length
    }

    /// The names of this group's variables, in definition order.
    public func variableNames() throws -> [String] {
        var count: Int32 = 0
        try file.call("nc_inq_varids", path) { nc_inq_varids(id, &count, nil) }
        var ids = [Int32](repeating: 0, count: Int(count))
        try file.call("nc_inq_varids", path) { nc_inq_varids(id, &count, &ids) }
        return try ids.map { variable in try file.name("nc_inq_varname", path) { nc_inq_varname(id, variable, $0) } }
    }

    /// The variable `name` of this group.
    public func variable(_ name: String) throws -> NetCDFVariable {
        var variable: Int32 = 0
        try file.call("nc_inq_varid", child(name)) { nc_inq_varid(id, name, &variable) }
        return NetCDFVariable(file: file, group: id, id: variable, name: name, path: child(name))
    }

    /// The names of the direct subgroups.
    public func groupNames() throws -> [String] {
        var count: Int32 = 0
        try file.call("nc_inq_grps", path) { nc_inq_grps(id, &count, nil) }
        var ids = [Int32](repeating: 0, count: Int(count))
        try file.call("nc_inq_grps", path) { nc_inq_grps(id, &count, &ids) }
        return try ids.map { group in try file.name("nc_inq_grpname", path) { nc_inq_grpname(group, $0) } }
    }

    /// The direct subgroup `name`.
    public func group(_ name: String) throws -> NetCDFGroup {
        var group: Int32 = 0
        try file.call("nc_inq_grp_ncid", child(name)) { nc_inq_grp_ncid(id, name, &group) }
        return NetCDFGroup(file: file, id: group, path: child(name))
    }
}
