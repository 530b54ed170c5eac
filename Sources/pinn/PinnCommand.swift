import ArgumentParser
import PinnBench
import PinnIO
import PinnNumerics

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
            one per core unless PINN_THREADS is set (the same seed and thread count give the same results).
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
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            exit(withError: error)
        }
    }
}
