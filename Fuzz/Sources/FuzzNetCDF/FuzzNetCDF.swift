import FuzzSupport
import PinnIO

/// The NetCDF gridded-data reader (`GriddedVariable.readNetCDF`) on the input written to a file on
/// tmpfs: every variable of the root group is read with its coordinate variables. In this process
/// (`.inProcess`): the child process pinn reads user files in would hide libnetcdf's faults and
/// coverage from libFuzzer.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNetCDF(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard scratch.write(data, count) else { return 0 }
    var names = ["f"]
    if let file = try? NetCDFFile.openReadOnly(at: scratch.path) {
        names = (try? file.root.variableNames()) ?? names
        try? file.close()
    }
    for name in names.prefix(8) {
        _ = try? GriddedVariable.readNetCDF(scratch.path, variable: name, isolation: .inProcess)
    }
    return 0
}

private let scratch = ScratchFile(name: "input.nc")

@_cdecl("FuzzNetCDF_main")
public func fuzzNetCDFMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzDriver.run(argc, argv, fuzzNetCDF)
}
