// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "pinn",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "pinn", targets: ["pinn"]),
        .library(name: "PinnNetwork", targets: ["PinnNetwork"]),
        .library(name: "PinnTraining", targets: ["PinnTraining"]),
        // For the fuzz targets in Fuzz/ (a separate package that depends on this one by path).
        .library(name: "PinnProblems", targets: ["PinnProblems"]),
        .library(name: "PinnIO", targets: ["PinnIO"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.0.0")
    ],
    targets: [
        // C libraries from Debian, found through pkg-config.
        .systemLibrary(
            name: "CBLAS", path: "Sources/CBLAS", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]),
        .systemLibrary(
            name: "CHDF5", path: "Sources/CHDF5", pkgConfig: "hdf5",
            providers: [.apt(["libhdf5-dev"])]),
        .systemLibrary(
            name: "CNetCDF", path: "Sources/CNetCDF", pkgConfig: "netcdf",
            providers: [.apt(["libnetcdf-dev"])]),
        .systemLibrary(
            name: "CUMFPACK", path: "Sources/CUMFPACK",
            providers: [.apt(["libsuitesparse-dev"])]),
        .systemLibrary(
            name: "CGmsh", path: "Sources/CGmsh",
            providers: [.apt(["libgmsh-dev"])]),
        .systemLibrary(
            name: "CCHOLMOD", path: "Sources/CCHOLMOD",
            providers: [.apt(["libsuitesparse-dev"])]),
        .systemLibrary(
            name: "CPNG", path: "Sources/CPNG", pkgConfig: "libpng",
            providers: [.apt(["libpng-dev"])]),
        .systemLibrary(
            name: "CFreeType", path: "Sources/CFreeType", pkgConfig: "freetype2",
            providers: [.apt(["libfreetype-dev", "fonts-dejavu-core", "fontconfig"])]),
        .systemLibrary(
            name: "CMPI", path: "Sources/CMPI", pkgConfig: "ompi-c",
            providers: [.apt(["libopenmpi-dev", "openmpi-bin"])]),
        // Fused elementwise kernels (C, vectorised with SLEEF), used by the numerics core.
        .target(
            name: "PinnKernels", path: "Sources/PinnKernels",
            cSettings: [.unsafeFlags(["-O3", "-ffp-contract=off"])],
            linkerSettings: [.linkedLibrary("sleef")]),
        // Counts heap allocations for `pinn bench` (interposes malloc & co.; linked into the executable only).
        .target(name: "PinnAllocationCounter", path: "Sources/PinnAllocationCounter"),
        .target(
            name: "PinnNumerics",
            dependencies: [
                "CBLAS", "PinnKernels",
                .product(name: "RealModule", package: "swift-numerics")
            ]),
        .target(name: "PinnNetwork", dependencies: ["PinnNumerics"]),
        .target(name: "PinnTraining", dependencies: ["PinnNumerics", "PinnNetwork"]),
        .target(name: "PinnODE", dependencies: ["PinnNetwork"]),
        // MPI ranks as a process group for training (started only under mpirun).
        .target(name: "PinnDistributed", dependencies: ["CMPI", "PinnTraining"], exclude: ["README.md"]),
        .target(name: "PinnProblems", dependencies: ["PinnNumerics"]),
        .target(
            name: "PinnReference", dependencies: ["PinnNumerics", "CUMFPACK", "CCHOLMOD"], exclude: ["README.md"]),
        // Triangulations of the analytic domains (disk, ball, polygon, rectangle, box) by Gmsh, P1 or P2.
        .target(name: "PinnMeshing", dependencies: ["CGmsh"], exclude: ["README.md"]),
        .target(name: "PinnIO", dependencies: ["PinnNumerics", "CHDF5", "CNetCDF"], exclude: ["README.md"]),
        // Problem files bound to what training and the references need: collocation domains, mesh
        // sampling, gridded data, settings turned into objectives, trainers and architectures.
        .target(
            name: "PinnBinding",
            dependencies: [
                "PinnNumerics", "PinnNetwork", "PinnTraining", "PinnODE", "PinnProblems", "PinnReference",
                "PinnIO", "PinnMeshing"
            ]),
        // Result files (one writer/reader pair per kind of result), checkpoints, stored networks.
        .target(
            name: "PinnResults",
            dependencies: ["PinnNumerics", "PinnNetwork", "PinnTraining", "PinnODE", "PinnProblems", "PinnIO"]),
        // PNG figures: raster canvas, viridis, heat maps, line charts, FreeType text, libpng encoding; figures of results.
        .target(name: "PinnPlot", dependencies: ["PinnNumerics", "CPNG", "CFreeType", "PinnIO", "PinnResults"]),
        // The pipelines: solve a PDE or ODE problem file (train, reference, result). Wiring only.
        .target(
            name: "PinnSolve",
            dependencies: [
                "PinnNumerics", "PinnNetwork", "PinnTraining", "PinnProblems", "PinnReference", "PinnIO",
                "PinnODE", "PinnBinding", "PinnResults"
            ]),
        // Meta-learned sparse initialisations over problem families (Lee et al. 2021).
        .target(
            name: "PinnMeta",
            dependencies: ["PinnNumerics", "PinnNetwork", "PinnTraining", "PinnProblems", "PinnBinding", "PinnIO"]),
        // What every command shares: one-line failures, output folders, running this executable as a child.
        .target(name: "PinnCommandLine"),
        // `pinn bench`, `pinn sparse-bench` and `pinn doctor`: timings against the BLAS peak and the JAX
        // peers, allocation counts, memory of ODE gradients, the BLAS kernel check.
        .target(
            name: "PinnBench",
            dependencies: [
                "PinnNumerics", "PinnNetwork", "PinnTraining", "PinnKernels", "PinnAllocationCounter",
                "PinnProblems", "PinnODE", "PinnBinding", "PinnMeta", "PinnCommandLine", "PinnReference",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "RealModule", package: "swift-numerics")
            ]),
        .executableTarget(
            name: "pinn",
            dependencies: [
                "PinnNumerics", "PinnNetwork", "PinnTraining", "PinnProblems", "PinnIO", "PinnBinding", "PinnResults",
                "PinnSolve", "PinnPlot",
                "PinnMeta", "PinnBench", "PinnCommandLine", "PinnDistributed",
                .product(name: "ArgumentParser", package: "swift-argument-parser")
            ]),
        // What the test targets share: temporary folders, child processes, where the built pinn is.
        .target(name: "PinnTestSupport", dependencies: ["PinnNumerics"], path: "Tests/PinnTestSupport"),
        .testTarget(name: "PinnNumericsTests", dependencies: ["PinnKernels", "PinnNumerics"]),
        .testTarget(name: "PinnNetworkTests", dependencies: ["PinnNetwork", "PinnNumerics"]),
        .testTarget(
            name: "PinnTrainingTests",
            dependencies: ["PinnTestSupport", "PinnTraining", "PinnNetwork", "PinnNumerics", "CBLAS"]),
        .testTarget(name: "PinnODETests", dependencies: ["PinnODE", "PinnNetwork", "PinnNumerics"]),
        .testTarget(name: "PinnProblemsTests", dependencies: ["PinnTestSupport", "PinnProblems", "PinnNumerics"]),
        .testTarget(
            name: "PinnReferenceTests", dependencies: ["PinnReference", "PinnNumerics", "PinnIO", "PinnMeshing"]),
        .testTarget(
            name: "PinnBindingTests",
            dependencies: ["PinnBinding", "PinnTraining", "PinnProblems", "PinnODE", "PinnNetwork", "PinnNumerics"]),
        .testTarget(name: "PinnMeshingTests", dependencies: ["PinnMeshing"]),
        .testTarget(name: "PinnIOTests", dependencies: ["PinnTestSupport", "PinnIO", "PinnNumerics"]),
        .testTarget(
            name: "PinnMetaTests",
            dependencies: [
                "PinnTestSupport", "PinnMeta", "PinnSolve", "PinnBinding", "PinnProblems", "PinnTraining",
                "PinnNetwork", "PinnNumerics",
                "PinnIO"
            ]),
        .testTarget(name: "PinnPlotTests", dependencies: ["PinnTestSupport", "PinnPlot", "CPNG"]),
        .testTarget(
            name: "PinnSolveTests",
            dependencies: [
                "PinnTestSupport", "PinnSolve", "PinnBinding", "PinnResults", "PinnTraining", "PinnProblems",
                "PinnReference", "PinnIO", "PinnNumerics",
                "PinnNetwork", "PinnODE", "PinnPlot"
            ])
    ]
)
