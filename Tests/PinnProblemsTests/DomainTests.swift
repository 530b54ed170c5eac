import PinnNumerics
import XCTest

@testable import PinnProblems

final class DomainTests: XCTestCase {
    private let lShape = Domain.polygon(vertices: [[-1, -1], [1, -1], [1, 0], [0, 0], [0, 1], [-1, 1]])
    private let disk = Domain.ball(center: [0.5, -0.25], radius: 0.75)
    private let rect = Domain.rectangle(lower: [0, -1], upper: [2, 1])
    private let cube = Domain.box(lower: [0, 0, 0], upper: [1, 2, 3])
    private let line = Domain.interval(lower: -1, upper: 3)

    private func sources() -> [PointSource] {
        [.uniform(SeededGenerator(seed: 42)), .halton(HaltonSequence(dimension: 4, shiftSeed: 9))]
    }

    private func mean(_ pts: [[Double]]) -> [Double] {
        let d = pts[0].count
        return (0..<d).map { k in pts.reduce(0) { $0 + $1[k] } / Double(pts.count) }
    }

    private func segmentDistance(_ p: [Double], _ a: [Double], _ b: [Double]) -> Double {
        let dx = b[0] - a[0], dy = b[1] - a[1]
        let t = max(0, min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)))
        return hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)
    }

    // MARK: geometry

    func testContainsForEveryKindIncludingLShape() {
        XCTAssertTrue(line.contains([-1])); XCTAssertTrue(line.contains([2])); XCTAssertFalse(line.contains([3.1]))
        XCTAssertTrue(rect.contains([1, 0])); XCTAssertTrue(rect.contains([2, 1]));
        XCTAssertFalse(rect.contains([1, 1.5]))
        XCTAssertTrue(cube.contains([0.5, 1.9, 2.9])); XCTAssertFalse(cube.contains([0.5, 2.1, 1]))
        XCTAssertFalse(cube.contains([0.5, 1])) // wrong dimension
        XCTAssertTrue(disk.contains([0.5, -0.25])); XCTAssertTrue(disk.contains([1.2, -0.25]))
        XCTAssertFalse(disk.contains([1.3, 0.4]))
        XCTAssertTrue(lShape.contains([-0.5, -0.5])); XCTAssertTrue(lShape.contains([0.5, -0.5]))
        XCTAssertTrue(lShape.contains([-0.5, 0.5])); XCTAssertFalse(lShape.contains([0.5, 0.5]))
        XCTAssertTrue(lShape.contains([0, 0])); XCTAssertTrue(lShape.contains([0.5, 0])) // on edges
        XCTAssertFalse(lShape.contains([1.5, -0.5])); XCTAssertFalse(lShape.contains([-0.5, 1.01]))
    }

    func testMeasuresAreLengthAreaVolumeAndShoelace() {
        XCTAssertEqual(line.measure, 4)
        XCTAssertEqual(rect.measure, 4)
        XCTAssertEqual(cube.measure, 6)
        XCTAssertEqual(disk.measure, Double.pi * 0.5625, accuracy: 1e-14)
        XCTAssertEqual(Domain.ball(center: [0, 0, 0], radius: 2).measure, 32 * Double.pi / 3, accuracy: 1e-12)
        XCTAssertEqual(lShape.measure, 3, accuracy: 1e-14)
        XCTAssertEqual(lShape.dimension, 2); XCTAssertEqual(cube.dimension, 3); XCTAssertEqual(line.dimension, 1)
        XCTAssertEqual(disk.boundingBox.lower, [-0.25, -1]); XCTAssertEqual(disk.boundingBox.upper, [1.25, 0.5])
        XCTAssertEqual(lShape.boundingBox.lower, [-1, -1]); XCTAssertEqual(lShape.boundingBox.upper, [1, 1])
    }

    func testBoundaryPartsListFacesEdgesOrAll() {
        XCTAssertEqual(line.boundaryParts(), [.left, .right])
        XCTAssertEqual(rect.boundaryParts(), [.left, .right, .bottom, .top])
        XCTAssertEqual(cube.boundaryParts(), [.left, .right, .bottom, .top, .front, .back])
        XCTAssertEqual(disk.boundaryParts(), [.all])
        XCTAssertEqual(lShape.boundaryParts(), (0..<6).map { .edge($0) })
    }

    // MARK: rules problem files enforce on their domains

    /// The domains above as problem-file JSON.
    private let lineJSON = #"{"type": "interval", "lower": -1, "upper": 3}"#
    private let rectJSON = #"{"type": "rectangle", "lower": [0, -1], "upper": [2, 1]}"#
    private let cubeJSON = #"{"type": "box", "lower": [0, 0, 0], "upper": [1, 2, 3]}"#
    private let diskJSON = #"{"type": "disk", "center": [0.5, -0.25], "radius": 0.75}"#
    private let lShapeJSON = #"{"type": "polygon", "vertices": [[-1, -1], [1, -1], [1, 0], [0, 0], [0, 1], [-1, 1]]}"#

    /// Decodes a Poisson problem on `domain` (JSON) with Dirichlet conditions on `parts`.
    private func decode(_ domain: String, on parts: [String] = ["all"]) throws -> ProblemFile {
        let boundary = parts.map { #"{"on": "\#($0)"}"# }.joined(separator: ", ")
        return try ProblemFile.decode(
            #"{"kind": "poisson", "source": 1, "domain": \#(domain), "boundary": [\#(boundary)]}"#,
            file: "domain.json")
    }

    /// The `ProblemError` decoding throws, or a failure.
    private func decodingError(
        _ domain: String, on parts: [String] = ["all"],
        file: StaticString = #filePath, line: UInt = #line
    ) -> ProblemError? {
        do {
            _ = try decode(domain, on: parts)
            XCTFail("expected an error for \(domain) on \(parts)", file: file, line: line)
        } catch let error as ProblemError {
            return error
        } catch {
            XCTFail("expected a ProblemError, got \(error)", file: file, line: line)
        }
        return nil
    }

    func testProblemFilesRejectBoundaryPartsTheDomainDoesNotHave() throws {
        let top = decodingError(lineJSON, on: ["top"])
        XCTAssertEqual(
            top?.description,
            "domain.json: boundary[0].on: the interval domain has no boundary part 'top' "
                + "(expected all, left or right)")
        let edge = decodingError(lShapeJSON, on: ["edge:7"])
        XCTAssertEqual(
            edge?.description,
            "domain.json: boundary[0].on: the polygon domain has no boundary part 'edge:7' "
                + "(expected all or edge:0 … edge:5)")
        for (domain, part) in [
            (lShapeJSON, "left"), (diskJSON, "left"), (rectJSON, "front"), (cubeJSON, "edge:0"),
            (lineJSON, "edge:0")
        ] {
            XCTAssertEqual(decodingError(domain, on: ["all", part])?.path, "boundary[1].on", "\(domain) \(part)")
        }
        XCTAssertNoThrow(try decode(lShapeJSON, on: ["all", "edge:5"]))
        XCTAssertNoThrow(try decode(cubeJSON, on: ["all", "back"]))
        XCTAssertNoThrow(try decode(rectJSON, on: ["left", "right", "bottom", "top"]))
        for d in [lineJSON, rectJSON, cubeJSON, diskJSON, lShapeJSON] {
            XCTAssertNoThrow(try decode(d, on: ["all"]), d)
        }
    }

    func testProblemFilesRequireAConditionOnEveryPart() {
        let e = decodingError(rectJSON, on: ["left", "top"])
        XCTAssertEqual(e?.path, "boundary")
        XCTAssertTrue(
            e?.message.hasPrefix("no boundary condition on right, bottom of the rectangle domain") ?? false,
            "\(String(describing: e))")
        XCTAssertEqual(decodingError(lShapeJSON, on: (0..<5).map { "edge:\($0)" })?.path, "boundary")
    }

    func testProblemFilesRejectDegenerateGeometry() throws {
        XCTAssertEqual(decodingError(#"{"type": "interval", "lower": 1, "upper": 1}"#)?.path, "domain.upper")
        XCTAssertEqual(decodingError(#"{"type": "rectangle", "lower": [0, 0], "upper": [1]}"#)?.path, "domain.upper")
        XCTAssertEqual(
            decodingError(#"{"type": "rectangle", "lower": [0, 1], "upper": [1, 0]}"#)?.path, "domain.upper[1]")
        XCTAssertEqual(decodingError(#"{"type": "disk", "center": [0, 0], "radius": 0}"#)?.path, "domain.radius")
        XCTAssertEqual(decodingError(#"{"type": "ball", "center": [0, 0, 0], "radius": -1}"#)?.path, "domain.radius")
        XCTAssertEqual(decodingError(#"{"type": "polygon", "vertices": [[0, 0], [1, 1]]}"#)?.path, "domain.vertices")
        XCTAssertEqual(
            decodingError(#"{"type": "polygon", "vertices": [[0, 0], [1, 1], [2, 2]]}"#)?.path, "domain.vertices")
        XCTAssertEqual(
            decodingError(#"{"type": "polygon", "vertices": [[0, 0], [1, 1], [1]]}"#)?.path, "domain.vertices[2]")
        // Clockwise vertices are accepted (DomainSpec): the area and the outward normals do not depend on the order.
        let clockwise = try decode(#"{"type": "polygon", "vertices": [[0, 0], [0, 1], [1, 0]]}"#)
        XCTAssertEqual(try XCTUnwrap(Domain(clockwise.domain)).measure, 0.5, accuracy: 1e-15)
        for d in [lineJSON, rectJSON, cubeJSON, diskJSON, lShapeJSON] { XCTAssertNoThrow(try decode(d), d) }
        XCTAssertEqual(Domain(try decode(lShapeJSON).domain), lShape)
        XCTAssertEqual(Domain(try decode(diskJSON).domain), disk)
    }

    // MARK: interior sampling

    func testInteriorSamplesAreInsideAndMeanIsCentroid() {
        let cases: [(Domain, [Double])] = [
            (line, [1]), (rect, [1, 0]), (cube, [0.5, 1, 1.5]), (disk, [0.5, -0.25]),
            (lShape, [-1.0 / 6, -1.0 / 6]), (Domain.ball(center: [1, 2, 3], radius: 1), [1, 2, 3])
        ]
        for (domain, centroid) in cases {
            for var source in sources() {
                let pts = domain.sampleInterior(count: 4000, using: &source)
                XCTAssertEqual(pts.count, 4000)
                XCTAssertTrue(pts.allSatisfy { domain.contains($0) }, "\(domain)")
                let m = mean(pts)
                for k in centroid.indices {
                    XCTAssertEqual(m[k], centroid[k], accuracy: 0.03, "\(domain) coordinate \(k)")
                }
            }
        }
    }

    func testResamplingWithANewSeedGivesNewPoints() {
        var a = PointSource.halton(HaltonSequence(dimension: 2, shiftSeed: 1))
        var b = PointSource.halton(HaltonSequence(dimension: 2, shiftSeed: 2))
        XCTAssertNotEqual(lShape.sampleInterior(count: 10, using: &a), lShape.sampleInterior(count: 10, using: &b))
    }

    // MARK: boundary sampling

    func testBoundarySamplesLieOnTheBoundaryOfTheirPart() {
        for var source in sources() {
            for s in rect.sampleBoundary(count: 500, using: &source) + cube.sampleBoundary(count: 500, using: &source) {
                let box: (lower: [Double], upper: [Double]) = s.point.count == 2 ? rect.boundingBox : cube.boundingBox
                let (axis, bound): (Int, [Double]) = {
                    switch s.part {
                    case .left: return (0, box.lower)
                    case .right: return (0, box.upper)
                    case .bottom: return (1, box.lower)
                    case .top: return (1, box.upper)
                    case .front: return (2, box.lower)
                    default: return (2, box.upper)
                    }
                }()
                XCTAssertEqual(s.point[axis], bound[axis], accuracy: 1e-12)
                XCTAssertTrue(
                    s.point.indices.allSatisfy { s.point[$0] >= box.lower[$0] && s.point[$0] <= box.upper[$0] })
            }
            for s in disk.sampleBoundary(count: 500, using: &source) {
                XCTAssertEqual(hypot(s.point[0] - 0.5, s.point[1] + 0.25), 0.75, accuracy: 1e-12)
                XCTAssertEqual(s.part, .all)
            }
            guard case .polygon(let v) = lShape else { return }
            for s in lShape.sampleBoundary(count: 1000, using: &source) {
                guard case .edge(let i) = s.part else { return XCTFail("polygon part \(s.part)") }
                XCTAssertLessThan(segmentDistance(s.point, v[i], v[(i + 1) % 6]), 1e-12)
            }
            let ends = line.sampleBoundary(count: 100, using: &source)
            XCTAssertTrue(
                ends.allSatisfy {
                    ($0.point == [-1] && $0.normal == [-1] && $0.part == .left)
                        || ($0.point == [3] && $0.normal == [1] && $0.part == .right)
                })
            XCTAssertEqual(Double(ends.filter { $0.part == .left }.count), 50, accuracy: 12)
        }
    }

    func testBoundaryNormalsAreUnitAndOutward() {
        let eps = 1e-6
        for domain in [rect, cube, disk, lShape, Domain.ball(center: [0, 0, 0], radius: 1)] {
            for var source in sources() {
                for s in domain.sampleBoundary(count: 1000, using: &source) {
                    let norm = s.normal.reduce(0) { $0 + $1 * $1 }.squareRoot()
                    XCTAssertEqual(norm, 1, accuracy: 1e-12)
                    XCTAssertFalse(domain.contains(zip(s.point, s.normal).map { $0 + eps * $1 }), "\(domain) \(s)")
                    XCTAssertTrue(domain.contains(zip(s.point, s.normal).map { $0 - eps * $1 }), "\(domain) \(s)")
                }
            }
        }
        for var source in sources() {
            for s in disk.sampleBoundary(count: 100, using: &source) {
                XCTAssertEqual(s.normal[0], (s.point[0] - 0.5) / 0.75, accuracy: 1e-12)
                XCTAssertEqual(s.normal[1], (s.point[1] + 0.25) / 0.75, accuracy: 1e-12)
            }
        }
    }

    func testBoundaryPartFractionsMatchPerimeterShares() {
        let n = 8000
        let cases: [(Domain, [BoundaryPart: Double])] = [
            (
                lShape,
                [
                    .edge(0): 2.0 / 8, .edge(1): 1.0 / 8, .edge(2): 1.0 / 8, .edge(3): 1.0 / 8,
                    .edge(4): 1.0 / 8, .edge(5): 2.0 / 8
                ]
            ),
            (rect, [.left: 0.25, .right: 0.25, .bottom: 0.25, .top: 0.25]),
            // faces of [0,1]×[0,2]×[0,3]: 6, 6, 3, 3, 2, 2 (total 22)
            (
                cube,
                [
                    .left: 6.0 / 22, .right: 6.0 / 22, .bottom: 3.0 / 22, .top: 3.0 / 22,
                    .front: 2.0 / 22, .back: 2.0 / 22
                ]
            )
        ]
        for (domain, shares) in cases {
            for var source in sources() {
                let samples = domain.sampleBoundary(count: n, using: &source)
                for (part, share) in shares {
                    let fraction = Double(samples.filter { $0.part == part }.count) / Double(n)
                    XCTAssertEqual(fraction, share, accuracy: 0.015, "\(domain) \(part)")
                }
            }
        }
    }
}
