/// The version of pinn, written into every file it makes (`pinn_version`) and printed by `pinn --version`.
public enum PinnVersion {
    public static let current = "0.1.0"
}
