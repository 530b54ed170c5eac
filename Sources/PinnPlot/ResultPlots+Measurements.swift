import Foundation
import PinnResults

extension ResultPlots {
    /// The data against the fit of an inverse problem: the network's value at each measurement
    /// point against the measured value (on the diagonal when they agree), and the misfit
    /// u_net(x_i) − u_i of each measurement with its root mean square in the title.
    public static func measurementsFigure(_ fit: MeasurementFit, title: String, font: Font) -> Canvas {
        let lo = min(fit.measured.min() ?? 0, fit.network.min() ?? 0)
        let hi = max(fit.measured.max() ?? 1, fit.network.max() ?? 1)
        let parity = LineChart(
            series: [
                LineSeries(label: "u_net = u", x: [lo, hi], y: [lo, hi], color: RGB.palette[0], dash: [8, 6]),
                LineSeries(
                    label: "measurements", x: fit.measured, y: fit.network, color: .ink, lineWidth: 0,
                    marker: .disc(radius: 3))
            ],
            title: "network against data (\(fit.count) points)", xLabel: "measured u", yLabel: "network u")
        let misfit = zip(fit.network, fit.measured).map { $0 - $1 }
        let index = (0..<fit.count).map { Double($0 + 1) }
        var residuals = LineChart(
            series: [
                LineSeries(
                    label: "u_net − u", x: index, y: misfit, color: RGB.palette[1], lineWidth: 0,
                    marker: .disc(radius: 3))
            ],
            title: "misfit, rms \(String(format: "%.2e", fit.rmsMisfit))", xLabel: "measurement",
            yLabel: "u_net − u")
        residuals.showLegend = false
        let panels: [(inout Canvas, Rect) -> Void] = [
            { parity.draw(on: &$0, in: $1, font: font) }, { residuals.draw(on: &$0, in: $1, font: font) }
        ]
        return panelFigure(title: "\(title): data and fit", font: font, panels: panels)
    }
}
