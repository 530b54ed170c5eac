import ArgumentParser
import Foundation
import PinnCommandLine
import PinnIO
import PinnProblems

/// `pinn family list|show FAMILY.json`: the members of a problem family.
struct FamilyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "family",
        abstract: "List the members of a problem family, or write one as a problem file.",
        discussion: """
            A family file ("kind": "family") names a base problem (a poisson or helmholtz problem file, \
            relative to the family file) and draws some of its parameters from ranges, e.g. \
            "parameters": {"a": [1, 4], "b": [1, 4]}. Member i of seed s is the base problem with those \
            parameters drawn uniformly by a generator seeded from (s, i) alone, so a member is the same \
            however many are listed. Training members use the family's seed; pinn meta-eval holds out \
            members of another seed (evaluation.seed).
            """,
        subcommands: [List.self, Show.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List members with their parameters.")

        @Argument(help: "The family file (JSON).")
        var family: String

        @Option(help: "Seed of the members (default: the family's training seed).")
        var seed: UInt64?

        @Option(help: "How many members (default: the family's member count).")
        var count: Int?

        @Flag(help: "Print one JSON object per member.")
        var json = false

        func run() throws {
            let family = try loadFamily(family)
            let seed = seed ?? family.seed
            let count = count ?? family.members
            guard count >= 0 else { throw CommandFailure("--count must be ≥ 0") }
            if !json {
                print(
                    "# \(family.name): base \(family.resolvedBasePath), seed \(seed), \(count) members; "
                        + family.parameters.map { "\($0.name) in [\($0.lower), \($0.upper)]" }.joined(separator: ", "))
                print(
                    ["member", "name"].map { $0.padding(toLength: $0 == "name" ? 28 : 8, withPad: " ", startingAt: 0) }
                        .joined()
                        + family.parameters.map { $0.name.padding(toLength: 22, withPad: " ", startingAt: 0) }.joined())
            }
            for i in 0..<count {
                let values = family.values(ofMember: i, seed: seed)
                if json {
                    let object: [String: Any] = [
                        "member": i, "seed": seed, "name": family.memberName(i, seed: seed),
                        "parameters": Dictionary(uniqueKeysWithValues: values.map { ($0.name, $0.value) })
                    ]
                    let data = try JSONSerialization.data(
                        withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
                    print(String(decoding: data, as: UTF8.self))
                } else {
                    print(
                        String(i).padding(toLength: 8, withPad: " ", startingAt: 0)
                            + family.memberName(i, seed: seed).padding(toLength: 28, withPad: " ", startingAt: 0)
                            + values.map { "\($0.value)".padding(toLength: 22, withPad: " ", startingAt: 0) }.joined())
                }
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a member as a problem file (JSON) that pinn solve accepts, or write it with --output.")

        @Argument(help: "The family file (JSON).")
        var family: String

        @Option(help: "The member's index.")
        var member: Int

        @Option(help: "Seed of the member (default: the family's training seed).")
        var seed: UInt64?

        @Option(name: .shortAndLong, help: "Write the problem file here (atomically) instead of printing it.")
        var output: String?

        func run() throws {
            let family = try loadFamily(family)
            guard member >= 0 else { throw CommandFailure("--member must be ≥ 0") }
            let problem: FamilyMember
            do {
                problem = try family.member(member, seed: seed)
            } catch {
                throw CommandFailure(error.description)
            }
            if let output {
                try createParentDirectory(of: output)
                try AtomicFile.write(problem.json + Data("\n".utf8), to: output)
                print("wrote \(output) (\(family.memberName(member, seed: seed)))")
            } else {
                print(String(decoding: problem.json, as: UTF8.self))
            }
        }
    }
}

/// Loads a family file with `overrides` (KEY.PATH=VALUE) applied, turning its errors into one-line
/// command failures.
func loadFamily(_ path: String, setting overrides: [String] = []) throws -> ProblemFamily {
    do {
        return try ProblemFamily.load(contentsOf: path, setting: overrides)
    } catch {
        throw CommandFailure(error.description)
    }
}
