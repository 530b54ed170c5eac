/// Why a plot could not be made or written.
public enum PlotError: Error, Equatable, Sendable, CustomStringConvertible {
    /// libpng refused to encode or decode (its message).
    case png(path: String, message: String)
    /// No usable TrueType font was found (the places tried).
    case noFont(tried: [String])
    /// FreeType failed (the call and its error code).
    case freeType(call: String, code: Int32, font: String)
    /// The data cannot be plotted (what is wrong).
    case invalidData(String)

    public var description: String {
        switch self {
        case .png(let path, let message): "\(path): PNG: \(message)"
        case .noFont(let tried):
            "no font for plot text (tried \(tried.joined(separator: ", "))); install fonts-dejavu-core or set PINN_PLOT_FONT to a .ttf file"
        case .freeType(let call, let code, let font): "\(font): FreeType \(call) failed with error \(code)"
        case .invalidData(let message): "cannot plot: \(message)"
        }
    }
}
