/// Robertson's chemical kinetics (Robertson 1966), the classic stiff test problem (Hairer & Wanner,
/// *Solving ODEs II*, §IV.1 and §IV.10; problem ROBER of the Test Set for IVP Solvers):
///
///     y₁′ = −k₁y₁ + k₃y₂y₃,  y₂′ = k₁y₁ − k₂y₂² − k₃y₂y₃,  y₃′ = k₂y₂²,
///     k = (0.04, 3·10⁷, 10⁴), y(0) = (1, 0, 0).
///
/// Once y₂ has built up (t ≈ 10⁻²) the Jacobian has an eigenvalue near −10⁴ while the solution changes
/// over times up to 10¹¹. As a `DifferentiableVectorField` its parameters are θ = log k (so that the
/// gradient components k_i ∂L/∂k_i share a scale); y₂′ is computed as −y₁′ − y₃′, so y₁ + y₂ + y₃ is
/// conserved to rounding.
public struct RobertsonKinetics: DifferentiableVectorField, Sendable {
    /// k₁, k₂, k₃.
    public var rates: [Double]

    /// The kinetics with the given rate constants (default Robertson's).
    public init(rates: [Double] = [0.04, 3e7, 1e4]) {
        precondition(rates.count == 3, "three rate constants")
        self.rates = rates
    }

    /// y(10¹¹): the reference solution of ROBER in the Test Set for IVP Solvers (F. Mazzia and
    /// C. Magherini, University of Bari, release 2.4, 2008).
    public static let referenceAt1e11 = [0.2083340149701255e-07, 0.8333360770334713e-13, 0.9999999791665050]

    /// y(10⁵), which the test set does not tabulate: scipy 1.10's `solve_ivp` (Radau, rtol 10⁻¹³, atol
    /// (10⁻²⁰, 10⁻²⁴, 10⁻²⁰), exact Jacobian); LSODA at rtol 10⁻¹³ and BDF at 10⁻¹² agree with it to
    /// 5·10⁻¹¹ relative in every component, and the same settings reproduce the test set's y(10¹¹) to
    /// 10⁻¹¹.
    public static let referenceAt1e5 = [0.017865921142100248, 7.27475146843659e-08, 0.9821340061103923]

    public var stateDimension: Int { 3 }
    public var parameterCount: Int { 3 }

    public func makeWorkspace() {}

    public func evaluate(_ y: [Double], t: Double, into value: inout [Double], workspace: inout Void) {
        value[0] = -rates[0] * y[0] + rates[2] * y[1] * y[2]
        value[2] = rates[1] * y[1] * y[1]
        value[1] = -value[0] - value[2]
    }

    /// With a the cotangent: ∂f/∂θ₁ = k₁(−y₁, y₁, 0), ∂f/∂θ₂ = k₂(0, −y₂², y₂²),
    /// ∂f/∂θ₃ = k₃(y₂y₃, −y₂y₃, 0); aᵀ∂f/∂y from the Jacobian's columns.
    @discardableResult
    public func vectorJacobianProduct(
        at y: [Double], t: Double, cotangent a: [Double], value: inout [Double], stateGradient: inout [Double],
        parameterGradient: inout [Double], workspace: inout Void
    ) -> Double {
        evaluate(y, t: t, into: &value, workspace: &workspace)
        let (k1, k2, k3) = (rates[0], rates[1], rates[2])
        parameterGradient[0] += k1 * y[0] * (a[1] - a[0])
        parameterGradient[1] += k2 * y[1] * y[1] * (a[2] - a[1])
        parameterGradient[2] += k3 * y[1] * y[2] * (a[0] - a[1])
        stateGradient[0] += k1 * (a[1] - a[0])
        stateGradient[1] += k3 * y[2] * (a[0] - a[1]) + 2 * k2 * y[1] * (a[2] - a[1])
        stateGradient[2] += k3 * y[1] * (a[0] - a[1])
        return 0
    }

    public func stateJacobian(
        at y: [Double], t: Double, value: inout [Double], jacobian j: inout [Double], workspace: inout Void
    ) {
        evaluate(y, t: t, into: &value, workspace: &workspace)
        let (k1, k2, k3) = (rates[0], rates[1], rates[2])
        j[0] = -k1
        j[1] = k1
        j[2] = 0
        j[3] = k3 * y[2]
        j[4] = -k3 * y[2] - 2 * k2 * y[1]
        j[5] = 2 * k2 * y[1]
        j[6] = k3 * y[1]
        j[7] = -k3 * y[1]
        j[8] = 0
    }
}
