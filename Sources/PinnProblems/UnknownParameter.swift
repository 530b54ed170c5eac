import Foundation
import PinnNumerics

/// A named parameter whose value is to be learned from measurements (an inverse problem), as a
/// problem file declares it among its `parameters`:
///
///     "parameters": {"f0": 2,                                        // a known constant
///                    "k": {"unknown": 3, "bounds": [1, 10], "positive": true, "true": 4}}
///
/// - `unknown` (required): the initial guess.
/// - `bounds` (optional): [lower, upper]; the guess must lie strictly inside.
/// - `positive` (optional, default false): the value stays positive (log-parametrised).
/// - `true` (optional): the value the data were made with, for error metrics (and the only value
///   an `exact` solution may use).
///
/// Training does not step the value p itself but a trainable q with p = φ(q), so that bounds and
/// positivity hold at every step of every optimiser (see `ParameterMap`). The declaration is
/// shared by every kind of problem file (`ParameterDeclarations`).
public struct UnknownParameter: Sendable, Equatable {
    /// The initial guess.
    public var initial: Double
    /// The interval the value is kept in (open: the map φ reaches its ends only in the limit).
    public var bounds: (lower: Double, upper: Double)?
    /// Whether the value is kept positive by p = exp(q).
    public var positive: Bool
    /// The value the measurements were made with, when known.
    public var trueValue: Double?

    public init(
        initial: Double, bounds: (lower: Double, upper: Double)? = nil, positive: Bool = false, trueValue: Double? = nil
    ) {
        self.initial = initial
        self.bounds = bounds
        self.positive = positive
        self.trueValue = trueValue
    }

    public static func == (a: UnknownParameter, b: UnknownParameter) -> Bool {
        a.initial == b.initial && a.bounds?.lower == b.bounds?.lower && a.bounds?.upper == b.bounds?.upper
            && a.positive == b.positive && a.trueValue == b.trueValue
    }

    /// The map from the trainable to the value: logistic with bounds (in log p when also positive),
    /// logarithmic when only positive, the identity otherwise.
    public var parametrisation: ParameterMap {
        switch (bounds, positive) {
        case (let b?, true): .logLogistic(lower: b.lower, upper: b.upper)
        case (let b?, false): .logistic(lower: b.lower, upper: b.upper)
        case (nil, true): .logarithmic
        case (nil, false): .identity
        }
    }

    /// Checks the declaration at JSON path `path` (`parameters.k`): finite numbers, lower < upper,
    /// the guess strictly inside the bounds, a positive guess (and lower bound) when positive.
    public func validate(path: String) throws(ProblemError) {
        func fail(_ key: String, _ message: String) -> ProblemError {
            ProblemError(path: path + "." + key, message: message)
        }
        guard initial.isFinite else { throw fail("unknown", "expected a finite initial guess, found \(initial)") }
        if let trueValue, !trueValue.isFinite { throw fail("true", "expected a finite number, found \(trueValue)") }
        if let b = bounds {
            guard b.lower.isFinite, b.upper.isFinite, b.lower < b.upper else {
                throw fail(
                    "bounds", "expected [lower, upper] with finite lower < upper, found [\(b.lower), \(b.upper)]")
            }
            guard b.lower < initial, initial < b.upper else {
                throw fail(
                    "unknown",
                    "the initial guess \(ExpressionNode.format(initial)) is outside its bounds "
                        + "[\(ExpressionNode.format(b.lower)), \(ExpressionNode.format(b.upper))] (it must lie strictly inside)"
                )
            }
            if positive, !(b.lower > 0) {
                throw fail(
                    "bounds",
                    "a positive unknown needs a positive lower bound, found \(ExpressionNode.format(b.lower))")
            }
        }
        if positive, !(initial > 0) {
            throw fail(
                "unknown", "a positive unknown needs a positive initial guess, found \(ExpressionNode.format(initial))")
        }
    }
}

/// The `parameters` object of a problem file: named constants (a number) and unknowns (an object,
/// see `UnknownParameter`). Both kinds of problem file decode it with this type.
public struct ParameterDeclarations: Sendable, Equatable, Decodable {
    /// The known constants.
    public var known: [String: Double]
    /// The unknowns, by name.
    public var unknown: [String: UnknownParameter]

    public init(known: [String: Double] = [:], unknown: [String: UnknownParameter] = [:]) {
        self.known = known
        self.unknown = unknown
    }

    /// The unknowns' names, sorted: the order of their entries in every vector (trainables, results).
    public var unknownNames: [String] { unknown.keys.sorted() }

    public init(from decoder: any Decoder) throws {
        let container: KeyedDecodingContainer<ProblemFileKey>
        do {
            container = try decoder.container(keyedBy: ProblemFileKey.self)
        } catch {
            throw ProblemError(
                path: ProblemError.jsonPath(decoder.codingPath),
                message:
                    "expected an object of parameters (a number, or {\"unknown\": guess, …} for a parameter to learn)")
        }
        var known: [String: Double] = [:], unknown: [String: UnknownParameter] = [:]
        for key in container.allKeys {
            if let value = try? container.decode(Double.self, forKey: key) {
                known[key.stringValue] = value
                continue
            }
            let o = try ProblemFileObject(
                container.superDecoder(forKey: key), known: ["unknown", "bounds", "positive", "true"],
                what: "the unknown parameter '\(key.stringValue)' (or give a number for a known one)")
            let guess: Double = try o.required("unknown", context: "(the initial guess of a parameter to learn)")
            var bounds: (lower: Double, upper: Double)?
            if let pair: [Double] = try o.optional("bounds") {
                guard pair.count == 2 else {
                    throw ProblemError(
                        path: o.path("bounds"), message: "expected [lower, upper], found \(pair.count) numbers")
                }
                bounds = (pair[0], pair[1])
            }
            unknown[key.stringValue] = UnknownParameter(
                initial: guess, bounds: bounds, positive: try o.value("positive", default: false),
                trueValue: try o.optional("true"))
        }
        self.init(known: known, unknown: unknown)
    }

    /// Checks every unknown (see `UnknownParameter.validate(path:)`) under `path` (`parameters`).
    public func validate(path: String = "parameters") throws(ProblemError) {
        for name in known.keys.sorted() where !known[name]!.isFinite {
            throw ProblemError(path: "\(path).\(name)", message: "expected a finite number")
        }
        for name in unknownNames { try unknown[name]?.validate(path: "\(path).\(name)") }
    }

    /// The known constants with every unknown at `values` (by name; the initial guess for a name
    /// `values` lacks): what binding an expression at a point of parameter space needs.
    public func resolved(_ values: [String: Double] = [:]) -> [String: Double] {
        var all = known
        for (name, u) in unknown { all[name] = values[name] ?? u.initial }
        return all
    }

    /// The known constants with every unknown at its true value (nil when one has none).
    public var withTrueValues: [String: Double]? {
        var values: [String: Double] = [:]
        for (name, u) in unknown {
            guard let t = u.trueValue else { return nil }
            values[name] = t
        }
        return resolved(values)
    }
}
