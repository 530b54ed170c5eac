import FuzzSupport
import PinnIO

/// The HDF5 gridded-data reader (`GriddedVariable.readHDF5`) on the input written to a file on
/// tmpfs: every dataset is read with the dimension scales attached to it. In this process
/// (`.inProcess`): the child process pinn reads user files in would hide libhdf5's faults and
/// coverage from libFuzzer.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHDF5(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard scratch.write(data, count) else { return 0 }
    var paths = ["/f"]
    if let file = try? HDF5File.openReadOnly(at: scratch.path) {
        paths = (try? file.datasetPaths()) ?? paths
        try? file.close()
    }
    for path in paths.prefix(8) {
        _ = try? GriddedVariable.readHDF5(scratch.path, dataset: path, isolation: .inProcess)
    }
    return 0
}

private let scratch = ScratchFile(name: "input.h5")

@_cdecl("FuzzHDF5_main")
public func fuzzHDF5Main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzDriver.run(argc, argv, fuzzHDF5)
}
