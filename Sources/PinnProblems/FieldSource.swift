/// A function of position as a problem file states it (`source`, `exact`, a boundary `value`):
/// an expression, or a variable of a NetCDF or HDF5 file interpolated multilinearly. JSON:
///
///     "source": "2*pi^2*sin(pi*x)*sin(pi*y)"               // an expression (or a number)
///     "source": {"file": "data/forcing.nc", "variable": "f"}  // gridded data (see `GriddedDataSpec`)
///
/// Bind an expression with `ExpressionSource.bind`; gridded data is read by PinnSolve.
public enum FieldSource: Sendable, Equatable, Decodable, ExpressibleByStringLiteral, CustomStringConvertible {
    case expression(ExpressionSource)
    case data(GriddedDataSpec)

    /// An expression with this text.
    public init(stringLiteral text: String) { self = .expression(ExpressionSource(text)) }

    /// Decodes a string or a number as an expression, an object as gridded data.
    public init(from decoder: any Decoder) throws {
        if let container = try? decoder.singleValueContainer() {
            if let number = try? container.decode(Double.self) {
                self = .expression(ExpressionSource(ExpressionNode.format(number)))
                return
            }
            if let text = try? container.decode(String.self) {
                self = .expression(ExpressionSource(text))
                return
            }
        }
        guard (try? decoder.container(keyedBy: ProblemFileKey.self)) != nil else {
            throw ProblemError(
                path: ProblemError.jsonPath(decoder.codingPath),
                message: "expected an expression (a string or a number) or gridded data "
                    + "({\"file\": \"data/f.nc\", \"variable\": \"f\"})")
        }
        self = .data(try GriddedDataSpec(from: decoder))
    }

    /// The expression, or nil for gridded data.
    public var expression: ExpressionSource? {
        if case .expression(let e) = self { e } else { nil }
    }

    /// The expression text, or `variable in file` for gridded data.
    public var description: String {
        switch self {
        case .expression(let e): e.text
        case .data(let d): "\(d.variable) in \(d.file)"
        }
    }
}
