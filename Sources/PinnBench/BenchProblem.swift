import ArgumentParser
import PinnNumerics
import RealModule

/// The 2-D problems of `pinn bench`, on [−1, 1]² with Dirichlet data from the exact solution, as in
/// the JAX peer (shared/peers/pinn_jax.py).
enum BenchProblem: String, CaseIterable, ExpressibleByArgument {
    /// −Δu = f, u = sin πx sin πy, f = 2π² u.
    case poisson
    /// Δu + k²u = q, u = sin(πx) sin(4πy), k = 1, q = (k² − 17π²) u.
    case helmholtz

    /// The Helmholtz wave number k.
    static let waveNumber = 1.0

    /// The exact solution u(x, y).
    func exact<T: PinnScalar>(_ x: T, _ y: T) -> T {
        switch self {
        case .poisson: return T.sin(T.pi * x) * T.sin(T.pi * y)
        case .helmholtz: return T.sin(T.pi * x) * T.sin(4 * T.pi * y)
        }
    }

    /// The right-hand side (f for Poisson, q for Helmholtz) at (x, y).
    func source<T: PinnScalar>(_ x: T, _ y: T) -> T {
        let k = T(Self.waveNumber)
        switch self {
        case .poisson: return 2 * T.pi * T.pi * exact(x, y)
        case .helmholtz: return (k * k - 17 * T.pi * T.pi) * exact(x, y)
        }
    }

    /// The residual's coefficients: r = a·Δu + c·u − source (Poisson: a = −1, c = 0; Helmholtz: a = 1, c = k²).
    func residualCoefficients<T: PinnScalar>(_: T.Type = T.self) -> (laplacian: T, value: T) {
        switch self {
        case .poisson: return (-1, 0)
        case .helmholtz: return (1, T(Self.waveNumber * Self.waveNumber))
        }
    }
}
