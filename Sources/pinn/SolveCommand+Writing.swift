import Foundation
import PinnCommandLine
import PinnResults
import PinnSolve

extension SolveCommand {
    /// The steps after training that tests make fail (`PINN_TEST_FAIL_AFTER_TRAINING`).
    var faults: FaultInjection { FaultInjection.fromEnvironment() }

    /// The setting that chose the output path, for messages: `--output` or the problem's `output.path`.
    var outputSetting: String { output == nil ? "output.path" : "--output" }

    /// Writes a PDE result as asked and returns where the result now lies (nil when it could not be
    /// written). Nothing computed is lost: an HDF5 result that cannot be written leaves the trained
    /// state in the checkpoint (status 6); a NetCDF file that cannot be written is replaced by the
    /// HDF5 result beside it, marked netcdf_failed, with the checkpoint kept so that `--resume`
    /// writes the NetCDF file later (status 5); a sidecar or figures that cannot be written are
    /// warnings (the result is complete). The checkpoint is removed once the result is written as asked.
    func write(
        _ result: PDEResult, to path: String, format: ResultFormat, session: SolveSession,
        issues: inout PostTrainingIssues
    ) -> String? {
        switch format {
        case .hdf5:
            guard writeHDF5(result, to: path, session: session, issues: &issues) else { return nil }
            session.completed()
            writePlots(forResultAt: path)
            return path
        case .netcdf:
            do {
                try faults.check(.netcdf)
                try result.writeNetCDF(
                    to: path, command: (["pinn"] + CommandLine.arguments.dropFirst()).joined(separator: " "))
                print("wrote \(path)")
                session.completed()
                return path
            } catch {
                return writeInsteadOfNetCDF(result, at: path, failure: "\(error)", session: session, issues: &issues)
            }
        }
    }

    /// After the NetCDF file `path` could not be written: writes the HDF5 result beside it (the same
    /// name with .h5), marked netcdf_failed, unless a file is there already, and keeps the checkpoint.
    private func writeInsteadOfNetCDF(
        _ result: PDEResult, at path: String, failure: String, session: SolveSession,
        issues: inout PostTrainingIssues
    ) -> String? {
        let beside = (path as NSString).deletingPathExtension + ".h5"
        let what = "\(problem): \(outputSetting): the NetCDF result \(path) could not be written: \(failure)."
        if FileManager.default.fileExists(atPath: beside), !force {
            issues.add(
                PostTrainingIssues.notWritten,
                "\(what) \(beside) already exists, so the HDF5 result was not written in its place. "
                    + session.trainedStateNote)
            return nil
        }
        var marked = result
        marked.netCDFFailure = failure
        guard writeHDF5(marked, to: beside, session: session, issues: &issues) else { return nil }
        writePlots(forResultAt: beside)
        issues.add(
            PostTrainingIssues.stepFailed,
            "\(what) \(beside) holds the trained result instead (root attribute netcdf_failed = 1, netcdf_error). "
                + (session.holdsTrainedState
                    ? "\(session.checkpoint.path) keeps the trained state: `\(session.resumeCommand)` writes the "
                        + "NetCDF file without training again." : ""))
        return beside
    }

    /// Writes the HDF5 result and its XDMF sidecar; false, with an issue of status 6 saying where
    /// the trained state is kept, when the result could not be written. A sidecar that cannot be
    /// written is a warning: the HDF5 file holds the whole result.
    func writeHDF5(
        _ result: PDEResult, to path: String, session: SolveSession, issues: inout PostTrainingIssues
    ) -> Bool {
        do {
            try faults.check(.hdf5)
            try result.writeHDF5(to: path)
        } catch {
            issues.add(PostTrainingIssues.notWritten, notWrittenMessage(path, error, session: session))
            return false
        }
        let sidecar = PDEResult.sidecarPath(forResultAt: path)
        do {
            try faults.check(.xdmf)
            try result.writeSidecar(forResultAt: path)
            print("wrote \(path) (+ .xdmf)")
        } catch {
            print("wrote \(path)")
            printError(
                "warning: \(problem): the XDMF sidecar \(sidecar) could not be written: \(error). \(path) holds the whole "
                    + "result (h5py and xarray read it; ParaView needs the sidecar)")
        }
        return true
    }

    /// Why the result at `path` could not be written and what the checkpoint keeps, naming the problem
    /// file and the output setting.
    func notWrittenMessage(_ path: String, _ error: any Error, session: SolveSession) -> String {
        "\(problem): \(outputSetting): the result \(path) could not be written after training: \(error). "
            + session.trainedStateNote
    }
}
