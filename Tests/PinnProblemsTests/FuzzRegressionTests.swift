import PinnProblems
import XCTest

/// Inputs found by fuzzing the expression parser and the problem-file decoder (`scripts/fuzz.sh`)
/// or written to guard against what it looks for: crashes, hangs and unbounded memory.
final class FuzzRegressionTests: XCTestCase {
    /// A chain of operators nests without parentheses; a tree taller than the limit would make every
    /// recursive pass over it (compiling, printing, freeing) overflow the stack.
    func testLongOperatorChainsAreRejectedWithTheirColumn() {
        for op in ["+", "*", "-"] {
            let text = "x" + String(repeating: op + "x", count: 100_000)
            XCTAssertThrowsError(try Expression.parse(text, variables: ["x"])) { error in
                guard case .nestingTooDeep(let limit, let column, _) = error as? ExpressionError else {
                    return XCTFail("expected nestingTooDeep for '\(op)' chains, got \(error)")
                }
                XCTAssertEqual(limit, 1000)
                XCTAssertEqual(column, 2 * 1000, "the operator that would make the tree too tall")
            }
        }
    }

    /// `^` is right-associative: a chain recursed in the parser once per operator and overflowed the
    /// stack before the tree was built; it counts towards the nesting limit of parentheses.
    func testLongPowerChainsAreRejectedAtTheNestingLimit() {
        let text = "x" + String(repeating: "^x", count: 100_000)
        XCTAssertThrowsError(try Expression.parse(text, variables: ["x"])) { error in
            guard case .nestingTooDeep(let limit, let column, _) = error as? ExpressionError else {
                return XCTFail("expected nestingTooDeep, got \(error)")
            }
            XCTAssertEqual(limit, 200)
            XCTAssertEqual(column, 2 * 201)
        }
        XCTAssertEqual(try Expression.parse("2^3^2", variables: []).constantValue, 512)
    }

    func testChainsBelowTheHeightLimitParseAndEvaluate() throws {
        let sum = "x" + String(repeating: "+x", count: 998)
        XCTAssertEqual(try Expression.parse(sum, variables: ["x"]).evaluate([0.5]), 499.5)
        // Constants fold as they are read, so a long all-constant chain is a single number.
        let constants = "1" + String(repeating: "+1", count: 100_000)
        XCTAssertEqual(try Expression.parse(constants, variables: []).constantValue, 100_001)
    }

    /// Deep nesting inside a problem file is a `ProblemError` at the expression's JSON path, not a crash.
    func testDeepExpressionInAProblemFileIsAnError() {
        let source = "x" + String(repeating: "+x", count: 50_000)
        let json = """
            {"kind": "poisson", "domain": {"type": "rectangle", "lower": [0, 0], "upper": [1, 1]},
             "source": "\(source)", "boundary": [{"on": "all", "type": "dirichlet", "value": "0"}]}
            """
        XCTAssertThrowsError(try ProblemDocument.decode(json)) { error in
            XCTAssertEqual((error as? ProblemError)?.path, "source")
            XCTAssertTrue("\(error)".contains("nested deeper than 1000"), "\(error)")
        }
    }
}
