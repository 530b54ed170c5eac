/// How one start fared against another, member by member, in steps to the target error.
///
/// A run that did not reach the target within maxSteps counts as slower than any that did; two
/// unreached runs tie. The ratios are (steps of `against`) / (steps of `method`), over the members
/// on which both reached the target.
public struct MetaEvaluationComparison: Sendable, Equatable, Codable {
    public var method: String
    public var against: String
    /// Members on which `method` reached the target in fewer, more or as many steps.
    public var faster: Int
    public var slower: Int
    public var ties: Int
    /// The ratio of the two methods' median steps (nil when either median is unreached).
    public var ratioOfMedians: Double?
    /// Smallest, median and largest per-member ratio (nil when no member has both reached).
    public var smallestRatio: Double?
    public var medianRatio: Double?
    public var largestRatio: Double?

    /// `method` against `against` over the members both were run on.
    public init(
        _ method: MetaEvaluationSummary, _ methodRuns: [MetaEvaluationRun],
        against: MetaEvaluationSummary, _ againstRuns: [MetaEvaluationRun]
    ) {
        self.method = method.method
        self.against = against.method
        let other = Dictionary(
            againstRuns.map { ($0.member, $0.stepsToTarget) }, uniquingKeysWith: { first, _ in first })
        var faster = 0, slower = 0, ties = 0, ratios: [Double] = []
        for run in methodRuns {
            guard let theirs = other[run.member] else { continue }
            switch (run.stepsToTarget, theirs) {
            case let (mine?, theirs?):
                if mine < theirs { faster += 1 } else if mine > theirs { slower += 1 } else { ties += 1 }
                ratios.append(Double(theirs) / Double(max(mine, 1)))
            case (.some, nil): faster += 1
            case (nil, .some): slower += 1
            case (nil, nil): ties += 1
            }
        }
        self.faster = faster
        self.slower = slower
        self.ties = ties
        ratioOfMedians = method.medianStepsToTarget.flatMap { mine in
            against.medianStepsToTarget.map { Double($0) / Double(max(mine, 1)) }
        }
        ratios.sort()
        smallestRatio = ratios.first
        largestRatio = ratios.last
        medianRatio = MetaEvaluationSummary.median(ratios)
    }

    /// Members compared.
    public var members: Int { faster + slower + ties }
}
