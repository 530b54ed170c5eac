import Foundation
import XCTest

import struct PinnProblems.Expression

@testable import PinnProblems

final class ExpressionParsingTests: XCTestCase {
    private func value(
        _ text: String, _ values: [Double] = [], variables: [String] = [],
        parameters: [String: Double] = [:]
    ) throws -> Double {
        try Expression.parse(text, variables: variables, parameters: parameters).evaluate(values)
    }

    func testPowerIsRightAssociative() throws {
        XCTAssertEqual(try value("2^3^2"), 512)
        XCTAssertEqual(try value("(2^3)^2"), 64)
        XCTAssertEqual(try value("2^-1"), 0.5)
        XCTAssertEqual(try value("2^-1^2"), 0.5) // 2^(-(1^2))
    }

    func testPowerBindsTighterThanUnaryMinus() throws {
        XCTAssertEqual(try value("-2^2"), -4)
        XCTAssertEqual(try value("(-2)^2"), 4)
        XCTAssertEqual(try value("-x^2", [3], variables: ["x"]), -9)
        XCTAssertEqual(try value("--2"), 2)
        XCTAssertEqual(try value("+-+2"), -2)
    }

    func testUnaryMinusAfterBinaryOperator() throws {
        XCTAssertEqual(try value("2*-3"), -6)
        XCTAssertEqual(try value("2/-4"), -0.5)
        XCTAssertEqual(try value("1 - -1"), 2)
        XCTAssertEqual(try value("2*-x^2", [3], variables: ["x"]), -18)
    }

    func testSubtractionAndDivisionAreLeftAssociative() throws {
        XCTAssertEqual(try value("1-2-3"), -4)
        XCTAssertEqual(try value("8/2/2"), 2)
        XCTAssertEqual(try value("8/2*2"), 8)
        XCTAssertEqual(try value("1-2+3"), 2)
    }

    func testMultiplicationBindsTighterThanAddition() throws {
        XCTAssertEqual(try value("1+2*3"), 7)
        XCTAssertEqual(try value("(1+2)*3"), 9)
        XCTAssertEqual(try value("2*3^2"), 18)
        XCTAssertEqual(try value("1 + 2*3^2 - 4/2"), 17)
    }

    func testConstantsPiAndE() throws {
        XCTAssertEqual(try value("pi"), Double.pi)
        XCTAssertEqual(try value("e"), M_E)
        XCTAssertEqual(try value("-pi/2"), -Double.pi / 2)
        XCTAssertEqual(try value("e^x", [1], variables: ["x"]), pow(M_E, 1))
    }

    func testScientificNotation() throws {
        XCTAssertEqual(try value("1e-3"), 1e-3)
        XCTAssertEqual(try value("2.5E+4"), 2.5e4)
        XCTAssertEqual(try value("1E3"), 1000)
        XCTAssertEqual(try value("6.02e23"), 6.02e23)
        XCTAssertEqual(try value(".5"), 0.5)
        XCTAssertEqual(try value("5."), 5)
        XCTAssertEqual(try value("1e-3*exp(-t)", [0.5, 0, 2], variables: ["x", "y", "t"]), 1e-3 * exp(-2.0))
    }

    func testParametersAreSubstitutedAndFolded() throws {
        let parameters = ["a": 2.0 / 3.0, "b": 4.0 / 3.0]
        let lotkaVolterra = try Expression.parse("a*x - b*x*y", variables: ["x", "y"], parameters: parameters)
        let (a, b, x, y) = (2.0 / 3.0, 4.0 / 3.0, 0.9, 1.7)
        XCTAssertEqual(lotkaVolterra.evaluate([x, y]), a * x - b * x * y)
        XCTAssertEqual(try Expression.parse("a*b + 1", variables: [], parameters: parameters).constantValue, a * b + 1)
        XCTAssertEqual(try Expression.parse("2*pi^2", variables: ["x"]).constantValue, 2 * Double.pi * Double.pi)
    }

    func testExampleFromTheDesignNotes() throws {
        let f = try Expression.parse("2*pi^2*sin(pi*x)*sin(pi*y)", variables: ["x", "y"])
        let (x, y) = (0.3, -0.7)
        XCTAssertEqual(
            f.evaluate([x, y]), 2 * Double.pi * Double.pi * sin(Double.pi * x) * sin(Double.pi * y),
            accuracy: 1e-14)
        let cone = try Expression.parse("-(x^2+y^2)^0.5", variables: ["x", "y"])
        XCTAssertEqual(cone.evaluate([3, 4]), -5)
    }

    func testWhitespaceIsAllowedAnywhereBetweenTokens() throws {
        XCTAssertEqual(try value(" \t2 *\n x ^ 2 ", [3], variables: ["x"]), 18)
        XCTAssertEqual(try value("atan2 ( 1 , 1 )"), Double.pi / 4)
        XCTAssertEqual(try value("- ( 1 )"), -1)
    }

    func testVariablesAreReadByPosition() throws {
        let f = try Expression.parse("x - 10*t", variables: ["t", "y", "x"])
        XCTAssertEqual(f.evaluate([1, 100, 5]), -5)
        XCTAssertEqual(f.variables, ["t", "y", "x"])
    }

    func testExpressionIsAValueComparedByTree() throws {
        let a = try Expression.parse("x*(1+2)", variables: ["x"])
        let b = try Expression.parse("  x * 3 ", variables: ["x"])
        XCTAssertEqual(a, b) // same folded tree, different source text
        XCTAssertEqual(a.source, "x*(1+2)")
        XCTAssertNotEqual(a, try Expression.parse("x*3", variables: ["x", "y"]))
        XCTAssertEqual(a.root, .binary(.multiply, .variable("x"), .constant(3)))
    }

    func testAllConstantSubtreesAreFolded() throws {
        XCTAssertEqual(try Expression.parse("sin(pi/2) + max(1, 2)^3", variables: []).root, .constant(9))
        let f = try Expression.parse("x + 2*3", variables: ["x"])
        XCTAssertEqual(f.root, .binary(.add, .variable("x"), .constant(6)))
    }

    func testExpressionIsSendableAcrossTasks() async throws {
        let f = try Expression.parse("x^2", variables: ["x"])
        let value = await Task.detached { f.evaluate([3]) }.value
        XCTAssertEqual(value, 9)
    }
}
