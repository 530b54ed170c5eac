import PinnIO

/// An inverse problem's measurements beside the trained network's values at the same points: what
/// the data-against-fit figure draws and what a user checks the fit with. Written as
///
///     /measurements           attrs: count, dimension, rms_misfit (√(mean (u_net − u)²))
///     /measurements/points    [M, d] the measurement points (x, y[, z] per row)
///     /measurements/u         [M] the measured values
///     /measurements/u_network [M] the trained network at the points
public struct MeasurementFit: Sendable, Equatable {
    public var dimension: Int
    /// The points, `dimension` coordinates each.
    public var points: [Double]
    public var measured: [Double]
    public var network: [Double]

    public init(dimension: Int, points: [Double], measured: [Double], network: [Double]) {
        precondition(points.count == dimension * measured.count && network.count == measured.count)
        self.dimension = dimension
        self.points = points
        self.measured = measured
        self.network = network
    }

    public var count: Int { measured.count }

    /// √(mean (u_net(x_i) − u_i)²).
    public var rmsMisfit: Double {
        guard count > 0 else { return .nan }
        let sum = zip(network, measured).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        return (sum / Double(count)).squareRoot()
    }
}

extension HDF5Location {
    /// Writes `/measurements` (see `MeasurementFit`).
    public func writeMeasurementFit(_ fit: MeasurementFit) throws {
        try createGroup("/measurements")
        try setAttribute("count", to: Int64(fit.count), on: "/measurements")
        try setAttribute("dimension", to: Int64(fit.dimension), on: "/measurements")
        try setAttribute("rms_misfit", to: fit.rmsMisfit, on: "/measurements")
        try writeDataset("/measurements/points", values: fit.points, shape: [fit.count, fit.dimension])
        try writeDataset("/measurements/u", values: fit.measured)
        try writeDataset("/measurements/u_network", values: fit.network)
    }

    /// Reads `/measurements` as `writeMeasurementFit` wrote it; nil when the result has none.
    public func readMeasurementFit() throws -> MeasurementFit? {
        guard exists("/measurements/u_network") else { return nil }
        let points = try readDataset("/measurements/points", as: Double.self)
        let measured = try readDataset("/measurements/u", as: Double.self).values
        let network = try readDataset("/measurements/u_network", as: Double.self).values
        let d = points.shape.count == 2 ? points.shape[1] : 0
        guard d > 0, points.shape[0] == measured.count, network.count == measured.count else {
            throw HDF5Error.shapeMismatch(
                path: "/measurements", file: filePath, shape: points.shape, count: measured.count)
        }
        return MeasurementFit(dimension: d, points: points.values, measured: measured, network: network)
    }
}
