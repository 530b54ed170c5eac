import Foundation
import PinnNumerics

/// One member of a problem family: the base problem with the family's parameters drawn.
public struct FamilyMember: Sendable, Equatable {
    /// The member's index within its seed.
    public var index: Int
    /// The seed it was drawn with.
    public var seed: UInt64
    /// The drawn parameters, in the family's (name) order.
    public var values: [(name: String, value: Double)]
    /// The member as an ordinary problem file (validated).
    public var problem: ProblemFile
    /// The member's JSON text (the base problem's with the parameters, name, output path and
    /// description replaced and `expect` removed), which `pinn solve` accepts.
    public var json: Data

    public static func == (a: FamilyMember, b: FamilyMember) -> Bool {
        a.index == b.index && a.seed == b.seed && a.values.elementsEqual(b.values, by: { $0 == $1 })
            && a.problem == b.problem && a.json == b.json
    }
}

extension ProblemFamily {
    /// The parameter values of member `index` of `seed` (default: the training seed), drawn
    /// uniformly from each range in name order by a generator seeded from (seed, index) alone.
    public func values(ofMember index: Int, seed: UInt64? = nil) -> [(name: String, value: Double)] {
        var rng = SeededGenerator(seed: Self.memberSeed(seed ?? self.seed, index))
        return parameters.map { ($0.name, rng.uniform($0.lower, $0.upper)) }
    }

    /// The name of member `index` of `seed`: `<family>_s<seed>_m<index>`.
    public func memberName(_ index: Int, seed: UInt64? = nil) -> String {
        "\(name)_s\(seed ?? self.seed)_m\(index)"
    }

    /// Member `index` of `seed` (default: the training seed) as a validated problem and its JSON text.
    /// - Throws: `ProblemError` if the member does not validate (the file names the member).
    public func member(_ index: Int, seed: UInt64? = nil) throws(ProblemError) -> FamilyMember {
        precondition(index >= 0, "member indices are ≥ 0")
        let seed = seed ?? self.seed
        let values = values(ofMember: index, seed: seed)
        let name = memberName(index, seed: seed)
        // The base was decoded from this text, so it is a JSON object.
        var object = (try? JSONSerialization.jsonObject(with: baseJSON)) as? [String: Any] ?? [:]
        var parameters = object["parameters"] as? [String: Any] ?? [:]
        for (key, value) in values { parameters[key] = value }
        object["parameters"] = parameters
        object["name"] = name
        object["output"] = ["path": "Outputs/\(name).h5"]
        object["description"] =
            "Member \(index) (seed \(seed)) of the family \(self.name): "
            + values.map { "\($0.name) = \($0.value)" }.joined(separator: ", ") + "."
        object["expect"] = nil
        let json: Data
        do {
            json = try JSONSerialization.data(
                withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        } catch {
            throw ProblemError(
                file: resolvedBasePath, path: "", message: "cannot write member \(index) as JSON (\(error))")
        }
        let problem = try ProblemFile.decode(json, file: "\(name) (member \(index), seed \(seed), of \(self.name))")
        return FamilyMember(index: index, seed: seed, values: values, problem: problem, json: json)
    }

    /// A seed for member `index` of `seed`: SplitMix64 of the seed mixed with SplitMix64 of the index,
    /// so neighbouring seeds and indices give unrelated streams.
    static func memberSeed(_ seed: UInt64, _ index: Int) -> UInt64 {
        func splitMix(_ x: UInt64) -> UInt64 {
            var z = x &+ 0x9E37_79B9_7F4A_7C15
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        return splitMix(seed ^ splitMix(UInt64(index) &+ 0xD1B5_4A32_D192_ED03))
    }
}
