import XCTest

import struct PinnProblems.Expression

@testable import PinnProblems

final class ExpressionErrorTests: XCTestCase {
    /// The error parsing `text` throws (failing the test if it parses).
    private func error(
        _ text: String, variables: [String] = ["x", "y"],
        parameters: [String: Double] = [:],
        file: StaticString = #filePath, line: UInt = #line
    ) -> ExpressionError? {
        do {
            let e = try Expression.parse(text, variables: variables, parameters: parameters)
            XCTFail("'\(text)' parsed as \(e)", file: file, line: line)
            return nil
        } catch {
            return error
        }
    }

    func testUnknownFunctionPointsAtItsNameAndSuggestsTheClosest() {
        let source = "2*pi^2*sinn(pi*x)*sin(pi*y)"
        XCTAssertEqual(
            error(source),
            .unknownFunction("sinn", column: 8, allowed: FunctionSymbol.names, suggestion: "sin", source: source))
    }

    func testUnknownIdentifierListsAllowedNames() {
        let source = "a*x + q"
        XCTAssertEqual(
            error(source, parameters: ["a": 1]),
            .unknownIdentifier("q", column: 7, allowed: ["x", "y", "a", "pi", "e"], suggestion: nil, source: source))
    }

    func testUnexpectedCharacterColumn() {
        XCTAssertEqual(error("2 # 3"), .unexpectedCharacter("#", column: 3, source: "2 # 3"))
        XCTAssertEqual(error("x % 2")?.column, 3)
    }

    func testMalformedNumberColumn() {
        XCTAssertEqual(error("1.2.3 + x"), .invalidNumber("1.2.3", column: 1, source: "1.2.3 + x"))
        XCTAssertEqual(error("2*1e+"), .invalidNumber("1e+", column: 3, source: "2*1e+"))
    }

    func testUnclosedParenthesisPointsAtTheOpeningOne() {
        XCTAssertEqual(error("2*(x+1"), .unclosedParenthesis(column: 3, source: "2*(x+1"))
        XCTAssertEqual(error("((x+1)*y"), .unclosedParenthesis(column: 1, source: "((x+1)*y"))
        XCTAssertEqual(error("sin(x"), .unclosedParenthesis(column: 4, source: "sin(x"))
    }

    func testUnmatchedClosingParenthesisColumn() {
        XCTAssertEqual(error("(x+1))"), .unmatchedClosingParenthesis(column: 6, source: "(x+1))"))
    }

    func testUnexpectedEndOfInputColumnIsPastTheLastCharacter() {
        XCTAssertEqual(error("x*"), .unexpectedEndOfInput(expected: "an operand", column: 3, source: "x*"))
        XCTAssertEqual(error("x^ ")?.column, 4)
    }

    func testWrongArgumentCountPointsAtTheFunction() {
        XCTAssertEqual(
            error("1 + atan2(y)"),
            .wrongArgumentCount(function: "atan2", expected: 2, found: 1, column: 5, source: "1 + atan2(y)"))
        XCTAssertEqual(
            error("sin(x, y)"),
            .wrongArgumentCount(function: "sin", expected: 1, found: 2, column: 1, source: "sin(x, y)"))
        XCTAssertEqual(
            error("  min()"),
            .wrongArgumentCount(function: "min", expected: 2, found: 0, column: 3, source: "  min()"))
    }

    func testEmptyExpression() {
        XCTAssertEqual(error(""), .emptyExpression(source: ""))
        XCTAssertEqual(error(" \t "), .emptyExpression(source: " \t "))
    }

    func testImplicitMultiplicationIsAnUnexpectedToken() {
        guard case .unexpectedToken(let token, _, let column, _)? = error("2 x") else {
            return XCTFail("expected unexpectedToken")
        }
        XCTAssertEqual(token, "x")
        XCTAssertEqual(column, 3)
        guard case .unexpectedToken("(", _, 2, _)? = error("2(x+1)") else { return XCTFail() }
        guard case .unexpectedToken("*", _, 3, _)? = error("2**3") else { return XCTFail() }
        guard case .unexpectedToken(")", _, 2, _)? = error("()") else { return XCTFail() }
        guard case .unexpectedToken(",", _, 6, _)? = error("(x + ,y)") else { return XCTFail() }
    }

