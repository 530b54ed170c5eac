import CBLAS
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What OpenBLAS runs with on this machine, and the fix for Debian's OpenBLAS 0.3.21 falling back
/// to a generic kernel ("Prescott") on CPUs it does not recognise.
///
/// OpenBLAS picks its kernel once, when the library loads, from the CPU id or from the
/// `OPENBLAS_CORETYPE` environment variable. `BLASRuntime.ensureBestCore(arguments:)` compares the
/// core it picked with the CPU's instruction-set features and, when a faster core fits the CPU and
/// the user has not set `OPENBLAS_CORETYPE`, re-executes the process with that core set.
public enum BLASRuntime {
    /// The OpenBLAS kernel in use (e.g. "Haswell", "Zen", "Prescott").
    public static var coreName: String {
        guard let p = openblas_get_corename() else { return "unknown" }
        return String(cString: p)
    }

    /// OpenBLAS's thread count.
    public static var threads: Int { Int(openblas_get_num_threads()) }

    public static func setThreads(_ n: Int) { openblas_set_num_threads(Int32(n)) }

    /// Sets OpenBLAS to one thread, once: pinn splits GEMMs over its own worker pool (`parallelGemm`).
    @usableFromInline
    static let singleThreaded: Bool = {
        openblas_set_num_threads(1)
        return true
    }()

    /// Makes sure OpenBLAS runs single-threaded (a no-op after the first call).
    @inlinable
    public static func ensureSingleThreaded() {
        _ = singleThreaded
    }

    /// Environment variable set on the re-executed process, so it never loops.
    static let reexecMarker = "PINN_BLAS_REEXEC"
    /// For tests and demonstrations: pretend OpenBLAS picked this core (e.g. "Prescott").
    static let simulateVariable = "PINN_BLAS_SIMULATE_CORE"

    /// Re-executes the current process with the best OpenBLAS core for this CPU when the detected
    /// core is slower than what the CPU supports. Returns (without exec) when nothing needs doing,
    /// when the user chose a core through `OPENBLAS_CORETYPE`, or when exec fails.
    public static func ensureBestCore(arguments: [String]) {
        let env = ProcessEnvironment.self
        if env.get(reexecMarker) != nil { return }
        let simulated = env.get(simulateVariable)
        let detected = simulated ?? coreName
        guard let best = coreToSwitchTo(detected: detected, userChoseCore: userChosenCore != nil, cpu: .current) else {
            return
        }
        setenv("OPENBLAS_CORETYPE", best, 1)
        setenv(reexecMarker, detected, 1)
        unsetenv(simulateVariable)
        var cArgs: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
        cArgs.append(nil)
        execv("/proc/self/exe", cArgs)
        // execv returns only on failure: carry on with the slow kernel.
        unsetenv("OPENBLAS_CORETYPE")
        unsetenv(reexecMarker)
    }

    /// The core to re-execute with, or nil to keep `detected`: switch only when the user did not
    /// choose a core and the CPU supports a core with a wider instruction set than `detected`.
    public static func coreToSwitchTo(detected: String, userChoseCore: Bool, cpu: CPUFeatures) -> String? {
        guard !userChoseCore, let best = cpu.bestOpenBLASCore,
            OpenBLASCore.rank(detected) < OpenBLASCore.rank(best)
        else { return nil }
        return best
    }

    /// The faster core a user's `OPENBLAS_CORETYPE` choice of `chosen` leaves unused on `cpu`, or nil
    /// when the choice is at least as wide as the best core (pinn keeps the choice; `pinn doctor` says so).
    public static func fasterCoreThanUserChoice(_ chosen: String, cpu: CPUFeatures) -> String? {
        coreToSwitchTo(detected: chosen, userChoseCore: false, cpu: cpu)
    }

    /// The user's own `OPENBLAS_CORETYPE`, which pinn keeps: nil when it is unset, when pinn set it
    /// itself by re-executing, or when a simulated fallback (`PINN_BLAS_SIMULATE_CORE`) is asked for.
    public static var userChosenCore: String? {
        let env = ProcessEnvironment.self
        guard env.get(reexecMarker) == nil, env.get(simulateVariable) == nil else { return nil }
        return env.get("OPENBLAS_CORETYPE")
    }

    /// The core OpenBLAS picked before pinn re-executed itself, if it did.
    public static var replacedCore: String? { ProcessEnvironment.get(reexecMarker) }
}

/// OpenBLAS kernel names ranked by the widest instruction set they use.
public enum OpenBLASCore {
    public static func rank(_ name: String) -> Int {
        switch name.lowercased() {
        case "skylakex", "cooperlake", "sapphirerapids": return 4
        case "haswell", "zen", "skylake": return 3
        case "sandybridge", "bulldozer", "piledriver", "steamroller", "excavator": return 2
        default: return 1 // Prescott, Core2, Penryn, Nehalem, Atom, Barcelona, … (SSE only)
        }
    }
}

/// Instruction-set features of this CPU, from /proc/cpuinfo.
public struct CPUFeatures: Sendable {
    public var vendor: String
    public var modelName: String
    public var flags: Set<String>

    public init(vendor: String, modelName: String, flags: Set<String>) {
        self.vendor = vendor
        self.modelName = modelName
        self.flags = flags
    }

    public static let current: CPUFeatures = {
        let text = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        var vendor = "", model = "", flags = Set<String>()
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else { continue }
            switch parts[0] {
            case "vendor_id" where vendor.isEmpty: vendor = parts[1]
            case "model name" where model.isEmpty: model = parts[1]
            case "flags" where flags.isEmpty: flags = Set(parts[1].split(separator: " ").map(String.init))
            default: break
            }
        }
        return CPUFeatures(vendor: vendor, modelName: model, flags: flags)
    }()

    /// The fastest OpenBLAS 0.3.21 core whose instructions this CPU has, or nil if unknown.
    public var bestOpenBLASCore: String? {
        if ["avx512f", "avx512bw", "avx512vl", "avx512dq"].allSatisfy(flags.contains) { return "SkylakeX" }
        if flags.contains("avx2") && flags.contains("fma") {
            return vendor == "AuthenticAMD" || vendor == "HygonGenuine" ? "Zen" : "Haswell"
        }
        if flags.contains("avx") { return "SandyBridge" }
        return nil
    }
}

/// Read access to the process environment.
enum ProcessEnvironment {
    static func get(_ name: String) -> String? {
        guard let p = getenv(name) else { return nil }
        return String(cString: p)
    }
}
