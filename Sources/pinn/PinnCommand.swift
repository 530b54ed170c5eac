import ArgumentParser
import Foundation
import PinnBench
import PinnDistributed
import PinnIO
import PinnNumerics
import PinnTraining

@main
struct Pinn: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pinn",
        abstract: "A physics-informed PDE solver: SIREN networks with forward-mode Laplacians.",
        discussion: """
            pinn checks at start-up that OpenBLAS runs the fastest kernel this CPU supports and, if \
            Debian's OpenBLAS fell back to a generic one, re-executes itself with OPENBLAS_CORETYPE set \
            (unless you set OPENBLAS_CORETYPE yourself). `pinn doctor` shows what is in use. \
            OpenBLAS runs single-threaded: pinn splits GEMMs and elementwise work over its own threads, \
            one per core unless PINN_THREADS is set (the same seed gives the same results, whatever the thread count).

            Under mpirun (Open MPI), `pinn solve` of a PDE problem spreads the collocation points over the \
            ranks: a fixed number of blocks, added up in block order, so any number of ranks gives the same \
            bits as one process; rank 0 writes the result and the checkpoints and prints. Without mpirun, MPI \
            is not started (PINN_MPI=1 starts it, PINN_MPI=0 keeps it off).
            """,
        version: "pinn \(PinnVersion.current)",
        subcommands: [
            NewCommand.self, SolveCommand.self, ValidateCommand.self, PlotCommand.self, InspectCommand.self,
            EvalCommand.self, FamilyCommand.self, MetaTrainCommand.self, MetaEvalCommand.self, DoctorCommand.self,
            BenchCommand.self, SparseBenchCommand.self, GaussNewtonBenchCommand.self, ReferenceBenchCommand.self
        ])

    static func main() {
        BLASRuntime.ensureBestCore(arguments: CommandLine.arguments)
        BLASRuntime.ensureSingleThreaded()
        let mpi = MPIProcessGroup.launched
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if let mpi { endJob(mpi, after: error) }
            exit(withError: error)
        }
        mpi?.finish()
    }

    /// Ends an MPI job after `error` on this rank. An exit status (`ExitCode`: an interruption every
    /// rank agreed on, or rank 0's issues after training, when the other ranks are done) finalises MPI
    /// and exits with it; any other failure, which may have struck this rank alone while the others
    /// wait in a gather, is reported by rank 0 and aborts the whole job with its status.
    static func endJob(_ mpi: MPIProcessGroup, after error: any Error) {
        let status = exitCode(for: error).rawValue
        if error is ExitCode || status == 0 {
            mpi.finish()
            return
        }
        if mpi.isRoot || mpi.size == 1 {
            let message = fullMessage(for: error)
            if !message.isEmpty { FileHandle.standardError.write(Data((message + "\n").utf8)) }
        } else {
            // Let rank 0 report the same failure first.
            sleep(2)
        }
        mpi.abort(status: status)
    }
}

/// The processes this run is spread over: the MPI job's ranks under mpirun, else this process alone.
var processGroup: any ProcessGroup { MPIProcessGroup.launched ?? SingleProcess.shared }
