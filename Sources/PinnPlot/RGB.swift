/// An opaque 8-bit sRGB colour.
public struct RGB: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var r: UInt8
    public var g: UInt8
    public var b: UInt8

    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
        self.r = r
        self.g = g
        self.b = b
    }

    /// The colour written as 0xRRGGBB.
    public init(hex: UInt32) {
        self.init(UInt8((hex >> 16) & 0xFF), UInt8((hex >> 8) & 0xFF), UInt8(hex & 0xFF))
    }

    /// `self` moved towards `other` by `t` ∈ [0, 1] (linear in the 8-bit sRGB values, rounded).
    public func mixed(with other: RGB, by t: Double) -> RGB {
        let t = min(max(t, 0), 1)
        func mix(_ a: UInt8, _ b: UInt8) -> UInt8 { UInt8((Double(a) + (Double(b) - Double(a)) * t).rounded()) }
        return RGB(mix(r, other.r), mix(g, other.g), mix(b, other.b))
    }

    /// "#RRGGBB".
    public var description: String {
        "#" + [r, g, b].map { ($0 < 16 ? "0" : "") + String($0, radix: 16, uppercase: true) }.joined()
    }

    public static let white = RGB(255, 255, 255)
    public static let black = RGB(0, 0, 0)
    /// Text and axis lines: a very dark grey, softer than black.
    public static let ink = RGB(hex: 0x222222)
    /// Grid lines.
    public static let gridLine = RGB(hex: 0xE3E3E3)
    /// Where a field has no value (outside the domain): a neutral light grey.
    public static let missing = RGB(hex: 0xD0D0D0)

    /// A qualitative palette for lines (the "Tableau 10" hues matplotlib uses by default).
    public static let palette: [RGB] = [
        0x1F77B4, 0xFF7F0E, 0x2CA02C, 0xD62728, 0x9467BD,
        0x8C564B, 0xE377C2, 0x7F7F7F, 0xBCBD22, 0x17BECF
    ].map { RGB(hex: $0) }
}
