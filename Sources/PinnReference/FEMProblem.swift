/// The condition on the facets of one boundary part, for the finite-element reference.
///
/// Normal derivatives use the outward unit normal n of the mesh's facet; closures that take a
/// normal receive that facet's normal (constant on a straight P1 facet; on a curved P2 facet
/// the normal of its quadratic map at the quadrature point), so data such as ∇u_exact · n can
/// be written for the discrete boundary.
public enum FEMBoundaryCondition: Sendable {
    /// `u = value(x)`, imposed by interpolation at the facet's nodes (vertices and, for P2, edge
    /// nodes).
    case dirichlet(value: @Sendable (_ point: [Double]) -> Double)
    /// `∂u/∂n = value(x, n)`.
    case neumann(value: @Sendable (_ point: [Double], _ normal: [Double]) -> Double)
    /// `α(x) u + β(x) ∂u/∂n = value(x, n)`, with β ≠ 0 on the facet (β = 0 is a Dirichlet
    /// condition: give it as `.dirichlet`). Well-posedness needs α/β ≥ 0.
    case robin(
        alpha: @Sendable (_ point: [Double]) -> Double,
        beta: @Sendable (_ point: [Double]) -> Double,
        value: @Sendable (_ point: [Double], _ normal: [Double]) -> Double)

    /// Robin with constant coefficients: `α u + β ∂u/∂n = value(x, n)`.
    public static func robin(
        alpha: Double, beta: Double,
        value: @escaping @Sendable (_ point: [Double], _ normal: [Double]) -> Double
    )
        -> FEMBoundaryCondition
    {
        .robin(alpha: { _ in alpha }, beta: { _ in beta }, value: value)
    }
}

/// A Poisson or Helmholtz boundary value problem on a simplex mesh, for piecewise-linear (P1)
/// or, on a quadratic mesh, isoparametric piecewise-quadratic (P2) finite elements.
///
/// The equation uses the same type and sign conventions as the finite-difference reference:
/// Poisson `−Δu = f`, Helmholtz `Δu + k(x)²u = f`. Each facet of the mesh names, by index, the
/// entry of `boundaryConditions` that holds on it (for a Gmsh mesh: one entry per physical
/// group of facets).
public struct FEMProblem: Sendable {
    public var mesh: FEMMesh
    public var equation: FDEquation
    /// The right-hand side f of the equation.
    public var source: @Sendable ([Double]) -> Double
    /// The conditions that facets refer to by `FEMMesh.facetConditions`.
    public var boundaryConditions: [FEMBoundaryCondition]

    public init(
        mesh: FEMMesh,
        equation: FDEquation,
        source: @escaping @Sendable ([Double]) -> Double,
        boundaryConditions: [FEMBoundaryCondition]
    ) {
        self.mesh = mesh
        self.equation = equation
        self.source = source
        self.boundaryConditions = boundaryConditions
    }
}
