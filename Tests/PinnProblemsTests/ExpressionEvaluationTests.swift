import Foundation
import XCTest

import struct PinnProblems.Expression

@testable import PinnProblems

final class ExpressionEvaluationTests: XCTestCase {
    private let variables = ["x", "y", "t"]

    func testBatchEvaluationEqualsSinglePointEvaluation() throws {
        var trees = RandomExpressionTrees(variables: variables, generator: SplitMix64(seed: 99))
        var random = SplitMix64(seed: 5)
        let columns = 150, rows = 3 // two full blocks of 64 and a partial one
        let points = (0..<(rows * columns)).map { _ in Double.random(in: -3...3, using: &random) }
        var output: [Double] = []
        for index in 0..<200 {
            let f =
                index == 0
                ? try Expression.parse("2*pi^2*sin(pi*x)*sin(pi*y)*exp(-t)", variables: variables)
                : Expression(trees.tree(depth: 5), variables: variables)
            f.evaluate(columns: columns, rows: rows, points, into: &output)
            XCTAssertEqual(output.count, columns)
            for j in 0..<columns {
                let single = f.evaluate(Array(points[(j * rows)..<((j + 1) * rows)]))
                XCTAssertTrue(identical(output[j], single), "\(f) at point \(j)")
            }
        }
    }

    func testBatchEvaluationIgnoresExtraRows() throws {
        let f = try Expression.parse("x - y", variables: ["x", "y"])
        let points: [Double] = [1, 2, 100, 5, 3, 200] // rows x, y, unused
        var output = [Double](repeating: 0, count: 2)
        points.withUnsafeBufferPointer { f.evaluate(columns: 2, rows: 3, $0, into: &output) }
        XCTAssertEqual(output, [-1, 2])
    }

    func testCompiledProgramEqualsTreeEvaluation() throws {
        var trees = RandomExpressionTrees(variables: variables, generator: SplitMix64(seed: 31))
        var random = SplitMix64(seed: 8)
        for _ in 0..<300 {
            let tree = trees.tree(depth: 6)
            let f = Expression(tree, variables: variables)
            let point = (0..<3).map { _ in Double.random(in: -2...2, using: &random) }
            let named = Dictionary(uniqueKeysWithValues: zip(variables, point))
            XCTAssertTrue(identical(f.evaluate(point), tree.value(at: named)), "\(tree)")
        }
    }

    func testExpressionWithoutVariablesEvaluates() throws {
        let f = try Expression.parse("sqrt(2)", variables: [])
        XCTAssertEqual(f.evaluate([]), sqrt(2.0))
        var output: [Double] = []
        f.evaluate(columns: 3, rows: 0, [Double](), into: &output)
        XCTAssertEqual(output, [sqrt(2.0), sqrt(2.0), sqrt(2.0)])
    }
}
