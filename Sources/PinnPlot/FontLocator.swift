import Foundation

/// Finds the TrueType font for plot text at run time.
///
/// Order: the environment variable `PINN_PLOT_FONT` (a .ttf/.otf path); fontconfig's choice for
/// "DejaVu Sans" (`fc-match -f %{file}`), if it names a file that exists; Debian's fixed path of
/// fonts-dejavu-core; then other common sans-serif fonts.
public enum FontLocator {
    /// Debian's paths of fonts-dejavu-core and other sans-serif fonts, tried in order.
    public static let fallbackPaths = [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/freefont/FreeSans.ttf"
    ]

    /// The font file to use, or nil when none is found.
    public static func defaultFontPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        candidates(environment: environment).first { FileManager.default.isReadableFile(atPath: $0) }
    }

    /// The places tried, in order (for error messages).
    public static func candidates(environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        var list: [String] = []
        if let chosen = environment["PINN_PLOT_FONT"], !chosen.isEmpty { list.append(chosen) }
        if let matched = fcMatch("DejaVu Sans") { list.append(matched) }
        return list + fallbackPaths
    }

    /// The file fontconfig's `fc-match` picks for `pattern`, if the tool is installed and answers.
    static func fcMatch(_ pattern: String) -> String? {
        let paths = ["/usr/bin/fc-match", "/bin/fc-match", "/usr/local/bin/fc-match"]
        guard let tool = paths.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = ["-f", "%{file}", pattern]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return nil
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        let path = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let lower = path.lowercased()
        return path.isEmpty || !(lower.hasSuffix(".ttf") || lower.hasSuffix(".otf")) ? nil : path
    }
}
