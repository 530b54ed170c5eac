import Foundation
import PinnNumerics
import PinnReference
import XCTest

/// The completed Richardson extrapolation (`RichardsonPair.completedExtrapolation`): the coarse
/// pair's correction carried to every fine node by cubic interpolation.
final class RichardsonCompletionTests: XCTestCase {
    /// A synthetic pair u_h = u + C h⁴ e, u_2h = u + C (2h)⁴ e at the nodes of nested grids
    /// (`fine` nodes per axis over [−1, 1]^d, the coarse grid every other node).
    func pair(fine: [Int], u: ([Double]) -> Double, e: ([Double]) -> Double) -> (RichardsonPair, exact: [Double]) {
        let coarse = fine.map { ($0 - 1) / 2 + 1 }
        let lower = fine.map { _ in -1.0 }, upper = fine.map { _ in 1.0 }
        let fineGrid = RectilinearGrid.uniform(lower: lower, upper: upper, counts: fine)
        let coarseGrid = RectilinearGrid.uniform(lower: lower, upper: upper, counts: coarse)
        let h = 2 / Double(fine[0] - 1), c = 3.0
        func solution(_ grid: RectilinearGrid, spacing: Double) -> [Double] {
            (0..<grid.pointCount).map {
                let x = grid.point(grid.index(ofFlat: $0))
                return u(x) + c * pow(spacing, 4) * e(x)
            }
        }
        let exact = (0..<fineGrid.pointCount).map { u(fineGrid.point(fineGrid.index(ofFlat: $0))) }
        return (
            RichardsonPair(
                fine: solution(fineGrid, spacing: h), finePoints: fine, coarse: solution(coarseGrid, spacing: 2 * h),
                coarsePoints: coarse, order: 4), exact
        )
    }

    /// The correction −C h⁴ e is interpolated exactly when e is cubic along each axis, so the
    /// completed extrapolation is u at every fine node (2-D and 3-D, an axis of 5 coarse nodes and
    /// one of exactly 4, where the stencil cannot be centred anywhere).
    func testCompletionIsExactWhenTheErrorIsCubicAlongEachAxis() {
        let u: ([Double]) -> Double = { x in sin(3 * x[0]) + x.reduce(0, +) }
        for (fine, e) in [
            ([9, 7], { (x: [Double]) in 1 + x[0] - 2 * x[0] * x[0] * x[1] + x[0] * x[0] * x[0] * x[1] * x[1] * x[1] }),
            ([7, 9, 9], { (x: [Double]) in 2 - x[0] * x[0] * x[0] + x[1] * x[2] * x[2] - x[0] * x[1] * x[2] })
        ] {
            let (pair, exact) = self.pair(fine: fine, u: u, e: e)
            let completed = pair.completedExtrapolation
            let size: Double = 3 * pow(2 / Double(fine[0] - 1), 4) // C h⁴, the size of the correction
            XCTAssertGreaterThan(RichardsonPair.relativeDistance(pair.fine, exact), 1e-5, "the pair has an error")
            for (k, (value, expected)) in zip(completed, exact).enumerated() {
                XCTAssertEqual(value, expected, accuracy: 1e-12 * size, "node \(k) of \(fine)")
            }
            // At the coarse nodes, the plain extrapolation.
            XCTAssertEqual(
                RichardsonPair.sample(completed, fine: fine, coarse: fine.map { ($0 - 1) / 2 + 1 }), pair.extrapolated)
        }
    }

    /// A correction that is not a cubic is interpolated to fourth order: the completed values'
    /// error falls 16-fold when h halves (e = sin 2x cos y: the interpolation error of C h⁴ e at the
    /// in-between nodes, O(h⁴ · H⁴)), i.e. eighth order in all.
    func testCompletionErrorIsFourthOrderInTheCoarseSpacingTimesTheCorrection() {
        let u: ([Double]) -> Double = { x in x[0] * x[1] }
        let e: ([Double]) -> Double = { x in sin(2 * x[0]) * cos(x[1]) }
        let errors = [17, 33, 65].map { n -> Double in
            let (pair, exact) = pair(fine: [n, n], u: u, e: e)
            return zip(pair.completedExtrapolation, exact).map { abs($0 - $1) }.max() ?? .nan
        }
        for (coarse, fine) in zip(errors, errors.dropFirst()) {
            XCTAssertEqual(log2(coarse / fine), 8, accuracy: 0.5, "errors \(errors)")
        }
    }

