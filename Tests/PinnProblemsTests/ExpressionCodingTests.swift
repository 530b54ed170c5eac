import Foundation
import XCTest

import struct PinnProblems.Expression

@testable import PinnProblems

final class ExpressionCodingTests: XCTestCase {
    private struct Problem: Codable, Equatable {
        var source: ExpressionSource
        var exact: ExpressionSource
    }

    func testExpressionSourceDecodesStringsAndNumbersAndKeepsTheText() throws {
        let json = #"{"source": "2*k^2*sin(k*x)", "exact": 0}"#
        let problem = try JSONDecoder().decode(Problem.self, from: Data(json.utf8))
        XCTAssertEqual(problem.source.text, "2*k^2*sin(k*x)")
        XCTAssertEqual(problem.exact.text, "0")
        let again = try JSONDecoder().decode(Problem.self, from: JSONEncoder().encode(problem))
        XCTAssertEqual(again, problem)
        let f = try problem.source.bind(variables: ["x"], parameters: ["k": 2])
        XCTAssertEqual(f.evaluate([0.25]), 8 * sin(0.5))
    }

    func testExpressionEncodesAsItsPrintedText() throws {
        let f = try Expression.parse("a*x - b*x*y", variables: ["x", "y"], parameters: ["a": 2, "b": 0.5])
        let data = try JSONEncoder().encode([f])
        XCTAssertEqual(String(decoding: data, as: UTF8.self), #"["2*x - 0.5*x*y"]"#)

        let decoder = JSONDecoder()
        decoder.userInfo[.expressionVariables] = ["x", "y"]
        XCTAssertEqual(try decoder.decode([Expression].self, from: data), [f])
    }

    func testDecodingNeedsVariablesAndReportsParseErrors() throws {
        let data = Data(#"["sinn(x)"]"#.utf8)
        XCTAssertThrowsError(try JSONDecoder().decode([Expression].self, from: data)) { error in
            guard case DecodingError.dataCorrupted = error else { return XCTFail("\(error)") }
        }
        let decoder = JSONDecoder()
        decoder.userInfo[.expressionVariables] = ["x"]
        XCTAssertThrowsError(try decoder.decode([Expression].self, from: data)) { error in
            guard case DecodingError.dataCorrupted(let context) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(context.underlyingError is ExpressionError)
            XCTAssertTrue(context.debugDescription.contains("did you mean 'sin'?"))
        }
    }
}
