/// Where a text's anchor point sits on its box.
public enum TextAnchor: Sendable {
    case topLeft, top, topRight, left, center, right, bottomLeft, bottom, bottomRight
}

extension Canvas {
    /// Draws `text` rendered by `font` at `size` pixels, placing `anchor` of its box at `point`;
    /// with `rotated`, the text reads bottom to top (for a vertical axis label) and the box is
    /// rotated with it. Vertical placement uses the line box (ascent + descent), so labels of
    /// different letters line up.
    public mutating func draw(
        _ text: String, font: Font, size: Int, at point: Point, anchor: TextAnchor = .topLeft,
        color: RGB = .ink, rotated: Bool = false
    ) {
        let bitmap = font.render(text, size: size)
        var alpha = bitmap.alpha, w = bitmap.width, h = bitmap.height
        if rotated {
            // Rotate 90° counter-clockwise: new (x, y) = (y, w − 1 − x).
            var turned = [UInt8](repeating: 0, count: w * h)
            for y in 0..<h {
                for x in 0..<w { turned[(w - 1 - x) * h + y] = alpha[y * w + x] }
            }
            alpha = turned
            swap(&w, &h)
        }
        let (fx, fy): (Double, Double) =
            switch anchor {
            case .topLeft: (0, 0)
            case .top: (0.5, 0)
            case .topRight: (1, 0)
            case .left: (0, 0.5)
            case .center: (0.5, 0.5)
            case .right: (1, 0.5)
            case .bottomLeft: (0, 1)
            case .bottom: (0.5, 1)
            case .bottomRight: (1, 1)
            }
        let x = Int((point.x - fx * Double(w)).rounded()), y = Int((point.y - fy * Double(h)).rounded())
        blendMask(alpha, width: w, at: x, y, color: color)
    }
}
