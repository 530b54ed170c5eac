import ArgumentParser
import Dispatch
import Foundation
import PinnBinding
import PinnCommandLine
import PinnDistributed
import PinnNetwork
import PinnNumerics
import PinnProblems
import PinnResults
import PinnSolve
import PinnTraining

/// `pinn solve PROBLEM.json`: train, compare with the finite-difference reference, write HDF5 + XDMF.
struct SolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solve",
        abstract: "Solve a Poisson, Helmholtz or ODE problem file and write the result as HDF5 (+ XDMF for PDEs).",
        discussion: """
            The problem file (JSON) states the equation, domain (a shape, or a Gmsh mesh whose physical groups \
            carry the boundary conditions), boundary conditions and, optionally, the \
            exact solution, network and training settings; see Problems/ for examples. The result goes to \
            Outputs/<name>.h5 (or --output) with an .xdmf file beside it for ParaView. It holds the learned \
            field, its PDE residual, a reference (compact fourth-order finite differences on boxes, with \
            Richardson extrapolation; quadratic finite elements on disks, balls and polygons), the exact \
            solution where given, the errors, the loss history and the network's weights; /metrics has \
            relative L2 errors. On a mesh (linear, or quadratic from gmsh -order 2) the fields lie on the \
            mesh's nodes (with the mesh and a Triangle/Tetrahedron XDMF sidecar), the reference is quadratic \
            finite elements on the same mesh, and NetCDF output is refused. \
            An ODE problem ("kind": "ode") trains a Neural ODE on its observations or a PINN in time on the \
            equation and writes the reference trajectory (Dormand–Prince at tight tolerances, switching to \
            Radau IIA if the system is stiff), the learned \
            trajectory inside and beyond the training window, the observations, the errors, the loss history \
            and the model; /metrics has relative_l2_train_window and relative_l2_extrapolation.

            A PDE trains by default with 1000 Gauss–Newton (Levenberg–Marquardt) iterations on a 24×2 SIREN \
            at 1024 interior and 256 boundary points; "training": {"phases": [{"adam": 300}, \
            {"gaussNewton": 2000}]} chooses the optimiser phases (Adam, L-BFGS, Gauss–Newton, in that \
            order), and docs/problem-files.md lists every setting. The progress line of a Gauss–Newton \
            iteration shows its damping μ and the step length α it took ("rejected": none).

            An existing result is not overwritten without --force. Training writes a checkpoint beside the \
            result (Outputs/<name>.ckpt.h5) every --checkpoint-every steps and when stopped by Ctrl-C \
            (SIGINT) or SIGTERM; --resume continues from it to the same losses as an uninterrupted run \
            (same seed and thread count). A non-finite loss or gradient rolls back to the last good step \
            and halves the learning rate; so does an Adam loss that grows more than 10⁴-fold over the \
            smallest of the previous 100 steps (rolling back to the state before it grew). At most 5 times \
            in all; after that the last good result is written, marked stopped_early. Progress goes to standard error: a bar redrawn in place on a terminal, \
            a line every --every steps otherwise.

            Nothing computed is lost after training: the checkpoint keeps the trained state until the \
            result is written, and --resume of a finished training goes straight to the steps after it. \
            A step after training that fails writes the trained result, marked with what failed (root \
            attributes reference_failed / evaluation_failed / netcdf_failed = 1 with reference_error / \
            evaluation_error / netcdf_error; a NetCDF file that cannot be written is replaced by the \
            HDF5 result beside it); an XDMF sidecar or figures that cannot be written are warnings.

            Exit status: 0 done (also when only the sidecar or the figures failed); 1 bad input or \
            failure before training (nothing written); 3 an "expect" bound not met (with --check); 4 \
            training stopped early on non-finite values or a diverging loss (the last good result is written, marked \
            stopped_early); 5 a step after training failed (the trained result is written, marked as \
            above); 6 the result could not be written (the trained state stays in the checkpoint: \
            --resume writes the result without training again); when several apply, the highest; \
            130 / 143 interrupted by SIGINT / SIGTERM (checkpoint written, no result).
            """)

    @Argument(help: "The problem file (JSON).")
    var problem: String

    @Option(name: .shortAndLong, help: "Where to write the result (default: the problem's output.path).")
    var output: String?

    @Option(
        help: """
            hdf5 (with an .xdmf sidecar) or netcdf (CF-1.10 netCDF-4, for PDE results); default: netcdf when \
            the output path ends in .nc, else hdf5.
            """)
    var format: ResultFormat?

    @Flag(help: "No progress output (notes about recoveries and checkpoints still go to standard error).")
    var quiet = false

    @Option(help: "When standard error is not a terminal, print a progress line every N steps.")
    var every = 100

    @Flag(help: "Overwrite an existing result.")
    var force = false

    @Flag(help: "Continue from the checkpoint beside the result (Outputs/<name>.ckpt.h5).")
    var resume = false

    @Option(help: "Write a checkpoint every N steps (0: only when interrupted by SIGINT/SIGTERM).")
    var checkpointEvery = 200

    @Option(
        help:
            "Write one JSON object per training step (step, phase, loss, terms, learning rate, elapsed seconds) to FILE."
    )
    var jsonLog: String?

    @Flag(help: "Do not write the PNG figures (<name>_fields.png, _loss.png, _trajectories.png) beside the result.")
    var noPlots = false

    @Flag(help: "Exit with status 3 when a bound in the problem's \"expect\" is not met (the result is still written).")
    var check = false

    @Option(
        name: .customLong("init"),
        help: """
            Start from the sparse initialisation in this pinn meta-train file (PDE problems) and keep its \
            sparsity pattern during training; --resume of such a run needs the same --init.
            """)
    var initPath: String?

    /// The file formats `pinn solve` writes.
    enum ResultFormat: String, ExpressibleByArgument, CaseIterable {
        case hdf5, netcdf
    }

    func run() throws {
        let document: ProblemDocument, json: String
        do {
            let data = try ProblemDocument.read(problem)
            json = String(decoding: data, as: UTF8.self)
            document = try ProblemDocument.decode(data, file: problem, readMesh: readMeshOutline)
        } catch {
            throw CommandFailure(error.description)
        }
        switch document {
        case .pde(let file): try solvePDE(file, json: json)
        case .ode(let file):
            if processGroup.size > 1 {
                throw CommandFailure(
                    "\(problem): ODE problems run on one process; run it without mpirun (PDE problems spread over MPI ranks)"
                )
            }
            if initPath != nil {
                throw CommandFailure("\(problem): --init applies to poisson and helmholtz problems, not ode")
            }
            try solveODE(file, json: json)
        }
    }

    /// Solves a Poisson or Helmholtz problem file whose text is `json`.
    func solvePDE(_ file: ProblemFile, json: String) throws {
        let bound: BoundProblem
        do {
            bound = try BoundProblem(file)
        } catch let error as ProblemError {
            throw CommandFailure(error.inFile(problem).description)
        } catch {
            throw CommandFailure("\(problem): \(error)")
        }
        let format = self.format ?? ((output ?? file.output.path).hasSuffix(".nc") ? .netcdf : .hdf5)
        var path = output ?? file.output.path
        if output == nil, format == .netcdf, path.hasSuffix(".h5") { path = String(path.dropLast(3)) + ".nc" }
        if format == .netcdf, case .mesh = bound.domain {
            throw CommandFailure("\(problem): \(PDEResultError.netCDFNeedsGrid(path: path))")
        }
        do {
            try SolvePipeline<Double>(problem: bound).checkBeforeTraining()
        } catch let error as ProblemError {
            throw CommandFailure(error.inFile(problem).description)
        } catch {
            throw CommandFailure("\(problem): \(error)")
        }
        let initialization = try initialNetwork(for: bound)
        let total = file.training.adamSteps + file.training.lbfgsIterations + file.training.gaussNewtonIterations
        let session = try SolveSession(
            command: self, resultPath: path, problemText: json,
            trainer: Self.trainerName(startingFrom: initialization), total: total, isRoot: processGroup.isRoot)
        var result =
            switch file.training.precision {
            case .f32: try train(Float.self, bound, from: initialization, session)
            case .f64: try train(Double.self, bound, from: initialization, session)
            }
        // Under mpirun the other ranks trained alongside rank 0 to the same bits; rank 0 writes and reports.
        guard session.isRoot else { return }
        result.problemJSON = json
        result.problemFile = URL(fileURLWithPath: problem).standardizedFileURL.path
        var issues = PostTrainingIssues()
        let written = write(result, to: path, format: format, session: session, issues: &issues)
        if let description = result.referenceDescription { print("reference: \(description.summary)") }
        if let unknowns = result.unknowns { report(unknowns) }
        report(
            result.metrics,
            keys: [
                "relative_l2_vs_reference", "relative_l2_vs_exact", "relative_l2_vs_exact_quadrature",
                "reference_relative_l2_vs_exact", "wall_seconds"
            ], expect: file.expect, issues: &issues)
        if let written {
            noteStoppedEarly(result.stopReason, path: written, issues: &issues)
            noteReferenceFailure(result.referenceFailure, path: written, issues: &issues)
        }
        try issues.exitIfAny()
    }

    /// After a result was written without its reference because the reference's solver failed:
    /// says why, naming the problem file and its `reference` settings (status 5).
    func noteReferenceFailure(_ failure: String?, path: String, issues: inout PostTrainingIssues) {
        guard let failure else { return }
        issues.add(
            PostTrainingIssues.stepFailed,
            "\(problem): reference: the reference could not be computed after training: \(failure). \(path) holds "
                + "the trained network's result without a reference (root attribute reference_failed = 1, "
                + "reference_error).")
    }

    /// Trains in precision T from `initialization` (or from the checkpoint with --resume) and builds
    /// the result on the grid or the mesh's nodes.
    func train<T: PinnScalar>(
        _: T.Type, _ bound: BoundProblem, from initialization: InitialNetwork?,
        _ session: SolveSession
    ) throws -> PDEResult {
        let names = bound.unknownNames
        var pipeline = SolvePipeline<T>(
            problem: bound,
            progress: session.progress { (record: TrainingRecord) in
                var entry = record.logEntry
                for (name, value) in zip(names, record.unknowns) { entry.terms.append(.init(name, value)) }
                return entry
            })
        pipeline.initialization = initialization
        pipeline.control = session.control()
        pipeline.saveTrained = { session.saveTrained($0, stopReason: $1) }
        pipeline.faults = faults
        pipeline.group = processGroup
        if resume {
            pipeline.resume = try session.loadCheckpoint(
                parameterCount: pipeline.architecture().parameterCount + names.count)
            pipeline.resumedStopReason = session.resumedStopReason
        }
        defer { session.finishMonitors() }
        do {
            return try pipeline.solve()
        } catch let interruption as TrainingInterrupted {
            throw session.interrupted(interruption)
        }
    }

    /// After a result was written from the last good state of a run that stopped early: says so
    /// (status 4).
    func noteStoppedEarly(_ reason: String?, path: String, issues: inout PostTrainingIssues) {
        guard let reason else { return }
        issues.add(
            PostTrainingIssues.stoppedEarly,
            "training stopped early: \(reason). \(path) holds the last good state's result "
                + "(root attribute stopped_early = 1, stop_reason).")
    }

    /// Prints the metrics named in `keys` that the result has, then every bound of the problem's
    /// `expect` against the metric reached; with `--check`, a bound not met is an issue of status 3
    /// (a missing metric counts as not met).
    func report(_ metrics: [String: Double], keys: [String], expect: [String: Double], issues: inout PostTrainingIssues)
    {
        for key in keys {
            if let v = metrics[key] {
                print(key.padding(toLength: 32, withPad: " ", startingAt: 0) + String(format: "%.3e", v))
            }
        }
        var unmet: [String] = []
        for (metric, bound) in expect.sorted(by: { $0.key < $1.key }) {
            let value = metrics[metric] ?? .nan
            let met = value <= bound
            if !met { unmet.append(metric) }
            print(
                "expect \(metric) ≤ \(String(format: "%.1e", bound)): \(String(format: "%.3e", value)) \(met ? "met" : "NOT MET")"
            )
        }
        if check, !unmet.isEmpty {
            issues.add(PostTrainingIssues.expectNotMet, nil)
        }
    }
}
