import Foundation

/// The binary arithmetic operators of the expression language.
public enum ArithmeticOperator: String, Sendable, Hashable, CaseIterable {
    /// a + b
    case add = "+"
    /// a − b
    case subtract = "-"
    /// a × b
    case multiply = "*"
    /// a ÷ b
    case divide = "/"
    /// a^b = pow(a, b) (right-associative, binds tighter than unary minus).
    case power = "^"

    /// The value of `a ∘ b` in IEEE double arithmetic; a^2 is computed as a·a (correctly
    /// rounded), everywhere, so that folded constants, compiled code and printing all agree.
    @inlinable
    public func apply(_ a: Double, _ b: Double) -> Double {
        switch self {
        case .add: return a + b
        case .subtract: return a - b
        case .multiply: return a * b
        case .divide: return a / b
        case .power: return b == 2 ? a * a : Foundation.pow(a, b)
        }
    }
}

/// The functions of one argument; `log` is the natural logarithm.
public enum ElementaryFunction: String, Sendable, Hashable, CaseIterable {
    /// sin x
    case sin
    /// cos x
    case cos
    /// tan x
    case tan
    /// arcsin x ∈ [−π/2, π/2]
    case asin
    /// arccos x ∈ [0, π]
    case acos
    /// arctan x ∈ (−π/2, π/2)
    case atan
    /// sinh x = (eˣ − e⁻ˣ)/2
    case sinh
    /// cosh x = (eˣ + e⁻ˣ)/2
    case cosh
    /// tanh x = sinh x / cosh x
    case tanh
    /// eˣ
    case exp
    /// ln x, the natural logarithm
    case log
    /// √x
    case sqrt
    /// |x|
    case abs
    /// sign(x) ∈ {−1, 0, 1} (0 and NaN map to themselves); the derivative of abs.
    case sign

    /// f(x), as computed by the C library (Foundation).
    @inlinable
    public func apply(_ x: Double) -> Double {
        switch self {
        case .sin: return Foundation.sin(x)
        case .cos: return Foundation.cos(x)
        case .tan: return Foundation.tan(x)
        case .asin: return Foundation.asin(x)
        case .acos: return Foundation.acos(x)
        case .atan: return Foundation.atan(x)
        case .sinh: return Foundation.sinh(x)
        case .cosh: return Foundation.cosh(x)
        case .tanh: return Foundation.tanh(x)
        case .exp: return Foundation.exp(x)
        case .log: return Foundation.log(x)
        case .sqrt: return x.squareRoot()
        case .abs: return x.magnitude
        case .sign: return x > 0 ? 1 : (x < 0 ? -1 : x)
        }
    }
}

/// The functions of two arguments (`pow(a, b)` is parsed as `a^b`).
public enum BinaryFunction: String, Sendable, Hashable, CaseIterable {
    /// atan2(y, x): the angle of the point (x, y), in (−π, π].
    case atan2
    /// min(a, b), IEEE minNum like C's fmin (a NaN argument yields the other).
    case min
    /// max(a, b), IEEE maxNum like C's fmax (a NaN argument yields the other).
    case max

    /// f(a, b).
    @inlinable
    public func apply(_ a: Double, _ b: Double) -> Double {
        switch self {
        case .atan2: return Foundation.atan2(a, b)
        case .min: return Double.minimum(a, b)
        case .max: return Double.maximum(a, b)
        }
    }
}

/// What a function name in source text stands for, with its number of arguments.
enum FunctionSymbol: Sendable {
    case unary(ElementaryFunction)
    case binary(BinaryFunction)
    case power

    /// Number of arguments the function takes.
    var arity: Int {
        if case .unary = self { return 1 }
        return 2
    }

    /// Every function name, in the order used for listings and suggestions.
    static let names: [String] =
        ElementaryFunction.allCases.map(\.rawValue) + BinaryFunction.allCases.map(\.rawValue) + ["pow"]

    /// The function a name stands for, if any.
    static func named(_ name: String) -> FunctionSymbol? {
        if let f = ElementaryFunction(rawValue: name) { return .unary(f) }
        if let f = BinaryFunction(rawValue: name) { return .binary(f) }
        return name == "pow" ? .power : nil
    }
}

/// The named constants of the language: `pi` = π and `e` = Euler's number.
enum NamedConstant {
    /// Constant names and values, in listing order.
    static let all: [(name: String, value: Double)] = [("pi", Double.pi), ("e", M_E)]

    /// The value of a constant name, if it is one.
    static func value(of name: String) -> Double? {
        all.first { $0.name == name }?.value
    }
}
