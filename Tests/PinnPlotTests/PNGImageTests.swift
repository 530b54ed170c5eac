import CPNG
import Foundation
import PinnTestSupport
import XCTest

@testable import PinnPlot

final class PNGImageTests: XCTestCase {
    private var temporary: TemporaryDirectory!
    private var directory: String { temporary.path }

    override func setUpWithError() throws {
        temporary = try TemporaryDirectory("plot-tests")
    }

    override func tearDown() {
        temporary.remove()
    }

    /// Every pixel survives a write and a read back through libpng, and the file is a PNG with
    /// the canvas's size in its header.
    func testRoundTripThroughLibpngIsExact() throws {
        var canvas = Canvas(width: 37, height: 23)
        var state: UInt32 = 12345
        for y in 0..<23 {
            for x in 0..<37 {
                state = state &* 1_664_525 &+ 1_013_904_223
                canvas[x, y] = RGB(UInt8(state >> 24), UInt8((state >> 16) & 0xFF), UInt8((state >> 8) & 0xFF))
            }
        }
        let path = directory + "/noise.png"
        try PNGImage.write(canvas, to: path)
        let bytes = try XCTUnwrap(FileManager.default.contents(atPath: path))
        XCTAssertEqual(Array(bytes.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        // IHDR: width and height as big-endian 32-bit integers at bytes 16..<24.
        XCTAssertEqual(Array(bytes[16..<24]), [0, 0, 0, 37, 0, 0, 0, 23])
        let back = try PNGImage.read(path)
        XCTAssertEqual(back.width, 37)
        XCTAssertEqual(back.height, 23)
        XCTAssertEqual(back.pixels, canvas.pixels)
        // Written atomically: no temporary left beside it.
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), ["noise.png"])
    }

    func testWritingIntoAMissingDirectoryFailsAndLeavesNothing() {
        let path = directory + "/missing/plot.png"
        XCTAssertThrowsError(try PNGImage.write(Canvas(width: 4, height: 4), to: path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
    }

    func testReadingANonPNGNamesTheFile() throws {
        let path = directory + "/not.png"
        try Data("hello".utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try PNGImage.read(path)) { error in
            XCTAssertTrue("\(error)".contains(path), "\(error)")
        }
    }
}