    func testVariableUsedAsFunction() {
        XCTAssertEqual(error("1 + x(y+1)"), .notAFunction("x", column: 5, source: "1 + x(y+1)"))
    }

    func testFunctionWithoutParentheses() {
        XCTAssertEqual(error("2 * sin x"), .missingArguments(function: "sin", column: 5, source: "2 * sin x"))
    }

    func testNestingTooDeep() {
        let text = String(repeating: "(", count: 300) + "x" + String(repeating: ")", count: 300)
        XCTAssertEqual(error(text), .nestingTooDeep(limit: 200, column: 201, source: text))
        let fine = String(repeating: "(", count: 150) + "x" + String(repeating: ")", count: 150)
        XCTAssertEqual(try Expression.parse(fine, variables: ["x"]).evaluate([2]), 2)
    }

    func testErrorsAreReportedInSourceOrder() {
        XCTAssertEqual(error("sinn(x) # 2")?.column, 1) // the unknown name, not the later '#'
    }

    func testInvalidVariableAndParameterNames() {
        guard case .invalidName("pi", _)? = error("x", variables: ["x", "pi"]) else { return XCTFail() }
        guard case .invalidName("x", _)? = error("x", variables: ["x", "x"]) else { return XCTFail() }
        guard case .invalidName("x", _)? = error("x", parameters: ["x": 1]) else { return XCTFail() }
        guard case .invalidName("sin", _)? = error("x", parameters: ["sin": 1]) else { return XCTFail() }
        guard case .invalidName("2a", _)? = error("x", parameters: ["2a": 1]) else { return XCTFail() }
    }

    func testDidYouMeanSuggestions() {
        func suggestion(_ text: String, parameters: [String: Double] = [:]) -> String? {
            switch error(text, parameters: parameters) {
            case .unknownFunction(_, _, _, let s, _)?, .unknownIdentifier(_, _, _, let s, _)?: return s
            default: return "(other error)"
            }
        }
        XCTAssertEqual(suggestion("sni(x)"), "sin") // transposition
        XCTAssertEqual(suggestion("Sin(x)"), "sin") // case
        XCTAssertEqual(suggestion("exo(x)"), "exp")
        XCTAssertEqual(suggestion("sqr(x)"), "sqrt")
        XCTAssertEqual(suggestion("tanhh(x)"), "tanh")
        XCTAssertEqual(suggestion("arctan2(y, x)"), "atan2")
        XCTAssertEqual(suggestion("xx + 1"), "x")
        XCTAssertEqual(suggestion("pii*x"), "pi")
        XCTAssertEqual(suggestion("alpah*x", parameters: ["alpha": 1]), "alpha")
        XCTAssertNil(suggestion("foo(x)"))
        XCTAssertNil(suggestion("q"))
    }

    func testDescriptionRendersLikeACompilerDiagnostic() {
        let lines = (error("2*pi^2*sinn(pi*x)")?.description ?? "").split(
            separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(
            Array(lines.prefix(3)),
            [
                "column 8: unknown function 'sinn' (did you mean 'sin'?)",
                "  2*pi^2*sinn(pi*x)",
                "         ^"
            ])
        XCTAssertTrue(lines.last?.hasPrefix("  known functions: sin, cos") ?? false)

        XCTAssertEqual(
            error("2*(x+1")?.description,
            """
            column 3: unbalanced parenthesis: this '(' is never closed
              2*(x+1
                ^
            """)
        XCTAssertEqual(
            error("x*")?.description,
            """
            column 3: unexpected end of expression; expected an operand
              x*
                ^
            """)
    }

    func testCaretStaysAlignedAfterTabs() {
        let lines = (error("\tx + #")?.description ?? "").split(separator: "\n")
        XCTAssertEqual(lines.last, "  \t    ^")
    }
}
