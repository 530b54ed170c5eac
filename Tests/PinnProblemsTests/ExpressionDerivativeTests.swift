import Foundation
import XCTest

import struct PinnProblems.Expression

@testable import PinnProblems

final class ExpressionDerivativeTests: XCTestCase {
    private let variables = ["x", "y", "z"]
    private let points: [[Double]] = [[0.7, 1.3, 0.4], [1.1, 0.6, 1.9], [0.35, 0.8, -0.6]]

    /// Together these use every operator and every function of the language.
    private let expressions = [
        "2*pi^2*sin(pi*x)*sin(pi*y)",
        "a*x - b*x*y + c*z",
        "-(x^2+y^2+z^2)^0.5",
        "1e-3*exp(-z)*cos(x*y)",
        "tan(x/2)*cos(y) + log(1 + x^2)",
        "asin(x/2) + acos(y/3) + atan(x*y*z)",
        "sinh(x)*cosh(y) - tanh(x - y*z)",
        "sqrt(1 + x^2 + y^2) / (2 + z^2)",
        "abs(x - 0.1) + sign(y)*x + abs(z - 2)*y",
        "atan2(y, x) + atan2(x*z, 1 + y^2)",
        "min(x, y^2) + max(x*y, z)",
        "pow(x, y) + x^x + 2^(y*z)",
        "exp(sin(x*y)) / (1 + z^2)^1.5",
        "log(x)*sqrt(y) - 1/x^3 + z/(x*y)"
    ]

    /// ∂f/∂v matches central differences with Richardson extrapolation to a relative error of
    /// 1e-8 (relative to max(|∂f/∂v|, 1), so derivatives that vanish are compared absolutely).
    func testDerivativesMatchRichardsonExtrapolatedCentralDifferences() throws {
        let parameters = ["a": 1.5, "b": -0.25, "c": 3]
        for text in expressions {
            let f = try Expression.parse(text, variables: variables, parameters: parameters)
            for (index, name) in variables.enumerated() {
                let derivative = f.derivative(withRespectTo: name)
                for point in points {
                    let exact = derivative.evaluate(point)
                    let numeric = richardsonDerivative(
                        { value in
                            var moved = point
                            moved[index] = value
                            return f.evaluate(moved)
                        }, at: point[index])
                    let error = abs(exact - numeric.value) / max(abs(exact), 1)
                    XCTAssertLessThanOrEqual(
                        error, 1e-8,
                        "d/d\(name) \(text) = \(derivative) at \(point): \(exact) vs \(numeric.value)")
                }
            }
        }
    }

    func testDerivativesAreSimplified() throws {
        func d(_ text: String, _ v: String = "x") throws -> String {
            try Expression.parse(text, variables: variables).derivative(withRespectTo: v).description
        }
        XCTAssertEqual(try d("3*x"), "3")
        XCTAssertEqual(try d("x^2"), "2*x")
        XCTAssertEqual(try d("x^3 + 1"), "3*x^2")
        XCTAssertEqual(try d("sin(x)"), "cos(x)")
        XCTAssertEqual(try d("sin(2*x)"), "2*cos(2*x)")
        XCTAssertEqual(try d("exp(-x)"), "-exp(-x)")
        XCTAssertEqual(try d("log(x)"), "1/x")
        XCTAssertEqual(try d("x*y"), "y")
        XCTAssertEqual(try d("sin(y)*z"), "0")
        XCTAssertEqual(try d("x", "w"), "0")
        XCTAssertEqual(try d("sin(pi*x)*sin(pi*y)"), "pi*cos(pi*x)*sin(pi*y)")
    }

    func testRepeatedDerivativesStaySmall() throws {
        var f = try Expression.parse("exp(sin(x))*x^2", variables: variables)
        for _ in 0..<4 { f = f.derivative(withRespectTo: "x") }
        XCTAssertLessThan(f.description.count, 2500, f.description)
    }

    func testGradientOfTheExactSolutionGivesNeumannData() throws {
        let u = try Expression.parse("sin(pi*x)*sin(pi*y)", variables: ["x", "y"])
        let gradient = u.gradient
        XCTAssertEqual(gradient.count, 2)
        let (x, y) = (0.25, 0.5)
        XCTAssertEqual(
            gradient[0].evaluate([x, y]), Double.pi * cos(Double.pi * x) * sin(Double.pi * y), accuracy: 1e-15)
        XCTAssertEqual(
            gradient[1].evaluate([x, y]), Double.pi * sin(Double.pi * x) * cos(Double.pi * y), accuracy: 1e-15)
    }

    func testLaplacianOfTheManufacturedSolutionIsTheSource() throws {
        let u = try Expression.parse("sin(pi*x)*sin(pi*y)", variables: ["x", "y", "t"])
        let f = try Expression.parse("2*pi^2*sin(pi*x)*sin(pi*y)", variables: ["x", "y", "t"])
        let laplacian = u.laplacian(over: ["x", "y"])
        for point in [[0.1, 0.2, 0], [0.7, -0.4, 1], [0.33, 0.91, 2]] {
            XCTAssertEqual(-laplacian.evaluate(point), f.evaluate(point), accuracy: 1e-13)
        }
    }
}
