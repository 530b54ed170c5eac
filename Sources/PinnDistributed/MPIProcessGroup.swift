import CMPI
import PinnTraining

#if canImport(Glibc)
    import Glibc
#endif

/// The ranks of an MPI job (MPI_COMM_WORLD) as a `ProcessGroup`.
///
/// MPI starts only when this process was launched by `mpirun`/`mpiexec` (Open MPI's
/// `OMPI_COMM_WORLD_SIZE`, or PMIx's `PMIX_RANK`, is in the environment) or when `PINN_MPI=1` asks
/// for it: a plain `pinn solve` needs the library present and nothing else. Gathers are
/// MPI_Allgatherv of float64 values; nothing is reduced by MPI (see `ProcessGroup`). Errors are
/// fatal (MPI's default handler): a rank that dies ends the job rather than leaving the others
/// waiting in a gather.
public final class MPIProcessGroup: ProcessGroup {
    public let rank: Int
    public let size: Int
    private var counts: [Int32] = [], displacements: [Int32] = []
    private var finished = false

    /// The job this process belongs to, started on first use; nil when not launched under MPI.
    public nonisolated(unsafe) static let launched: MPIProcessGroup? = launchedByMPI ? MPIProcessGroup() : nil

    /// Whether the environment says an MPI launcher started this process (or `PINN_MPI=1` asks for MPI).
    public static var launchedByMPI: Bool {
        if let asked = getenv("PINN_MPI") { return String(cString: asked) == "1" }
        return getenv("OMPI_COMM_WORLD_SIZE") != nil || getenv("PMIX_RANK") != nil
    }

    private init() {
        var provided: Int32 = 0
        MPI_Init_thread(nil, nil, pinn_MPI_THREAD_FUNNELED(), &provided)
        var r: Int32 = 0, s: Int32 = 0
        MPI_Comm_rank(pinn_MPI_COMM_WORLD(), &r)
        MPI_Comm_size(pinn_MPI_COMM_WORLD(), &s)
        rank = Int(r)
        size = Int(s)
    }

    public func allGather(_ local: [Double], counts: [Int], into all: inout [Double]) {
        precondition(counts.count == size && counts[rank] == local.count, "one count per rank, this rank's right")
        let total = counts.reduce(0, +)
        precondition(total <= Int(Int32.max), "an MPI gather of \(total) values exceeds MPI's 32-bit counts")
        if all.count != total { all = [Double](repeating: 0, count: total) }
        if self.counts.count != size {
            self.counts = [Int32](repeating: 0, count: size)
            displacements = self.counts
        }
        var offset = 0
        for r in 0..<size {
            self.counts[r] = Int32(counts[r])
            displacements[r] = Int32(offset)
            offset += counts[r]
        }
        local.withUnsafeBufferPointer { send in
            all.withUnsafeMutableBufferPointer { receive in
                _ = MPI_Allgatherv(
                    send.baseAddress, Int32(local.count), pinn_MPI_DOUBLE(), receive.baseAddress, self.counts,
                    displacements, pinn_MPI_DOUBLE(), pinn_MPI_COMM_WORLD())
            }
        }
    }

    /// Waits until every rank gets here.
    public func barrier() { MPI_Barrier(pinn_MPI_COMM_WORLD()) }

    /// Ends MPI on this rank (every rank must call it before exiting with status 0).
    public func finish() {
        guard !finished else { return }
        finished = true
        MPI_Finalize()
    }

    /// Ends the whole job with `status` (mpirun then stops every rank and exits with it).
    public func abort(status: Int32) -> Never {
        MPI_Abort(pinn_MPI_COMM_WORLD(), status)
        exit(status)
    }
}
