import Foundation
import FuzzSupport
import PinnProblems

/// The problem-file decoder: JSON → `ProblemDocument` (PDE or ODE), with validation. A mesh domain's
/// reader always fails, so no mesh is read; the decoder itself only resolves paths (realpath) and
/// reads no file, and `scripts/fuzz.sh` runs this target in an empty scratch folder.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzProblemDocument(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let json = Data(FuzzDriver.bytes(data, count))
    _ = try? ProblemDocument.decode(json, file: nil, readMesh: { _, _ in throw NoMesh() })
    return 0
}

/// The failure of the fuzz target's mesh reader.
struct NoMesh: Error {}

@_cdecl("FuzzProblemDocument_main")
public func fuzzProblemDocumentMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?)
    -> CInt
{
    FuzzDriver.run(argc, argv, fuzzProblemDocument)
}
