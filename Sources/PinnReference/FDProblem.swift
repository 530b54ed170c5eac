/// The partial differential equation a reference solves: finite differences (`FDProblem`) or
/// finite elements (`FEMProblem`).
///
/// Conventions follow the rest of pinn: Poisson is `−Δu = f`; Helmholtz is `Δu + k(x)²u = f`
/// (indefinite for large k, which is why the solver uses a sparse LU, not Cholesky or CG).
public enum FDEquation: Sendable {
    /// `−Δu = f`.
    case poisson
    /// `Δu + k(x)² u = f`, with `k(x)²` evaluated at grid nodes (finite differences) or at
    /// quadrature points (finite elements).
    case helmholtz(kSquared: @Sendable ([Double]) -> Double)

    /// Helmholtz with a constant wave number k.
    public static func helmholtz(k: Double) -> FDEquation {
        let kSquared = k * k
        return .helmholtz(kSquared: { _ in kSquared })
    }
}

/// The condition that holds at one boundary point, its data already evaluated there.
///
/// Normal derivatives use the outward unit normal n of the domain.
public enum FDBoundaryCondition: Sendable, Equatable {
    /// `u = value`.
    case dirichlet(value: Double)
    /// `∂u/∂n = value`.
    case neumann(value: Double)
    /// `α u + β ∂u/∂n = value`. With β = 0 this is a Dirichlet condition `u = value/α`;
    /// with α = 0 it is a Neumann condition. Well-posedness needs α/β ≥ 0.
    case robin(alpha: Double, beta: Double, value: Double)
}

/// The finite-difference discretisation `solveFiniteDifference(_:)` uses.
public enum FDScheme: String, Sendable, Equatable, CaseIterable {
    /// 3/5/7-point Laplacian, ghost points on Neumann/Robin box faces, Shortley–Weller arms on
    /// curved or slanted Dirichlet boundaries: second order on every domain.
    case secondOrder
    /// The compact (Mehrstellen) 3/9/19-point scheme with the source corrected by its discrete
    /// Laplacian, fourth order on `FDBox` domains (see `FDCompactAssembler`). Requested on any
    /// other domain, the solver falls back to `secondOrder` and says so in `FDSolution.notes`.
    case fourthOrderCompact
    /// `fourthOrderCompact` on the grid and on the grid with every cell halved (2n − 1 nodes
    /// per axis), combined at the grid's nodes by Richardson extrapolation, (16 u_{h/2} − u_h)/15:
    /// the h⁴ terms of the error cancel, sixth order with Dirichlet conditions only (fourth
    /// order guaranteed with Neumann/Robin faces, at a much smaller error). The finer solve
    /// costs 4× (2-D) or 8× (3-D) the unknowns of the grid. Boxes only, like `fourthOrderCompact`.
    case compactRichardson
}

/// A boundary value problem on a domain, discretised on the nodes of a uniform grid over
/// the domain's bounding box.
///
/// This type deliberately does not refer to the problem-file target: the lead wires a parsed
/// problem into these closures, and any domain type can conform to `FDDomain`.
public struct FDProblem: Sendable {
    public var domain: any FDDomain
    public var equation: FDEquation
    /// The right-hand side f of the equation, evaluated at grid nodes inside the domain.
    public var source: @Sendable ([Double]) -> Double
    /// The condition holding at a boundary point with the given outward unit normal.
    ///
    /// Where two boundary parts meet (a corner), the solver calls this once per part it sees,
    /// each time with that part's normal, so a closure may select the boundary part by normal.
    public var boundaryCondition: @Sendable (_ point: [Double], _ normal: [Double]) -> FDBoundaryCondition
    /// Nodes per axis, including the nodes on the bounding box faces (for example [129, 129]);
    /// at least 3 per axis. The spacing along axis a is (upper[a] − lower[a]) / (gridPoints[a] − 1).
    public var gridPoints: [Int]
    /// The discretisation; `secondOrder` unless the caller asks for `fourthOrderCompact`.
    public var scheme: FDScheme

    public init(
        domain: any FDDomain,
        equation: FDEquation,
        source: @escaping @Sendable ([Double]) -> Double,
        boundaryCondition: @escaping @Sendable (_ point: [Double], _ normal: [Double]) -> FDBoundaryCondition,
        gridPoints: [Int],
        scheme: FDScheme = .secondOrder
    ) {
        self.domain = domain
        self.equation = equation
        self.source = source
        self.boundaryCondition = boundaryCondition
        self.gridPoints = gridPoints
        self.scheme = scheme
    }
}
