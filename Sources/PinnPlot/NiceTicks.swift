import Foundation

/// Axis tick positions at "nice" numbers (1, 2 or 5 times a power of ten) and their labels.
///
/// Linear ticks follow Heckbert's "nice numbers for graph labels" (Graphics Gems, 1990): the tick
/// step is the nice number nearest to (hi − lo)/(count − 1), its mantissa rounded to 1, 2, 5 or 10.
public enum NiceTicks {
    /// The nice number near `x` > 0: with `rounding`, the nearest of 1, 2, 5, 10 × 10^k
    /// (thresholds 1.5, 3, 7); without, the smallest of them ≥ x.
    public static func niceNumber(_ x: Double, rounding: Bool) -> Double {
        precondition(x > 0 && x.isFinite, "niceNumber needs a positive finite value, got \(x)")
        let exponent = (log10(x)).rounded(.down)
        let power = pow(10, exponent)
        let fraction = x / power
        let nice: Double
        if rounding {
            nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
        } else {
            nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        }
        return nice * power
    }

    /// The step between about `count` ticks over [lo, hi]: the nice number nearest to
    /// (hi − lo)/(count − 1).
    public static func step(lo: Double, hi: Double, count: Int = 5) -> Double {
        let span = hi - lo
        guard span > 0, span.isFinite else { return 1 }
        return niceNumber(span / Double(max(1, count - 1)), rounding: true)
    }

    /// Ticks at multiples of the nice step that lie in [lo, hi] (a tiny tolerance keeps the ends).
    /// An empty or degenerate range gives the single value.
    public static func linear(lo: Double, hi: Double, count: Int = 5) -> [Double] {
        guard lo.isFinite, hi.isFinite else { return [] }
        guard hi > lo else { return [lo] }
        let s = step(lo: lo, hi: hi, count: count)
        let tolerance = s * 1e-9
        var ticks: [Double] = []
        var k = (lo / s - 1e-9).rounded(.up)
        while k * s <= hi + tolerance {
            let v = k * s
            ticks.append(abs(v) < tolerance ? 0 : v)
            k += 1
        }
        return ticks
    }

    /// [lo, hi] widened to the nearest multiples of the nice step outside it (a "loose" axis).
    public static func looseRange(lo: Double, hi: Double, count: Int = 5) -> (lo: Double, hi: Double) {
        guard lo.isFinite, hi.isFinite else { return (0, 1) }
        guard hi > lo else {
            let pad = lo == 0 ? 1 : abs(lo) * 0.1
            return (lo - pad, hi + pad)
        }
        let s = step(lo: lo, hi: hi, count: count)
        return ((lo / s).rounded(.down) * s, (hi / s).rounded(.up) * s)
    }

    /// Decade ticks 10^k within [lo, hi] (lo > 0), thinned to at most about `maxCount` by taking
    /// every n-th decade.
    public static func logarithmic(lo: Double, hi: Double, maxCount: Int = 8) -> [Double] {
        guard lo > 0, hi >= lo, lo.isFinite, hi.isFinite else { return [] }
        let first = Int((log10(lo) - 1e-9).rounded(.up)), last = Int((log10(hi) + 1e-9).rounded(.down))
        guard first <= last else { return [] }
        let every = max(1, Int((Double(last - first + 1) / Double(maxCount)).rounded(.up)))
        return stride(from: first, through: last, by: 1).filter { ($0 - first) % every == 0 }.map {
            pow(10, Double($0))
        }
    }

    /// Labels for linear ticks spaced `step` apart: fixed-point with just enough decimals, or
    /// scientific ("2.5e−4") when the values are tiny or huge. Uses the Unicode minus sign.
    public static func labels(for ticks: [Double], step: Double) -> [String] {
        let largest = ticks.map(abs).max() ?? 0
        let scientific = largest >= 1e5 || (largest > 0 && largest < 1e-3) || (step > 0 && step < 1e-4)
        return ticks.map { v in
            if v == 0 { return "0" }
            if scientific { return scientificLabel(v, step: step) }
            let decimals = step > 0 ? max(0, -decimalExponent(step) + fractionDigit(step)) : 2
            return withMinus(String(format: "%.\(decimals)f", v))
        }
    }

    /// "2.5e−4": the mantissa with as many digits as `step` needs at the value's exponent.
    static func scientificLabel(_ v: Double, step: Double) -> String {
        let exponent = decimalExponent(v)
        let mantissa = v / pow(10, Double(exponent))
        let digits = step > 0 ? min(3, max(0, exponent - decimalExponent(step)) + fractionDigit(step)) : 1
        var text = String(format: "%.\(digits)f", mantissa)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return withMinus(text + "e" + String(exponent))
    }

    /// ⌊log10 |v|⌋, robust to the rounding of log10 at exact powers of ten.
    static func decimalExponent(_ v: Double) -> Int { Int((log10(abs(v)) + 1e-12).rounded(.down)) }

    /// 1 when the mantissa of `step` has a fractional part (2.5 × 10^k), else 0.
    static func fractionDigit(_ step: Double) -> Int {
        let mantissa = step / pow(10, Double(decimalExponent(step)))
        return abs(mantissa - mantissa.rounded()) > 1e-9 ? 1 : 0
    }

    /// A power of ten as "10⁻³" (superscript digits); 1 and 10 stay "1" and "10".
    public static func decadeLabel(_ v: Double) -> String {
        let exponent = Int(log10(v).rounded())
        if exponent == 0 { return "1" }
        if exponent == 1 { return "10" }
        let superscripts: [Character: Character] = [
            "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵",
            "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹", "-": "⁻"
        ]
        return "10" + String(String(exponent).map { superscripts[$0] ?? $0 })
    }

    /// `text` with ASCII hyphen-minus signs replaced by U+2212 MINUS SIGN.
    static func withMinus(_ text: String) -> String { text.replacingOccurrences(of: "-", with: "−") }
}
