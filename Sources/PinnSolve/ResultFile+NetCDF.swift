import PinnIO

extension ResultFile {
    /// The result as a CF-1.10 netCDF-4 file (see `NetCDFGriddedResult` for the layout): the learned
    /// field `u`, `residual`, `u_reference`, `u_exact`, `error` (u − reference) and
    /// `error_vs_exact` on the grid's coordinates, the metrics as attributes of `metrics`, the
    /// problem JSON and `command` in the global attributes. Written atomically.
    public func writeNetCDF(to path: String, command: String) throws {
        var fields = [
            NetCDFGridField(name: "u", values: u, longName: "learned solution u"),
            NetCDFGridField(name: "residual", values: residual, longName: "PDE residual of the learned solution"),
        ]
        if let reference {
            fields.append(NetCDFGridField(name: "u_reference", values: reference,
                                          longName: "finite-difference reference solution"))
            fields.append(NetCDFGridField(name: "error", values: zip(u, reference).map { $0 - $1 },
                                          longName: "u - reference"))
        }
        if let exact {
            fields.append(NetCDFGridField(name: "u_exact", values: exact, longName: "exact solution"))
            fields.append(NetCDFGridField(name: "error_vs_exact", values: zip(u, exact).map { $0 - $1 },
                                          longName: "u - exact"))
        }
        let metadata = NetCDFResultMetadata(title: "pinn result: \(problemName)", command: command,
                                            version: Self.version, problem: problemJSON.isEmpty ? nil : problemJSON)
        try NetCDFGriddedResult(grid: grid, fields: fields, metrics: metrics, metadata: metadata).write(to: path)
    }
}
