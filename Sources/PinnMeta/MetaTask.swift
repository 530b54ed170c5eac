import PinnBinding
import PinnNetwork
import PinnNumerics
import PinnProblems
import PinnTraining

/// One family member as a learning task: its PINN loss on fixed collocation points,
/// L = L_r + λ·L_b with λ the base problem's `boundaryWeight`.
public struct MetaTask<T: PinnScalar>: Sendable {
    /// Which member (index and seed) and its parameter values.
    public let index: Int
    public let seed: UInt64
    public let values: [(name: String, value: Double)]
    public let problem: BoundProblem
    public let interior: InteriorBatch<T>
    public let boundary: BoundaryBatch<T>
    public let boundaryWeight: T

    /// The task of `member` with `interiorPoints` and `boundaryPoints` Halton points (shifted by the
    /// member index, so members do not share one point set).
    public init(member: FamilyMember, interiorPoints: Int, boundaryPoints: Int) throws {
        var file = member.problem
        file.training.interiorPoints = interiorPoints
        file.training.boundaryPoints = boundaryPoints
        file.training.sampler = .halton
        file.training.seed = UInt64(member.index)
        problem = try BoundProblem(file)
        let loss: PDELoss<T> = problem.makeLoss(round: 0)
        index = member.index
        seed = member.seed
        values = member.values
        interior = loss.interior
        boundary = loss.boundary
        boundaryWeight = T(file.training.boundaryWeight)
    }

    /// A loss over this task's points that reuses `workspaceOwner`'s workspaces (same batch sizes:
    /// no reallocation between tasks) and keeps `mask`.
    func loss(reusing workspaceOwner: PDELoss<T>?, mask: ParameterMask?) -> PDELoss<T> {
        var loss = workspaceOwner ?? PDELoss(interior: interior, boundary: boundary)
        loss.interior = interior
        loss.boundary = boundary
        loss.parameterMask = mask
        return loss
    }
}

extension ProblemFamily {
    /// The tasks of members `indices` of `seed` (default: the training seed), with the
    /// meta-training settings' point counts.
    public func tasks<T: PinnScalar>(_ indices: Range<Int>, seed: UInt64? = nil, as: T.Type = T.self) throws
        -> [MetaTask<T>]
    {
        try indices.map { i in
            try MetaTask<T>(
                member: member(i, seed: seed), interiorPoints: metaTraining.interiorPoints,
                boundaryPoints: metaTraining.boundaryPoints)
        }
    }
}
