import Foundation

/// How the reference beside a network's answer was computed: the method, its order, where it was
/// solved and how accurate it is estimated to be.
///
/// Written as attributes of `/reference` (`method`, `order`, `grid` or `mesh_nodes`,
/// `refinement`, `estimated_relative_error`, `element_order` for finite elements), and as the
/// metrics `reference_order`, `reference_estimated_relative_error`, `reference_unknowns`,
/// `reference_seconds` and `reference_element_order`.
public struct ReferenceDescription: Sendable, Equatable {
    /// What solved it, in words (for example "finite differences, compact fourth order
    /// (Mehrstellen 9-point), multigrid-preconditioned CG").
    public var method: String
    /// The formal order p of the discretisation error, O(hᵖ).
    public var order: Int
    /// The reference's own grid (nodes per axis) when it is a finite-difference solution; the
    /// output grid is every `refinement`-th node of it.
    public var grid: [Int]?
    /// How many reference grid steps one output grid step spans (1: the same grid).
    public var refinement: Int
    /// Unknowns of the linear system solved.
    public var unknowns: Int
    /// The estimated relative L2 error of the reference against the exact solution of the problem,
    /// from a Richardson pair (the difference of solutions on grids h and h/2 over 2ᵖ − 1), when
    /// one was computed.
    public var estimatedRelativeError: Double?
    /// Seconds spent building and solving it (both grids of a Richardson pair).
    public var seconds: Double
    /// The polynomial degree of the elements (1, 2 or 3: P1, P2, P3) of a finite-element reference.
    public var elementOrder: Int?

    public init(
        method: String, order: Int, grid: [Int]? = nil, refinement: Int = 1, unknowns: Int,
        estimatedRelativeError: Double? = nil, seconds: Double, elementOrder: Int? = nil
    ) {
        self.elementOrder = elementOrder
        self.method = method
        self.order = order
        self.grid = grid
        self.refinement = refinement
        self.unknowns = unknowns
        self.estimatedRelativeError = estimatedRelativeError
        self.seconds = seconds
    }

    /// The numeric part, as metrics.
    public var metrics: [String: Double] {
        var m: [String: Double] = [
            "reference_order": Double(order), "reference_unknowns": Double(unknowns), "reference_seconds": seconds
        ]
        if let estimatedRelativeError { m["reference_estimated_relative_error"] = estimatedRelativeError }
        if let elementOrder { m["reference_element_order"] = Double(elementOrder) }
        return m
    }

    /// One line for a summary: "finite differences …, order 4 on 513×513, estimated error 3.1e-11".
    public var summary: String {
        var s = "\(method), order \(order)"
        if let grid { s += " on " + grid.map(String.init).joined(separator: "×") }
        if let e = estimatedRelativeError {
            s += ", estimated relative error " + String(format: "%.1e", e)
        }
        return s
    }
}
