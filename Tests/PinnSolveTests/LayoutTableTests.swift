import Foundation
import PinnTestSupport
import XCTest

/// README.md's module table ("## Layout") states what Package.swift builds: the same modules, each
/// with the same direct dependencies, listed after everything it depends on (the graph points one way).
final class LayoutTableTests: XCTestCase {
    func testReadmeModuleTableMatchesThePackageManifest() throws {
        let manifest = try String(
            contentsOf: TestPaths.repository.appendingPathComponent("Package.swift"), encoding: .utf8)
        let readme = try String(contentsOf: TestPaths.repository.appendingPathComponent("README.md"), encoding: .utf8)
        let built = Self.modules(inManifest: manifest)
        let table = Self.rows(inReadme: readme)
        XCTAssertGreaterThan(built.count, 10, "the manifest parser found too few targets")
        XCTAssertEqual(Set(table.map(\.name)), Set(built.keys), "modules in the table vs Package.swift")
        for row in table {
            XCTAssertEqual(row.dependencies, built[row.name], "dependencies of \(row.name)")
        }
        var seen = Set<String>()
        for row in table {
            XCTAssertTrue(row.dependencies.isSubset(of: seen), "\(row.name) depends on a module listed after it")
            seen.insert(row.name)
        }
    }

    func testNoLibraryButTheExecutableDependsOnThePipelines() throws {
        let manifest = try String(
            contentsOf: TestPaths.repository.appendingPathComponent("Package.swift"), encoding: .utf8)
        let users = Self.modules(inManifest: manifest).filter { $0.value.contains("PinnSolve") }.map(\.key)
        XCTAssertEqual(users, ["pinn"])
    }

    /// Non-test targets of the manifest and their dependencies on other targets of the package
    /// (products of other packages left out).
    static func modules(inManifest text: String) -> [String: Set<String>] {
        // Each declaration runs from its `.target(name:` to the next declaration of any kind.
        let starts = text.matches(of: /\.(target|testTarget|executableTarget|systemLibrary)\(\s*name: "(\w+)"/)
        var modules: [String: Set<String>] = [:]
        for (i, start) in starts.enumerated() where start.output.1 != "testTarget" {
            let end = i + 1 < starts.count ? starts[i + 1].range.lowerBound : text.endIndex
            var declaration = String(text[start.range.upperBound..<end])
            declaration.replace(/\.product\([^)]*\)/, with: "")
            var dependencies = Set<String>()
            if let list = declaration.firstMatch(of: /dependencies: \[([^\]]*)\]/) {
                for name in list.output.1.matches(of: /"(\w+)"/) { dependencies.insert(String(name.output.1)) }
            }
            modules[String(start.output.2)] = dependencies
        }
        return modules
    }

    /// The rows of the table under "## Layout": the modules in the first column, the dependencies in
    /// the third (names in backticks; a row may name several modules).
    static func rows(inReadme text: String) -> [(name: String, dependencies: Set<String>)] {
        guard let layout = text.range(of: "## Layout") else { return [] }
        var rows: [(name: String, dependencies: Set<String>)] = []
        for line in text[layout.upperBound...].split(separator: "\n") where line.hasPrefix("| `") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            guard cells.count >= 4 else { continue }
            func names(_ cell: String) -> [String] { cell.matches(of: /`(\w+)`/).map { String($0.output.1) } }
            let dependencies = Set(names(cells[3]))
            for name in names(cells[1]) { rows.append((name, dependencies)) }
        }
        return rows
    }
}
