import PinnNumerics

/// Which of a SIREN's flat parameters are free and which are pruned (held at zero): the sparsity
/// pattern of a sparse network. Training with a mask zeroes the pruned entries of every gradient,
/// so Adam (whose update is 0 where the gradient has always been 0) and L-BFGS (whose directions
/// are combinations of masked gradients and steps) leave pruned weights exactly at zero.
public struct ParameterMask: Equatable, Sendable {
    public let architecture: SirenArchitecture
    /// One flag per flat parameter (layout of `SirenArchitecture.parameterLayout`): true = free.
    public let isFree: [Bool]
    /// Indices of the pruned parameters, ascending.
    public let pruned: [Int]

    /// A mask with the given flags (`isFree.count == architecture.parameterCount`).
    public init(architecture: SirenArchitecture, isFree: [Bool]) {
        precondition(
            isFree.count == architecture.parameterCount,
            "expected \(architecture.parameterCount) flags, got \(isFree.count)")
        self.architecture = architecture
        self.isFree = isFree
        pruned = isFree.indices.filter { !isFree[$0] }
    }

    /// The dense mask: every parameter free.
    public init(dense architecture: SirenArchitecture) {
        self.init(architecture: architecture, isFree: [Bool](repeating: true, count: architecture.parameterCount))
    }

    /// Number of free parameters.
    public var freeCount: Int { isFree.count - pruned.count }

    /// Sets the pruned entries of `values` (flat, one per parameter) to zero.
    public func zeroPruned<T: PinnScalar>(_ values: inout [T]) {
        precondition(values.count == isFree.count, "expected \(isFree.count) values, got \(values.count)")
        values.withUnsafeMutableBufferPointer { v in
            for i in pruned { v[i] = 0 }
        }
    }

    /// Whether every pruned entry of `values` is exactly zero.
    public func holdsZeros<T: PinnScalar>(in values: [T]) -> Bool {
        pruned.allSatisfy { values[$0] == 0 }
    }

    /// Fraction of the parameters in `indices` that are pruned.
    public func sparsity(over indices: [Int]) -> Double {
        guard !indices.isEmpty else { return 0 }
        return Double(indices.filter { !isFree[$0] }.count) / Double(indices.count)
    }
}
