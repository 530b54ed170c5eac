import ArgumentParser
import PinnCommandLine
import PinnPlot
import PinnSolve

/// `pinn plot RESULT.h5…`: (re)makes the PNG figures of stored results.
struct PlotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot",
        abstract: "Write PNG figures of stored results beside them.",
        discussion: """
            For a PDE result: <name>_fields.png with heat maps of the learned field, the finite-difference \
            reference and the error (against the exact solution when the problem has one), each with a \
            viridis colour bar (grey outside the domain; the mid-plane z slice in 3-D; curves in 1-D), and \
            <name>_loss.png with every loss term against the step on a log scale. On a triangle mesh the maps \
            are drawn on the triangles (reference: finite elements; grey where there is no triangle); on a \
            tetrahedral mesh only the loss curves are drawn. For an ODE result: \
            <name>_trajectories.png (one panel per state: learned, reference, observations) and \
            <name>_loss.png. `pinn solve` writes the same figures unless given --no-plots. Text is drawn \
            with FreeType in DejaVu Sans (found with fc-match; PINN_PLOT_FONT overrides).
            """)

    @Argument(help: "Result files (HDF5) written by pinn solve.")
    var results: [String]

    func run() throws {
        var failures = 0
        for path in results {
            do {
                for png in try ResultPlots.write(forResultAt: path, note: { print($0) }) { print("wrote \(png)") }
            } catch {
                failures += 1
                printError("\(error)")
            }
        }
        if failures > 0 { throw ExitCode(1) }
    }
}

extension SolveCommand {
    /// Writes the figures of the result just written, unless `--no-plots`. A figure that cannot be
    /// made (e.g. no font) is a warning naming the result: the result itself is complete, and
    /// `pinn plot` makes the figures later; the exit status is not changed.
    func writePlots(forResultAt path: String) {
        guard !noPlots else { return }
        do {
            try faults.check(.plots)
            for png in try ResultPlots.write(forResultAt: path, note: { print($0) }) { print("wrote \(png)") }
        } catch {
            printError(
                "warning: \(problem): the figures of \(path) could not be written: \(error). The result is complete; "
                    + "`pinn plot \(path)` makes them (or pass --no-plots)")
        }
    }
}
