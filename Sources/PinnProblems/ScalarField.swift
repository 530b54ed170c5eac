import PinnNumerics

/// A real function of position, evaluated at one point or at a batch of points. A problem's
/// source term, exact solution and boundary values are bound to one: an `Expression` for a
/// formula, a `GriddedField` for data interpolated from a file.
public protocol ScalarField: Sendable {
    /// The value at one point, its coordinates x, y, z in order.
    func evaluate(_ point: [Double]) -> Double

    /// Evaluates at `columns` points stored column-major in a `rows × columns` matrix (point j is
    /// `points[j·rows ..< (j+1)·rows]`), writing the value at point j to `output[j]`; `output` is
    /// resized to `columns` if its count differs.
    func evaluate(columns: Int, rows: Int, _ points: [Double], into output: inout [Double])
}

extension Expression: ScalarField {}

extension GriddedField: ScalarField {}
