import PinnIO
import XCTest

/// Inputs that libFuzzer found (`scripts/fuzz.sh`), each once a crash, a hang or an unbounded
/// allocation, now a `GmshError` naming the line.
final class FuzzRegressionTests: XCTestCase {
    /// A count of physical tags far beyond the file's size was allocated before it was read
    /// (`(0..<count).map` reserves `count` elements): malloc(15601323120) in the fuzzer.
    func testHugePhysicalTagCountIsMalformedNotAnAllocation() {
        let text = MeshFixtures.square(replacingLine: 12, with: "1 0 0 0 1 1 0 1950165386 1")
        XCTAssertThrowsError(try SimplexMesh.parseGmsh(text, file: "oom.msh")) { error in
            guard let error = error as? GmshError, case .malformed(let message) = error.reason else {
                return XCTFail("expected a malformed-file GmshError, got \(error)")
            }
            XCTAssertEqual(error.line, 12)
            XCTAssertTrue(message.contains("1950165386"), message)
        }
    }

    /// `$Nodes` announcing 2^62 nodes reserved room for them all.
    func testHugeNodeCountIsMalformedNotAnAllocation() {
        let text = MeshFixtures.square(replacingLine: 15, with: "1 4611686018427387904 1 4")
        XCTAssertThrowsError(try SimplexMesh.parseGmsh(text, file: "oom.msh")) { error in
            guard let error = error as? GmshError, case .malformed = error.reason else {
                return XCTFail("expected a malformed-file GmshError, got \(error)")
            }
            XCTAssertEqual(error.line, 15)
        }
    }
}
