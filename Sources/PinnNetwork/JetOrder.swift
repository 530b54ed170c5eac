/// How many derivatives a forward pass carries with the value.
public enum JetOrder: Int, Comparable, Sendable, Codable {
    /// The value only (a plain forward pass).
    case value = 0
    /// Value and the d first derivatives.
    case gradient = 1
    /// Value, first derivatives and the Laplacian Σᵢ ∂²u/∂xᵢ².
    case laplacian = 2

    public static func < (a: JetOrder, b: JetOrder) -> Bool { a.rawValue < b.rawValue }

    /// Number of column blocks `[V | J_1 … J_d | L]` for input dimension `d`.
    public func blocks(dimension d: Int) -> Int {
        switch self {
        case .value: return 1
        case .gradient: return 1 + d
        case .laplacian: return 2 + d
        }
    }

    /// Number of derivative blocks carried (0 or d).
    func derivativeBlocks(dimension d: Int) -> Int { self == .value ? 0 : d }
}
