import Foundation

/// One file that each input is written to, for readers that take a path (the HDF5 and NetCDF
/// libraries). It lies in the folder named by `PINN_FUZZ_SCRATCH` (`scripts/fuzz.sh` makes one on
/// tmpfs and removes it afterwards) or, when that is unset, in a new folder under /dev/shm or the
/// temporary folder.
public struct ScratchFile: Sendable {
    /// The file's path.
    public let path: String

    /// The scratch file `name`.
    public init(name: String) {
        let folder: String
        if let given = ProcessInfo.processInfo.environment["PINN_FUZZ_SCRATCH"], !given.isEmpty {
            folder = given
        } else {
            let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
            folder = base + "/pinn-fuzz-\(getpid())"
        }
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        path = folder + "/" + name
    }

    /// Replaces the file's contents with `count` bytes at `data`; false if it cannot be written.
    public func write(_ data: UnsafePointer<UInt8>?, _ count: Int) -> Bool {
        FileManager.default.createFile(atPath: path, contents: Data(FuzzDriver.bytes(data, count)))
    }
}
