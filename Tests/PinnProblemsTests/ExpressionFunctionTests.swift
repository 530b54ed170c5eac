import Foundation
import XCTest

import struct PinnProblems.Expression

@testable import PinnProblems

final class ExpressionFunctionTests: XCTestCase {
    private let samples: [Double] = [-2.5, -0.75, -0.1, 0, 0.3, 0.9, 1.7, 4.2]

    private func assertMatches(
        _ name: String, _ reference: (Double) -> Double,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let f = try Expression.parse("\(name)(x)", variables: ["x"])
        for x in samples {
            XCTAssertTrue(
                identical(f.evaluate([x]), reference(x)),
                "\(name)(\(x)) = \(f.evaluate([x])), Foundation gives \(reference(x))",
                file: file, line: line)
        }
    }

    func testEveryFunctionOfOneArgumentMatchesFoundation() throws {
        try assertMatches("sin", sin)
        try assertMatches("cos", cos)
        try assertMatches("tan", tan)
        try assertMatches("asin", asin)
        try assertMatches("acos", acos)
        try assertMatches("atan", atan)
        try assertMatches("sinh", sinh)
        try assertMatches("cosh", cosh)
        try assertMatches("tanh", tanh)
        try assertMatches("exp", exp)
        try assertMatches("log", log)
        try assertMatches("sqrt", sqrt)
        try assertMatches("abs", fabs)
        try assertMatches("sign") { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }
    }

    func testEveryFunctionOfTwoArgumentsMatchesFoundation() throws {
        let pairs: [(Double, Double)] = [(1, 1), (-1, 0.5), (0.3, -2), (-0.4, -0.7), (2, 0), (0, -1)]
        let reference: [(String, (Double, Double) -> Double)] = [
            ("atan2", atan2), ("min", fmin), ("max", fmax), ("pow", pow)
        ]
        for (name, function) in reference {
            let f = try Expression.parse("\(name)(x, y)", variables: ["x", "y"])
            for (x, y) in pairs {
                XCTAssertTrue(identical(f.evaluate([x, y]), function(x, y)), "\(name)(\(x), \(y))")
            }
        }
    }

    func testPowerOperatorMatchesPowAndSquaresExactly() throws {
        let f = try Expression.parse("x^y", variables: ["x", "y"])
        XCTAssertEqual(f.evaluate([1.3, 2.7]), pow(1.3, 2.7))
        XCTAssertEqual(f.evaluate([2, 0.5]), sqrt(2))
        let square = try Expression.parse("x^2", variables: ["x"])
        XCTAssertEqual(square.evaluate([1.1]), 1.1 * 1.1)
        XCTAssertEqual(try Expression.parse("pow(x, 2)", variables: ["x"]), square)
    }

    func testMinAndMaxIgnoreASingleNaNLikeFminAndFmax() throws {
        let f = try Expression.parse("min(x, 1) + max(x, 2)", variables: ["x"])
        XCTAssertEqual(f.evaluate([.nan]), 3)
    }
}
