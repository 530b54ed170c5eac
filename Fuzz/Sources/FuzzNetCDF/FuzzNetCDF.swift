import Foundation
import FuzzSupport
import PinnIO

/// The NetCDF gridded-data reader (`GriddedVariable.readNetCDF`) on the input written to a file on
/// tmpfs: every variable of the root group (at most 8) is read with its coordinate variables, in this
/// process (`.inProcess`: libFuzzer must see libnetcdf's faults and coverage). With
/// `PINN_FUZZ_SANDBOX=1` it reads as pinn reads user files instead, in a child process, the seeds'
/// variables by name (listing them would run libnetcdf here); `scripts/fuzz.sh` re-runs each fault
/// found that way, to check that it is contained.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNetCDF(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard scratch.write(data, count) else { return 0 }
    var names = ["f", "g", "s", "x", "y"]
    if !sandboxed, let file = try? NetCDFFile.openReadOnly(at: scratch.path) {
        names = (try? file.root.variableNames()) ?? ["f"]
        try? file.close()
    }
    for name in names.prefix(8) {
        _ = try? GriddedVariable.readNetCDF(scratch.path, variable: name, isolation: sandboxed ? .standard : .inProcess)
    }
    return 0
}

/// Whether to read as pinn reads user files (`PINN_FUZZ_SANDBOX=1`).
private let sandboxed = ProcessInfo.processInfo.environment["PINN_FUZZ_SANDBOX"] == "1"

private let scratch = ScratchFile(name: "input.nc")

@_cdecl("FuzzNetCDF_main")
public func fuzzNetCDFMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzDriver.run(argc, argv, fuzzNetCDF)
}
