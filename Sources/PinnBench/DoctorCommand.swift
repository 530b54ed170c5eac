import ArgumentParser
import Foundation
import PinnCommandLine
import PinnKernels
import PinnNumerics

/// `pinn doctor`: the BLAS core in use, the CPU's features and measured GEMM rates.
public struct DoctorCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Show the BLAS kernel in use, CPU features and the measured GEMM rate.",
        discussion: """
            With --compare-cores, runs the GEMM measurement again in child processes forced to the \
            generic "Prescott" kernel and to the kernel pinn picks for this CPU, and prints the ratio.
            """)

    @Flag(help: "Also measure GEMM with the generic Prescott kernel and with the best kernel, in child processes.")
    var compareCores = false

    @Option(help: "Matrix size n of the n×n GEMM measured.")
    var size = 1536

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    public init() {}

    public func run() throws {
        let cpu = CPUFeatures.current
        let sgemm = measureGemmRate(Float.self, n: size)
        let dgemm = measureGemmRate(Double.self, n: size)
        var report: [String: String] = [
            "cpu": cpu.modelName,
            "blas_core": BLASRuntime.coreName,
            "blas_threads": String(BLASRuntime.threads),
            "threads": String(Parallel.workers),
            "best_core_for_cpu": cpu.bestOpenBLASCore ?? "unknown",
            "replaced_core": BLASRuntime.replacedCore ?? "",
            "kernels_simd": pinn_kernels_simd_level() >= 2 ? "avx2+fma" : "sse2",
            "sgemm_gflops": String(format: "%.1f", sgemm),
            "dgemm_gflops": String(format: "%.1f", dgemm)
        ]
        if json && !compareCores {
            print(try jsonObject(report))
            return
        }
        print("CPU              \(cpu.modelName) (\(cpu.vendor))")
        let features = ["sse4_2", "avx", "avx2", "fma", "avx512f"].filter(cpu.flags.contains).joined(separator: " ")
        print("features         \(features)")
        var core = BLASRuntime.coreName
        if let replaced = BLASRuntime.replacedCore {
            core += "  (OpenBLAS picked \(replaced); pinn re-executed with OPENBLAS_CORETYPE=\(BLASRuntime.coreName))"
        }
        print("OpenBLAS core    \(core)")
        print("best core        \(cpu.bestOpenBLASCore ?? "unknown") for this CPU")
        if let chosen = BLASRuntime.userChosenCore,
            let faster = BLASRuntime.fasterCoreThanUserChoice(BLASRuntime.coreName, cpu: cpu)
        {
            print(
                "note             OPENBLAS_CORETYPE=\(chosen) is set in the environment and pinn keeps it; "
                    + "unset it (or set \(faster)) for the faster kernel; --compare-cores measures the difference")
        }
        print("threads          \(Parallel.workers) (pinn's pool; OpenBLAS \(BLASRuntime.threads))")
        print("kernels          \(report["kernels_simd"]!) (SLEEF sin/cos)")
        print(String(format: "SGEMM %4d³      %.1f GFLOP/s", size, sgemm))
        print(String(format: "DGEMM %4d³      %.1f GFLOP/s", size, dgemm))
        guard compareCores, let best = cpu.bestOpenBLASCore else { return }
        for precision in ["sgemm_gflops", "dgemm_gflops"] {
            let generic = try childRate(core: "Prescott", key: precision)
            let tuned = try childRate(core: best, key: precision)
            report["\(precision)_Prescott"] = String(format: "%.1f", generic)
            report["\(precision)_\(best)"] = String(format: "%.1f", tuned)
            print(
                String(
                    format: "%@ Prescott %.1f, %@ %.1f GFLOP/s: %.2f× faster", precision.prefix(5).uppercased(),
                    generic, best, tuned, tuned / generic))
        }
    }

    /// Runs `pinn doctor --json` with OPENBLAS_CORETYPE forced and reads one rate from its output.
    private func childRate(core: String, key: String) throws -> Double {
        var environment = ProcessInfo.processInfo.environment
        environment["OPENBLAS_CORETYPE"] = core
        environment["PINN_BLAS_REEXEC"] = nil
        let failure = "could not read \(key) from the child process measuring core \(core)"
        let data: Data
        do {
            data = try runSelf(arguments: ["doctor", "--json", "--size", String(size)], environment: environment)
        } catch let error as ChildProcessFailure {
            throw ValidationError("\(failure) (\(error))")
        }
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: String],
            let value = object[key].flatMap(Double.init)
        else {
            throw ValidationError(failure)
        }
        return value
    }
}
