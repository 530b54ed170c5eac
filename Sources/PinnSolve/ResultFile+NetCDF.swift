import PinnIO

extension ResultFile {
    /// The result as a CF-1.10 netCDF-4 file (see `NetCDFGriddedResult` for the layout): the learned
    /// field `u`, `residual`, `u_reference`, `u_exact`, `error` (u − reference) and
    /// `error_vs_exact` on the grid's coordinates, the metrics as attributes of `metrics`, the
    /// problem JSON and `command` in the global attributes. Written atomically.
    public func writeNetCDF(to path: String, command: String) throws {
        let fields = fieldList().map { NetCDFGridField(name: $0.netCDFName, values: $0.values, longName: $0.longName) }
        var metadata = NetCDFResultMetadata(title: "pinn result: \(problemName)", command: command,
                                            version: Self.version, problem: problemJSON.isEmpty ? nil : problemJSON)
        metadata.stopReason = stopReason
        try NetCDFGriddedResult(grid: grid, fields: fields, metrics: metrics, metadata: metadata).write(to: path)
    }
}
