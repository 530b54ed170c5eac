import Foundation
import PinnTestSupport
import XCTest

@testable import PinnProblems

final class ProblemFamilyTests: XCTestCase {
    private var temporary: TemporaryDirectory!
    private var directory: String { temporary.path }

    override func setUpWithError() throws {
        temporary = try TemporaryDirectory("family-tests")
        try write(
            "base.json",
            #"""
            {"name": "base", "kind": "poisson", "parameters": {"a": 1, "b": 2, "c": 0},
             "source": "sin(a*pi*x)*sin(b*pi*y) + c",
             "boundary": [{"on": "all", "type": "dirichlet", "value": "sin(a*pi*x)*sin(b*pi*y)/((a^2 + b^2)*pi^2)"}],
             "exact": "sin(a*pi*x)*sin(b*pi*y)/((a^2 + b^2)*pi^2)",
             "output": {"path": "Outputs/base.h5"}, "expect": {"relative_l2_vs_exact": 1e-2}}
            """#)
        try write(
            "lorenz.json",
            #"""
            {"kind": "ode", "states": ["u"], "rhs": {"u": "-u"}, "initial": {"u": 1}, "span": [0, 1],
             "observations": {"generate": {"count": 11, "times": "uniform"}}, "model": {"type": "pinn"}}
            """#)
    }

    override func tearDown() {
        temporary.remove()
    }

    private func write(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: directory + "/" + name))
    }

    /// Writes `json` as family.json beside base.json and loads it.
    private func family(_ json: String) throws -> ProblemFamily {
        try write("family.json", json)
        return try ProblemFamily.load(contentsOf: directory + "/family.json")
    }

    private func failure(_ json: String) -> ProblemError? {
        do {
            _ = try family(json)
            XCTFail("expected an error for \(json)")
            return nil
        } catch {
            XCTAssertTrue(error is ProblemError, "\(error)")
            return error as? ProblemError
        }
    }

    private let minimal = #"{"kind": "family", "base": "base.json", "parameters": {"b": [1, 4], "a": [2, 3]}}"#

    func testMinimalFamilyGetsDefaultsAndResolvesTheBaseBesideIt() throws {
        let f = try family(minimal)
        XCTAssertEqual(f.name, "family")
        XCTAssertEqual(f.resolvedBasePath, directory + "/base.json")
        XCTAssertEqual(f.base.name, "base")
        XCTAssertEqual(f.parameters.map(\.name), ["a", "b"], "parameters are drawn in name order")
        XCTAssertEqual(f.parameters[0], ProblemFamily.Parameter(name: "a", lower: 2, upper: 3))
        XCTAssertEqual(f.seed, 0)
        XCTAssertEqual(f.members, 128)
        XCTAssertEqual(f.metaTraining, ProblemFamily.MetaTrainingSettings())
        XCTAssertEqual(f.evaluationSeed, 1)
        XCTAssertEqual(f.metaOutputPath, "Outputs/family_meta.h5")
    }

    func testMembersAreDeterministicBySeedAndIndexAndLieInTheirRanges() throws {
        let f = try family(minimal)
        let again = try family(minimal)
        for i in 0..<50 {
            let v = f.values(ofMember: i)
            XCTAssertTrue(
                v.elementsEqual(again.values(ofMember: i), by: { $0 == $1 }), "member \(i) differs between loads")
            XCTAssertTrue((2..<3).contains(v[0].value) && (1..<4).contains(v[1].value), "\(v)")
        }
        XCTAssertEqual(try f.member(7), try again.member(7))
        // Other seeds and neighbouring indices give other values.
        let draws = Set((0..<50).flatMap { i in [0, 1].map { f.values(ofMember: i, seed: UInt64($0))[0].value } })
        XCTAssertEqual(draws.count, 100)
        // Uniform over the range: the mean of 2000 draws of a in [2, 3) is 2.5 ± 4σ (σ = 1/√(12·2000)).
        let mean = (0..<2000).map { f.values(ofMember: $0, seed: 9)[0].value }.reduce(0, +) / 2000
        XCTAssertEqual(mean, 2.5, accuracy: 4 / (12.0 * 2000).squareRoot())
    }

    func testMemberIsTheBaseProblemWithItsDrawnParametersBitForBit() throws {
        let f = try family(minimal)
        let m = try f.member(3, seed: 5)
        let values = f.values(ofMember: 3, seed: 5)
        XCTAssertEqual(m.problem.parameters, ["a": values[0].value, "b": values[1].value, "c": 0])
        XCTAssertEqual(m.problem.name, "family_s5_m3")
        XCTAssertEqual(m.problem.output.path, "Outputs/family_s5_m3.h5")
        XCTAssertTrue(m.problem.expect.isEmpty, "the base's expect does not carry over")
        // The written JSON is an ordinary problem file that decodes to the same problem.
        let decoded = try ProblemFile.decode(m.json, file: "member.json")
        XCTAssertEqual(decoded, m.problem)
        var base = f.base
        base.parameters = m.problem.parameters
        base.name = decoded.name
        base.output = decoded.output
        base.description = decoded.description
        base.expect = [:]
        XCTAssertEqual(decoded, base, "everything but parameters, name, output, description and expect is the base's")
    }

    func testExampleFamiliesLoadAndTheirMembersHaveExactSolutions() throws {
        let problems = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Problems")
        for name in ["poisson_family.json", "helmholtz_family.json"] {
            let f = try ProblemFamily.load(contentsOf: problems.appendingPathComponent(name).path)
            XCTAssertNotEqual(f.evaluationSeed, f.seed, name)
            for i in 0..<5 {
                let m = try f.member(i)
                XCTAssertNotNil(m.problem.exact, "\(name) member \(i)")
                XCTAssertTrue(ProblemFamily.isFamily(try Data(contentsOf: problems.appendingPathComponent(name))))
            }
        }
    }

    func testMistakesNameTheFileThePathAndWhatWasExpected() throws {
        let file = directory + "/family.json"
        let cases: [(json: String, file: String, path: String, phrase: String)] = [
            (
                #"{"kind": "family", "base": "base.json", "parameters": {"a": [1, 4]}, "seeed": 1}"#, file, "seeed",
                "did you mean 'seed'?"
            ),
            (
                #"{"kind": "poisson", "base": "base.json", "parameters": {"a": [1, 4]}}"#, file, "kind",
                #"expected "family""#
            ),
            (#"{"kind": "family", "parameters": {"a": [1, 4]}}"#, file, "base", "missing required key 'base'"),
            (#"{"kind": "family", "base": "base.json"}"#, file, "parameters", "missing required key 'parameters'"),
            (
                #"{"kind": "family", "base": "base.json", "parameters": {}}"#, file, "parameters",
                "at least one parameter"
            ),
            (
                #"{"kind": "family", "base": "base.json", "parameters": {"a": [4, 1]}}"#, file, "parameters.a",
                "lower < upper"
            ),
            (
                #"{"kind": "family", "base": "base.json", "parameters": {"a": [1, 2, 3]}}"#, file, "parameters.a",
                "expected [lower, upper], found 3 numbers"
            ),
            (
                #"{"kind": "family", "base": "base.json", "parameters": {"a": "1..4"}}"#, file, "parameters.a",
                "expected an array"
            ),
            (
                #"{"kind": "family", "base": "base.json", "parameters": {"k": [1, 4]}}"#, file, "parameters.k",
                "is not a parameter of the base problem"
            ),
            (
                #"{"kind": "family", "base": "missing.json", "parameters": {"a": [1, 4]}}"#, file, "base",
                "cannot read the base problem"
            ),
            (
                #"{"kind": "family", "base": "lorenz.json", "parameters": {"a": [1, 4]}}"#, file, "base",
                "is an ode problem"
            ),
            (
                #"{"kind": "family", "base": "family.json", "parameters": {"a": [1, 4]}}"#, file, "base",
                "is itself a family"
            ),
            (
                #"{"kind": "family", "base": "base.json", "parameters": {"a": [1, 4]}, "members": 0}"#, file, "members",
                "positive integer"
            ),
            (
                #"{"kind": "family", "base": "base.json", "parameters": {"a": [1, 4]}, "metaTraining": {"sparsity": 1}}"#,
                file,
                "metaTraining.sparsity", "expected a fraction in [0, 1)"
            ),
            (
                #"{"kind": "family", "base": "base.json", "parameters": {"a": [1, 4]}, "metaTraining": {"algorithm": "maml"}}"#,
                file,
                "metaTraining.algorithm", "expected reptile or fomaml"
            ),
            (
                #"{"kind": "family", "base": "base.json", "parameters": {"a": [1, 4]}, "metaTraining": {"innerStep": 3}}"#,
                file,
                "metaTraining.innerStep", "did you mean 'innerSteps'?"
            ),
            (
                #"{"kind": "family", "base": "base.json", "parameters": {"a": [1, 4]}, "evaluation": {"seed": 0}}"#,
                file,
                "evaluation.seed", "a seed other than the training seed 0"
            ),
            (
                #"{"kind": "family", "base": "base.json", "parameters": {"a": [1, 4]}, "evaluation": {"reportSteps": [1, 5000]}}"#,
                file,
                "evaluation.reportSteps[1]", "between 1 and maxSteps (2000)"
            )
        ]
        for c in cases {
            guard let error = failure(c.json) else { continue }
            XCTAssertEqual(error.file, c.file, c.json)
            XCTAssertEqual(error.path, c.path, "\(c.json): \(error)")
            XCTAssertTrue(error.message.contains(c.phrase), "\(c.json): \(error)")
        }
        // A mistake inside the base problem is reported in the base file.
        try write("base.json", #"{"kind": "poisson", "source": "sin(q*x)", "parameters": {"a": 1}}"#)
        let error = failure(minimal.replacingOccurrences(of: #""b": [1, 4], "#, with: ""))
        XCTAssertEqual(error?.file, directory + "/base.json")
        XCTAssertEqual(error?.path, "source")
    }

    func testAProblemDocumentRefusesAFamilyPointingToTheFamilyCommands() throws {
        try write("family.json", minimal)
        XCTAssertThrowsError(try ProblemDocument.load(contentsOf: directory + "/family.json")) { error in
            XCTAssertEqual((error as? ProblemError)?.path, "kind")
            XCTAssertTrue("\(error)".contains("pinn family show"), "\(error)")
        }
    }
}
