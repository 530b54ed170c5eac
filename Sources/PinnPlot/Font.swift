import CFreeType
import Foundation

/// A line of text rasterised to an 8-bit coverage mask.
public struct TextBitmap: Sendable {
    /// Coverage 0–255, row by row from the top.
    public var alpha: [UInt8]
    public var width: Int
    public var height: Int
    /// Rows from the top of the bitmap to the baseline.
    public var ascent: Int
}

/// A TrueType font rasterised by FreeType, with a glyph cache per pixel size.
///
/// Not thread-safe: FreeType faces are used from one thread at a time.
public final class Font {
    /// The font file.
    public let path: String
    private var library: FT_Library?
    private var face: FT_Face?
    private var cache: [GlyphKey: Glyph] = [:]

    private struct GlyphKey: Hashable {
        var scalar: UInt32
        var size: Int
    }

    /// One rendered glyph: its coverage, placement relative to the pen and advance (pixels).
    private struct Glyph {
        var alpha: [UInt8]
        var width: Int
        var rows: Int
        var left: Int
        var top: Int
        var advance: Double
    }

    /// Opens the TrueType/OpenType font at `path`.
    public init(path: String) throws {
        self.path = path
        var library: FT_Library?
        let initCode = FT_Init_FreeType(&library)
        guard initCode == 0, let library else {
            throw PlotError.freeType(call: "FT_Init_FreeType", code: initCode, font: path)
        }
        self.library = library
        var face: FT_Face?
        let code = FT_New_Face(library, path, 0, &face)
        guard code == 0, let face else {
            FT_Done_FreeType(library)
            self.library = nil
            throw PlotError.freeType(call: "FT_New_Face", code: code, font: path)
        }
        self.face = face
    }

    /// The font `FontLocator` finds, or `PlotError.noFont`.
    public static func located() throws -> Font {
        guard let path = FontLocator.defaultFontPath() else { throw PlotError.noFont(tried: FontLocator.candidates()) }
        return try Font(path: path)
    }

    deinit {
        if let face { FT_Done_Face(face) }
        if let library { FT_Done_FreeType(library) }
    }

    /// Rasterises `text` at `size` pixels per em (the pen moves by each glyph's advance, with kerning).
    public func render(_ text: String, size: Int) -> TextBitmap {
        let glyphs = text.unicodeScalars.map { glyph(for: $0.value, size: size) }
        let ascender = Int((Double(size) * 0.95).rounded(.up))
        let descender = Int((Double(size) * 0.3).rounded(.up))
        var pen = 0.0
        var placements: [(Glyph, Int)] = []
        var previous: UInt32 = 0
        for (scalar, glyph) in zip(text.unicodeScalars.map(\.value), glyphs) {
            pen += kerning(previous, scalar, size: size)
            placements.append((glyph, Int(pen.rounded()) + glyph.left))
            pen += glyph.advance
            previous = scalar
        }
        let width = max(1, Int(pen.rounded(.up)) + 1)
        let height = ascender + descender
        var alpha = [UInt8](repeating: 0, count: width * height)
        for (glyph, x0) in placements {
            let y0 = ascender - glyph.top
            for r in 0..<glyph.rows {
                let y = y0 + r
                guard y >= 0, y < height else { continue }
                for c in 0..<glyph.width {
                    let x = x0 + c
                    guard x >= 0, x < width else { continue }
                    let a = glyph.alpha[r * glyph.width + c]
                    let i = y * width + x
                    alpha[i] = max(alpha[i], a)
                }
            }
        }
        return TextBitmap(alpha: alpha, width: width, height: height, ascent: ascender)
    }

    /// The advance width of `text` at `size` (pixels).
    public func width(of text: String, size: Int) -> Int { render(text, size: size).width }

    private func glyph(for scalar: UInt32, size: Int) -> Glyph {
        let key = GlyphKey(scalar: scalar, size: size)
        if let cached = cache[key] { return cached }
        var result = Glyph(alpha: [], width: 0, rows: 0, left: 0, top: 0, advance: Double(size) * 0.5)
        if let face, FT_Set_Pixel_Sizes(face, 0, FT_UInt(size)) == 0,
            FT_Load_Char(face, FT_ULong(scalar), pinn_FT_LOAD_RENDER() | pinn_FT_LOAD_TARGET_LIGHT()) == 0,
            let slot = face.pointee.glyph
        {
            let bitmap = slot.pointee.bitmap
            let rows = Int(bitmap.rows), width = Int(bitmap.width), pitch = Int(bitmap.pitch)
            var alpha = [UInt8](repeating: 0, count: rows * width)
            if let buffer = bitmap.buffer, pitch > 0 {
                for r in 0..<rows {
                    for c in 0..<width { alpha[r * width + c] = buffer[r * pitch + c] }
                }
            }
            result = Glyph(
                alpha: alpha, width: width, rows: rows, left: Int(slot.pointee.bitmap_left),
                top: Int(slot.pointee.bitmap_top), advance: Double(slot.pointee.advance.x) / 64)
        }
        cache[key] = result
        return result
    }

    private func kerning(_ left: UInt32, _ right: UInt32, size: Int) -> Double {
        guard left != 0, let face, FT_Set_Pixel_Sizes(face, 0, FT_UInt(size)) == 0 else { return 0 }
        var vector = FT_Vector()
        let a = FT_Get_Char_Index(face, FT_ULong(left)), b = FT_Get_Char_Index(face, FT_ULong(right))
        guard FT_Get_Kerning(face, a, b, UInt32(FT_KERNING_DEFAULT.rawValue), &vector) == 0 else { return 0 }
        return Double(vector.x) / 64
    }
}
