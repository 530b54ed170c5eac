import Foundation

/// A map from data values on one axis to pixel positions.
public struct AxisScale: Equatable, Sendable {
    public enum Kind: Equatable, Sendable { case linear, logarithmic }

    public var kind: Kind
    /// Data values at the two ends of the axis (for a log scale both positive).
    public var domain: (lo: Double, hi: Double)
    /// Pixel positions of `domain.lo` and `domain.hi` (for a vertical axis lo is at the bottom,
    /// so `range.lo > range.hi`).
    public var range: (lo: Double, hi: Double)

    public init(kind: Kind = .linear, domain: (lo: Double, hi: Double), range: (lo: Double, hi: Double)) {
        precondition(kind == .linear || (domain.lo > 0 && domain.hi > 0), "a log scale needs a positive domain")
        self.kind = kind
        self.domain = domain
        self.range = range
    }

    public static func == (a: AxisScale, b: AxisScale) -> Bool {
        a.kind == b.kind && a.domain == b.domain && a.range == b.range
    }

    /// The value as a fraction of the axis: 0 at `domain.lo`, 1 at `domain.hi` (linear in log10 v
    /// for a log scale; NaN for v ≤ 0 there).
    public func fraction(_ v: Double) -> Double {
        switch kind {
        case .linear:
            let span = domain.hi - domain.lo
            return span == 0 ? 0.5 : (v - domain.lo) / span
        case .logarithmic:
            guard v > 0 else { return .nan }
            let lo = log10(domain.lo), span = log10(domain.hi) - lo
            return span == 0 ? 0.5 : (log10(v) - lo) / span
        }
    }

    /// The pixel position of `v`.
    public func pixel(_ v: Double) -> Double { range.lo + fraction(v) * (range.hi - range.lo) }

    /// The data value at pixel position `p` (the inverse of `pixel`).
    public func value(atPixel p: Double) -> Double {
        let span = range.hi - range.lo
        let f = span == 0 ? 0.5 : (p - range.lo) / span
        switch kind {
        case .linear: return domain.lo + f * (domain.hi - domain.lo)
        case .logarithmic: return pow(10, log10(domain.lo) + f * (log10(domain.hi) - log10(domain.lo)))
        }
    }
}
