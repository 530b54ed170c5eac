import CPNG
import Foundation
import PinnIO

/// PNG encoding and decoding of RGB canvases through libpng's simplified API (`png_image_*`),
/// which reports errors in the `png_image` struct rather than by longjmp.
public enum PNGImage {
    /// The canvas encoded as an 8-bit RGB PNG.
    public static func encode(_ canvas: Canvas) throws -> Data {
        var image = png_image()
        image.version = pinn_PNG_IMAGE_VERSION()
        image.width = png_uint_32(canvas.width)
        image.height = png_uint_32(canvas.height)
        image.format = pinn_PNG_FORMAT_RGB()
        let stride = png_int_32(canvas.width * 3)
        var size: png_alloc_size_t = 0
        let pixels = canvas.pixels
        let sized = pixels.withUnsafeBytes {
            png_image_write_to_memory(&image, nil, &size, 0, $0.baseAddress, stride, nil)
        }
        guard sized != 0, size > 0 else { throw PlotError.png(path: "(memory)", message: message(of: &image)) }
        var data = Data(count: Int(size))
        let written = data.withUnsafeMutableBytes { out in
            pixels.withUnsafeBytes {
                png_image_write_to_memory(&image, out.baseAddress, &size, 0, $0.baseAddress, stride, nil)
            }
        }
        guard written != 0 else { throw PlotError.png(path: "(memory)", message: message(of: &image)) }
        png_image_free(&image)
        return data.prefix(Int(size))
    }

    /// Writes the canvas as a PNG file atomically (temporary file beside `path`, then rename).
    public static func write(_ canvas: Canvas, to path: String) throws {
        let data: Data
        do {
            data = try encode(canvas)
        } catch PlotError.png(_, let message) {
            throw PlotError.png(path: path, message: message)
        }
        try AtomicFile.write(data, to: path)
    }

    /// Decodes a PNG file (any colour type) to an RGB canvas, compositing alpha over white.
    public static func read(_ path: String) throws -> Canvas {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PlotError.png(path: path, message: "cannot read the file")
        }
        var image = png_image()
        image.version = pinn_PNG_IMAGE_VERSION()
        let begun = data.withUnsafeBytes { png_image_begin_read_from_memory(&image, $0.baseAddress, data.count) }
        guard begun != 0 else { throw PlotError.png(path: path, message: message(of: &image)) }
        image.format = pinn_PNG_FORMAT_RGB()
        let width = Int(image.width), height = Int(image.height)
        guard width > 0, height > 0 else {
            png_image_free(&image)
            throw PlotError.png(path: path, message: "empty image")
        }
        var canvas = Canvas(width: width, height: height)
        var background = png_color(red: 255, green: 255, blue: 255)
        var buffer = [UInt8](repeating: 0, count: width * height * 3)
        let finished = buffer.withUnsafeMutableBytes {
            png_image_finish_read(&image, &background, $0.baseAddress, png_int_32(width * 3), nil)
        }
        guard finished != 0 else { throw PlotError.png(path: path, message: message(of: &image)) }
        for y in 0..<height {
            for x in 0..<width {
                let i = 3 * (y * width + x)
                canvas[x, y] = RGB(buffer[i], buffer[i + 1], buffer[i + 2])
            }
        }
        return canvas
    }

    /// libpng's message in `image` (and frees its state).
    private static func message(of image: inout png_image) -> String {
        let text = withUnsafeBytes(of: &image.message) { bytes in
            String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        }
        png_image_free(&image)
        return text.isEmpty ? "libpng failed" : text
    }
}
