/// "Did you mean …?" suggestions for misspelt names, by optimal-string-alignment edit distance
/// (insertions, deletions, substitutions and adjacent transpositions each cost 1; case ignored).
public enum NameSuggestion {
    /// The candidate closest to `name`, if it is close enough to be a plausible misspelling:
    /// distance ≤ 1 for names of up to 4 characters, ≤ 2 up to 7, ≤ 3 beyond, and less than the
    /// name's length. Ties go to the earlier candidate.
    public static func closest(to name: String, among candidates: [String]) -> String? {
        let length = name.count
        let limit = length <= 4 ? 1 : (length <= 7 ? 2 : 3)
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let d = distance(name.lowercased(), candidate.lowercased())
            guard d <= limit, d < length || d == 0 else { continue }
            if best.map({ d < $0.distance }) ?? true { best = (candidate, d) }
        }
        return best?.name
    }

    /// The optimal-string-alignment distance between `a` and `b`; O(|a|·|b|).
    static func distance(_ a: String, _ b: String) -> Int {
        let s = Array(a), t = Array(b)
        if s.isEmpty { return t.count }
        if t.isEmpty { return s.count }
        let width = t.count + 1
        var d = [Int](repeating: 0, count: (s.count + 1) * width)
        for i in 0...s.count { d[i * width] = i }
        for j in 0...t.count { d[j] = j }
        for i in 1...s.count {
            for j in 1...t.count {
                let cost = s[i - 1] == t[j - 1] ? 0 : 1
                var value = Swift.min(
                    d[(i - 1) * width + j] + 1,
                    d[i * width + j - 1] + 1,
                    d[(i - 1) * width + j - 1] + cost)
                if i > 1, j > 1, s[i - 1] == t[j - 2], s[i - 2] == t[j - 1] {
                    value = Swift.min(value, d[(i - 2) * width + j - 2] + 1)
                }
                d[i * width + j] = value
            }
        }
        return d[s.count * width + t.count]
    }
}
