import Foundation

/// Any problem file, by its `kind`: a PDE (`poisson`, `helmholtz`) or an ODE (`ode`).
///
/// `load(contentsOf:)` reads the file once, looks at `kind` and decodes and validates the
/// matching type; every failure is a `ProblemError` naming the file (as given) and the JSON path.
public enum ProblemDocument: Sendable, Equatable {
    case pde(ProblemFile)
    case ode(ODEProblemFile)

    /// Every kind a problem file may state.
    public static let kinds = ProblemFile.Kind.allCases.map(\.rawValue) + ["ode"]

    /// Reads, decodes and validates the problem file at `path`; a PDE on a mesh reads its mesh
    /// with `readMesh` (see `ProblemFile.decode(_:file:readMesh:)`).
    public static func load(contentsOf path: String, readMesh: ProblemFile.MeshReader? = nil) throws(ProblemError)
        -> ProblemDocument
    {
        try decode(read(path), file: path, readMesh: readMesh)
    }

    /// The bytes of the problem file at `path`, for callers that decode them (`decode(_:file:)`) and
    /// also keep the text, so that the file is read once.
    /// - Throws: a `ProblemError` naming `path` ("cannot read the file (…)") when it cannot be read.
    public static func read(_ path: String) throws(ProblemError) -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ProblemError(file: path, path: "", message: "cannot read the file (\(error.localizedDescription))")
        }
    }

    /// Decodes and validates a problem from JSON `data` by its `kind`; `file` names it in errors.
    public static func decode(
        _ data: Data, file: String? = nil,
        readMesh: ProblemFile.MeshReader? = nil
    ) throws(ProblemError) -> ProblemDocument {
        let kind = try ProblemJSON.decode(KindPeek.self, from: data, file: file).kind
        return kind == "ode"
            ? .ode(try ODEProblemFile.decode(data, file: file))
            : .pde(try ProblemFile.decode(data, file: file, readMesh: readMesh))
    }

    /// Decodes and validates a problem from a JSON string; `file` names it in errors.
    public static func decode(
        _ json: String, file: String? = nil,
        readMesh: ProblemFile.MeshReader? = nil
    ) throws(ProblemError) -> ProblemDocument {
        try decode(Data(json.utf8), file: file, readMesh: readMesh)
    }

    /// The problem's name.
    public var name: String {
        switch self {
        case .pde(let p): p.name
        case .ode(let p): p.name
        }
    }

    /// The problem's kind as written in JSON.
    public var kind: String {
        switch self {
        case .pde(let p): p.kind.rawValue
        case .ode: "ode"
        }
    }

    /// Where the result goes.
    public var outputPath: String {
        switch self {
        case .pde(let p): p.output.path
        case .ode(let p): p.output.path
        }
    }

    /// The `kind` of a document, checked against `kinds`; other keys are left to the full decoder.
    private struct KindPeek: Decodable {
        let kind: String

        init(from decoder: any Decoder) throws {
            let container: KeyedDecodingContainer<ProblemFileKey>
            do {
                container = try decoder.container(keyedBy: ProblemFileKey.self)
            } catch {
                throw ProblemError(path: "", message: "expected an object (the problem)")
            }
            guard let kind = try container.decodeIfPresent(String.self, forKey: ProblemFileKey("kind")) else {
                // A misspelt `kind` is reported as such rather than as a missing key.
                if let typo = container.allKeys.map(\.stringValue).sorted()
                    .first(where: { $0 != "kind" && NameSuggestion.closest(to: $0, among: ["kind"]) != nil })
                {
                    throw ProblemError(
                        path: typo,
                        message: "unknown key '\(typo)'; did you mean 'kind'? (every problem "
                            + "states its kind: \(ProblemFileObject.listing(kinds)))")
                }
                throw ProblemError(
                    path: "kind", message: "missing required key 'kind' (expected \(ProblemFileObject.listing(kinds)))")
            }
            if kind == ProblemFamily.kind {
                throw ProblemError(
                    path: "kind",
                    message: "this is a problem family, not a problem (list its members with "
                        + "`pinn family list FILE`, write one as a problem with `pinn family show FILE --member I`)")
            }
            guard kinds.contains(kind) else {
                throw ProblemError(
                    path: "kind", message: ProblemFileObject.unknownMessage(kind, what: "problem kind", choices: kinds))
            }
            self.kind = kind
        }
    }
}

/// Decoding of problem JSON with every failure as a `ProblemError`.
enum ProblemJSON {
    /// Decodes a `T` from JSON `data`, turning decoding errors into `ProblemError`s in `file`.
    /// Paths of data files resolve against `file`'s folder (`userInfo[.problemFile]`).
    static func decode<T: Decodable>(_ type: T.Type, from data: Data, file: String?) throws(ProblemError) -> T {
        do {
            let decoder = JSONDecoder()
            if let file { decoder.userInfo[.problemFile] = file }
            return try decoder.decode(T.self, from: data)
        } catch let error as ProblemError {
            throw error.inFile(file)
        } catch let error as DecodingError {
            throw ProblemError.from(error).inFile(file)
        } catch {
            throw ProblemError(file: file, path: "", message: "\(error)")
        }
    }
}
