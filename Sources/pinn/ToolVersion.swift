/// The version of the `pinn` command-line tool, printed by `pinn --version`.
///
/// This is the tool's release version, kept here and nowhere else. It is not the version of the
/// result-file format (`ResultFile.version` in PinnSolve, written as the `pinn_version` attribute),
/// which changes only when the layout of results changes.
enum ToolVersion {
    /// `major.minor.patch`.
    static let current = "0.1.0"
}
