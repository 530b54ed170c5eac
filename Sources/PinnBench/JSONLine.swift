import Foundation

/// One JSON object with sorted keys, as one line (what `--json` benchmarks print).
/// - Throws: when a value cannot be written as JSON (such as NaN).
func jsonObject(_ fields: [String: Any]) throws -> String {
    String(decoding: try JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]), as: UTF8.self)
}
