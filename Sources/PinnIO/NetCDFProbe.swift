import CNetCDF

/// Reads an HDF5 result file back through the netCDF-4 C library — the view of xarray's
/// netcdf4 engine and ncdump — to check that fields resolve their dimension scales there.
/// Internal: used by the tests; the HDF5 writers are the public API.
enum NetCDFProbe {
    /// The dimension names of the variable at `path` ("/fields/u") in the file at `file`,
    /// slowest first, or nil if netCDF cannot open the file or resolve the variable's dimensions.
    static func dimensionNames(ofVariable path: String, inFile file: String) -> [String]? {
        var root: Int32 = 0
        guard nc_open(file, NC_NOWRITE, &root) == NC_NOERR else { return nil }
        defer { nc_close(root) }
        var parts = path.split(separator: "/").map(String.init)
        guard let name = parts.popLast() else { return nil }
        var group = root
        for part in parts {
            var child: Int32 = 0
            guard nc_inq_grp_ncid(group, part, &child) == NC_NOERR else { return nil }
            group = child
        }
        var variable: Int32 = 0
        var rank: Int32 = 0
        guard nc_inq_varid(group, name, &variable) == NC_NOERR,
              nc_inq_varndims(group, variable, &rank) == NC_NOERR else { return nil }
        var dimensions = [Int32](repeating: 0, count: Int(rank))
        guard nc_inq_vardimid(group, variable, &dimensions) == NC_NOERR else { return nil }
        var names = [String]()
        for dimension in dimensions {
            var buffer = [CChar](repeating: 0, count: Int(NC_MAX_NAME) + 1)
            guard nc_inq_dimname(group, dimension, &buffer) == NC_NOERR else { return nil }
            names.append(buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) })
        }
        return names
    }
}
