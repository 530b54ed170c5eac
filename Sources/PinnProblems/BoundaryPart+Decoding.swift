/// Decoding of boundary part names. JSON: `"all"`; the sides of an interval, rectangle or box,
/// `"left"`/`"right"` (x = lower/upper), `"bottom"`/`"top"` (y), `"front"`/`"back"` (z);
/// a polygon's edge i (0-based, from vertex i to vertex i+1) as `"edge:3"` or `{"edge": 3}`;
/// any other name is a mesh's physical group (`group(name)`), which validation refuses for the
/// other domains (with a did-you-mean among their parts).
extension BoundaryPart: Decodable {
    /// The names of the parts of the analytic domains (`edge:<i>` for polygon edges).
    static let names = ["all", "left", "right", "bottom", "top", "front", "back", "edge:<i>"]

    public init(from decoder: any Decoder) throws {
        let path = ProblemError.jsonPath(decoder.codingPath)
        if let single = try? decoder.singleValueContainer(), let text = try? single.decode(String.self) {
            let plain: [String: BoundaryPart] = [
                "all": .all, "left": .left, "right": .right, "bottom": .bottom,
                "top": .top, "front": .front, "back": .back
            ]
            if let part = plain[text] { self = part; return }
            if text.hasPrefix("edge:") {
                guard let i = Int(text.dropFirst(5)), i >= 0 else {
                    throw ProblemError(
                        path: path,
                        message: "malformed edge '\(text)' (expected edge:<i> with a 0-based index i, as in 'edge:0')")
                }
                self = .edge(i)
                return
            }
            guard !text.isEmpty else {
                throw ProblemError(
                    path: path,
                    message:
                        "expected a boundary part name (\(ProblemFileObject.listing(Self.names)) or a mesh's physical group)"
                )
            }
            self = .group(text)
            return
        }
        let o: ProblemFileObject
        do {
            o = try ProblemFileObject(decoder, known: ["edge"], what: "a boundary part")
        } catch {
            throw ProblemError(
                path: path,
                message:
                    "expected a boundary part name (\(ProblemFileObject.listing(Self.names)) or a mesh's physical group) or {\"edge\": i}"
            )
        }
        let i: Int = try o.required("edge")
        guard i >= 0 else {
            throw ProblemError(path: o.path("edge"), message: "expected a 0-based edge index ≥ 0, found \(i)")
        }
        self = .edge(i)
    }
}