    /// Where a coarse node has no value (NaN, as outside a masked domain), the fine nodes beside it
    /// still get a correction from the finite neighbours (linear or one-sided), nodes whose cubic
    /// stencils miss it stay exact, and the node itself stays NaN.
    func testCompletionFallsBackBesideMissingValues() {
        let fine = [17, 17], coarse = [9, 9]
        let (full, exact) = pair(fine: fine, u: { $0[0] - $0[1] }, e: { x in 1 + x[0] + x[1] * x[1] })
        var fineValues = full.fine, coarseValues = full.coarse
        let hole = 4 + 9 * 4 // coarse node (4, 4), fine node (8, 8)
        coarseValues[hole] = .nan
        fineValues[8 + 17 * 8] = .nan
        let pair = RichardsonPair(
            fine: fineValues, finePoints: fine, coarse: coarseValues, coarsePoints: coarse, order: 4)
        let completed = pair.completedExtrapolation
        let size = 3 * pow(0.125, 4.0)
        for j in 0..<17 {
            for i in 0..<17 {
                let k = i + 17 * j
                if (i, j) == (8, 8) {
                    XCTAssertTrue(completed[k].isNaN)
                    continue
                }
                XCTAssertTrue(completed[k].isFinite, "(\(i), \(j))")
                // A fine node's cubic stencils reach coarse nodes within 2 of its own (i/2, j/2).
                let near = abs(i - 8) <= 4 && abs(j - 8) <= 4
                XCTAssertEqual(completed[k], exact[k], accuracy: (near ? 4 : 1e-12) * size, "(\(i), \(j))")
            }
        }
    }

    /// The compact scheme's pair on the Helmholtz example (Dirichlet): the completed extrapolation
    /// is sixth order in the max norm over every fine node, and the in-between nodes are no worse
    /// than the coarse nodes the plain extrapolation has.
    func testCompletedExtrapolationOfTheHelmholtzExampleIsSixthOrderAtEveryFineNode() throws {
        var everywhere: [Double] = [], atCoarseNodes: [Double] = []
        // From 33 coarse nodes on: with 17, sin 4πy has 2 coarse cells per half wave, too few for the
        // cubic (the in-between nodes' error was 2.7 × the coarse nodes').
        for n in [33, 65, 129] {
            let coarse = try solveFiniteDifference(CompactExamples.helmholtz(n))
            let fine = try solveFiniteDifference(CompactExamples.helmholtz(2 * n - 1))
            let pair = RichardsonPair(
                fine: fine.values, finePoints: fine.grid.counts, coarse: coarse.values,
                coarsePoints: coarse.grid.counts, order: 4)
            let exact = (0..<fine.grid.pointCount).map {
                CompactExamples.helmholtzExact(fine.grid.point(fine.grid.index(ofFlat: $0)))
            }
            let completed = pair.completedExtrapolation
            everywhere.append(zip(completed, exact).map { abs($0 - $1) }.max() ?? .nan)
            let exactAtCoarse = RichardsonPair.sample(exact, fine: fine.grid.counts, coarse: coarse.grid.counts)
            atCoarseNodes.append(zip(pair.extrapolated, exactAtCoarse).map { abs($0 - $1) }.max() ?? .nan)
        }
        print("completed Richardson, helmholtz.json: max errors \(everywhere), at the coarse nodes \(atCoarseNodes)")
        for (coarse, fine) in zip(everywhere, everywhere.dropFirst()) {
            XCTAssertEqual(log2(coarse / fine), 6, accuracy: 0.4, "errors \(everywhere)")
        }
        for (all, shared) in zip(everywhere, atCoarseNodes) { XCTAssertLessThan(all, 1.5 * shared) }
    }
}
