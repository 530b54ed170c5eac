extension Domain {
    /// The geometric domain a problem file describes; nil for a mesh (PinnSolve's `MeshDomain`).
    public init?(_ spec: ProblemFile.DomainSpec) {
        switch spec {
        case .interval(let lo, let hi): self = .interval(lower: lo, upper: hi)
        case .rectangle(let lo, let hi): self = .rectangle(lower: lo, upper: hi)
        case .box(let lo, let hi): self = .box(lower: lo, upper: hi)
        case .disk(let c, let r), .ball(let c, let r): self = .ball(center: c, radius: r)
        case .polygon(let v): self = .polygon(vertices: v)
        case .mesh: return nil
        }
    }
}
