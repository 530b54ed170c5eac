/// A sequential colour map: a piecewise-linear path through anchor colours over [0, 1].
public struct ColorMap: Sendable {
    /// Anchor positions in [0, 1], increasing, first 0 and last 1.
    public let positions: [Double]
    /// The colour at each anchor.
    public let colors: [RGB]

    public init(positions: [Double], colors: [RGB]) {
        precondition(positions.count == colors.count && positions.count >= 2, "a colour map needs two or more anchors")
        precondition(positions.first == 0 && positions.last == 1, "anchors must span [0, 1]")
        self.positions = positions
        self.colors = colors
    }

    /// The colour at `t` (clamped to [0, 1]), interpolated linearly between the neighbouring anchors.
    public func color(at t: Double) -> RGB {
        guard t.isFinite else { return colors[0] }
        let t = min(max(t, 0), 1)
        var lo = 0, hi = positions.count - 1
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if positions[mid] <= t { lo = mid } else { hi = mid }
        }
        let span = positions[hi] - positions[lo]
        return colors[lo].mixed(with: colors[hi], by: span > 0 ? (t - positions[lo]) / span : 0)
    }

    /// Viridis (van der Walt & Smith, 2015; matplotlib's default map, data released under CC0):
    /// dark blue-violet → teal → yellow, lightness increasing monotonically, designed to be
    /// perceptually uniform in CAM02-UCS and readable in grey scale and with colour-vision deficiency.
    ///
    /// The published definition is a table of 256 sRGB colours at t = i/255. This map keeps 33
    /// of them (i = round(k·255/32), k = 0…32: about every 8th entry, both ends included), rounded to
    /// 8 bits, and interpolates linearly in between; against the full table that is within 2/255 per
    /// channel.
    public static let viridis: ColorMap = {
        let hex: [UInt32] = [
            0x440154, 0x470D60, 0x48186A, 0x482374, 0x472D7B, 0x453781, 0x424086, 0x3E4989,
            0x3B528B, 0x375B8D, 0x33638D, 0x2F6B8E, 0x2C728E, 0x297A8E, 0x26828E, 0x23898E,
            0x21918C, 0x1F978B, 0x1F9F88, 0x21A685, 0x27AD81, 0x31B57B, 0x3DBC74, 0x4CC26C,
            0x5CC863, 0x6ECE58, 0x81D34D, 0x95D840, 0xAADC32, 0xC0DF25, 0xD5E21A, 0xEAE51A,
            0xFDE725
        ]
        // Table index of anchor k: round(k·255/32) (0, 8, 16, …, 247, 255).
        let positions = hex.indices.map { k in (Double(k) * 255 / 32).rounded() / 255 }
        return ColorMap(positions: positions, colors: hex.map { RGB(hex: $0) })
    }()
}
