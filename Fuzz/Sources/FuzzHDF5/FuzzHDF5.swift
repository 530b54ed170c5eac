import Foundation
import FuzzSupport
import PinnIO

/// The HDF5 gridded-data reader (`GriddedVariable.readHDF5`) on the input written to a file on
/// tmpfs: every dataset (at most 8) is read with the dimension scales attached to it, in this process
/// (`.inProcess`: libFuzzer must see libhdf5's faults and coverage). With `PINN_FUZZ_SANDBOX=1` it
/// reads as pinn reads user files instead, in a child process, the seeds' datasets by path (listing
/// them would run libhdf5 here); `scripts/fuzz.sh` re-runs each fault found that way, to check that
/// it is contained.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHDF5(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard scratch.write(data, count) else { return 0 }
    var paths = ["/f", "/g", "/s", "/x", "/y"]
    if !sandboxed, let file = try? HDF5File.openReadOnly(at: scratch.path) {
        paths = (try? file.datasetPaths()) ?? ["/f"]
        try? file.close()
    }
    for path in paths.prefix(8) {
        _ = try? GriddedVariable.readHDF5(scratch.path, dataset: path, isolation: sandboxed ? .standard : .inProcess)
    }
    return 0
}

/// Whether to read as pinn reads user files (`PINN_FUZZ_SANDBOX=1`).
private let sandboxed = ProcessInfo.processInfo.environment["PINN_FUZZ_SANDBOX"] == "1"

private let scratch = ScratchFile(name: "input.h5")

@_cdecl("FuzzHDF5_main")
public func fuzzHDF5Main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzDriver.run(argc, argv, fuzzHDF5)
}
