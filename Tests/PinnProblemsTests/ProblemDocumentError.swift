import PinnProblems
import XCTest

/// The error decoding `json` as a problem document (named p.json) gives; a test failure and nil
/// when it decodes.
func problemDocumentError(_ json: String, file: StaticString = #filePath, line: UInt = #line) -> ProblemError? {
    do {
        _ = try ProblemDocument.decode(json, file: "p.json")
        XCTFail("expected an error for \(json)", file: file, line: line)
        return nil
    } catch {
        return error
    }
}
