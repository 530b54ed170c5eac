import Foundation
import XCTest

import struct PinnProblems.Expression

@testable import PinnProblems

final class ExpressionPrintingTests: XCTestCase {
    private let variables = ["x", "y", "t"]

    func testPrintingUsesMinimalParentheses() throws {
        let cases: [(String, String)] = [
            ("2*pi^2*sin(pi*x)*sin(pi*y)", "19.739208802178716*sin(pi*x)*sin(pi*y)"),
            ("-(x^2+y^2)^0.5", "-(x^2 + y^2)^0.5"),
            ("x - (y - t)", "x - (y - t)"),
            ("(x - y) - t", "x - y - t"),
            ("x / (y * t)", "x/(y*t)"),
            ("x^(y^t)", "x^y^t"),
            ("(x^y)^t", "(x^y)^t"),
            ("(-x)^2", "(-x)^2"),
            ("x^-y", "x^-y"),
            ("x*-2", "x*-2"),
            ("-(x*y)", "-(x*y)"),
            ("(-x)*y", "-x*y"),
            ("atan2(y, x) + min(x,t)", "atan2(y, x) + min(x, t)"),
            ("1e-3*exp(-t)", "0.001*exp(-t)"),
            ("2.5E+4 + x", "25000 + x"),
            ("x*e", "x*e"),
            ("1/0 + x", "(1/0) + x")
        ]
        for (text, printed) in cases {
            XCTAssertEqual(try Expression.parse(text, variables: variables).description, printed, text)
        }
    }

    func testPrintedRandomExpressionsReparseToIdenticalValues() throws {
        var trees = RandomExpressionTrees(variables: variables, generator: SplitMix64(seed: 2024))
        var points = SplitMix64(seed: 7)
        for _ in 0..<400 {
            let original = Expression(trees.tree(depth: 5), variables: variables)
            let printed = original.description
            let reparsed = try Expression.parse(printed, variables: variables)
            for _ in 0..<5 {
                let point = (0..<3).map { _ in Double.random(in: -2...2, using: &points) }
                let (a, b) = (original.evaluate(point), reparsed.evaluate(point))
                XCTAssertTrue(identical(a, b), "\(printed): \(a) before printing, \(b) after, at \(point)")
            }
            // Printing a parsed expression is a fixed point (compared as text: trees holding NaN
            // constants are never equal, as NaN is not equal to itself).
            XCTAssertEqual(
                try Expression.parse(reparsed.description, variables: variables).description,
                reparsed.description, printed)
        }
    }

    func testNumbersPrintExactly() throws {
        for value in [
            0.1, 1.0 / 3.0, -0.0, 6.02e23, Double.leastNonzeroMagnitude, 1e16, 123456789.123, -Double.pi, M_E,
            Double.greatestFiniteMagnitude, -.infinity
        ] {
            let printed = Expression.constant(value).description
            let reparsed = try Expression.parse(printed, variables: [])
            XCTAssertTrue(identical(reparsed.evaluate([]), value), "\(value) printed as \(printed)")
        }
        XCTAssertTrue(try Expression.parse(Expression.constant(.nan).description, variables: []).evaluate([]).isNaN)
    }
}
