import FuzzSupport
import PinnProblems

/// CSV observation tables (`ObservationTable.parseCSV`), for two states and a time range, for one
/// state, and for two states in three trajectories (a `trajectory` column, missing values).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzObservationCSV(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let text = FuzzDriver.text(data, count)
    _ = try? ObservationTable.parseCSV(text, stateNames: ["x", "v"], file: "fuzz.csv", timeRange: 0...10)
    _ = try? ObservationTable.parseCSV(text, stateNames: ["u"], file: "fuzz.csv")
    _ = try? ObservationTable.parseCSV(text, stateNames: ["x", "v"], file: "fuzz.csv", trajectoryCount: 3)
    return 0
}

@_cdecl("FuzzObservationCSV_main")
public func fuzzObservationCSVMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?)
    -> CInt
{
    FuzzDriver.run(argc, argv, fuzzObservationCSV)
}
