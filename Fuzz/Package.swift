// swift-tools-version:6.1
import PackageDescription

/// libFuzzer targets for pinn's parsers and readers, kept out of the main package so that its build
/// and CI are untouched. Build with
///
///     swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
///
/// and run through `scripts/fuzz.sh`, which also seeds the corpora. Each target defines
/// `LLVMFuzzerTestOneInput` and an entry point `<Target>_main` that hands control to libFuzzer's
/// driver (SwiftPM links ELF executables with `main` aliased to `<Target>_main`).
let package = Package(
    name: "PinnFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "pinn", path: "..")],
    targets: [
        .target(name: "FuzzSupport"),
        .executableTarget(
            name: "FuzzExpression",
            dependencies: ["FuzzSupport", .product(name: "PinnProblems", package: "pinn")]),
        .executableTarget(
            name: "FuzzProblemDocument",
            dependencies: ["FuzzSupport", .product(name: "PinnProblems", package: "pinn")]),
        .executableTarget(
            name: "FuzzObservationCSV",
            dependencies: ["FuzzSupport", .product(name: "PinnProblems", package: "pinn")]),
        .executableTarget(
            name: "FuzzGmsh",
            dependencies: ["FuzzSupport", .product(name: "PinnIO", package: "pinn")]),
        .executableTarget(
            name: "FuzzNetCDF",
            dependencies: ["FuzzSupport", .product(name: "PinnIO", package: "pinn")]),
        .executableTarget(
            name: "FuzzHDF5",
            dependencies: ["FuzzSupport", .product(name: "PinnIO", package: "pinn")])
    ]
)
