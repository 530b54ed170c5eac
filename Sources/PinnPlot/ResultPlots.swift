import Foundation
import PinnIO
import PinnNumerics
import PinnResults

/// The PNG figures of a result, written beside it:
/// - PDE in 2-D (3-D: the mid-plane slice in z): `<stem>_fields.png`, heat maps of the learned
///   field, the reference (finite differences) and the error |u − exact| (or |u − reference| when
///   the problem has no exact solution); in 1-D, the curves and the error on a log scale. On a
///   triangle mesh the same maps drawn on the triangles (reference: finite elements); on a
///   tetrahedral mesh none (`tetrahedralMeshNote`).
/// - ODE: `<stem>_trajectories.png`, one panel per state (learned, reference and observations)
///   and one of the pointwise errors on a log scale.
/// - Heat and wave (a grid whose last axis is t): also `<stem>_error_time.png`, the relative L2
///   error over space at each output time, and in 2-D `<stem>_times.png`, u at four output times.
/// - Both: `<stem>_loss.png`, every loss term against the step on a log scale.
/// - An inverse problem or ODE parameter estimation: `<stem>_unknowns.png`, each unknown against the
///   step (its true value dashed); a PDE inverse problem also `<stem>_measurements.png`, the network
///   against the data and the misfit per measurement.
public enum ResultPlots {
    /// Writes the figures for the result at `resultPath` (read back from the file) and returns
    /// their paths; `note` hears why a figure is left out (a tetrahedral mesh). Each PNG is written
    /// atomically.
    @discardableResult
    public static func write(forResultAt resultPath: String, font: Font? = nil, note: (String) -> Void = { _ in })
        throws -> [String]
    {
        let result = try StoredResult.read(from: resultPath)
        let font = try font ?? Font.located()
        let stem = (resultPath as NSString).deletingPathExtension
        var written: [String] = []
        func save(_ canvas: Canvas, _ suffix: String) throws {
            let path = stem + suffix
            try PNGImage.write(canvas, to: path)
            written.append(path)
        }
        switch result {
        case .pde(let r):
            switch r.support {
            case .grid(let grid):
                try save(try fieldsFigure(r, font: font), "_fields.png")
                if grid.axes.count > 1, grid.axes.last?.name == "t" {
                    try save(errorInTimeFigure(r, grid: grid, font: font), "_error_time.png")
                    if grid.axes.count == 3 { try save(try timesFigure(r, grid: grid, font: font), "_times.png") }
                }
            case .mesh(let mesh) where mesh.dimension == 2: try save(try meshFieldsFigure(r, font: font), "_fields.png")
            case .mesh: note(tetrahedralMeshNote)
            }
            if !r.training.step.isEmpty {
                try save(lossFigure(r.training, title: lossTitle(r.summary), font: font), "_loss.png")
            }
            if let unknowns = r.unknowns, !unknowns.names.isEmpty {
                try save(
                    unknownsFigure(unknowns, steps: r.training.step, title: r.summary.problemName, font: font),
                    "_unknowns.png")
            }
            if let fit = r.measurementFit, fit.count > 0 {
                try save(measurementsFigure(fit, title: r.summary.problemName, font: font), "_measurements.png")
            }
        case .ode(let r):
            try save(try trajectoriesFigure(r, font: font), "_trajectories.png")
            if !r.training.step.isEmpty {
                try save(lossFigure(r.training, title: lossTitle(r.summary), font: font), "_loss.png")
            }
            if let unknowns = r.unknowns, !unknowns.names.isEmpty, !r.training.step.isEmpty {
                try save(
                    unknownsFigure(unknowns, steps: r.training.step, title: r.summary.problemName, font: font),
                    "_unknowns.png")
            }
        }
        return written
    }

    static func lossTitle(_ s: ResultSummary) -> String { "\(s.problemName): training loss" }

    // MARK: PDE fields

    /// The learned field, the reference and the error as heat maps (2-D, or the middle slice of the
    /// third axis in 3-D: z, or t of a 2-D heat or wave result; a 1-D one is an x–t map), or as
    /// curves in 1-D.
    public static func fieldsFigure(_ r: StoredPDEResult, font: Font) throws -> Canvas {
        guard let grid = r.grid else { return try meshFieldsFigure(r, font: font) }
        if grid.dimension == 1 { return fieldsFigure1D(r, grid: grid, font: font) }
        let x = grid.axes[0].coordinates, y = grid.axes[1].coordinates
        var slice: (Int, String)? = nil
        if grid.dimension == 3 {
            let z = grid.axes[2].coordinates
            let k = z.count / 2
            slice = (k, " (\(grid.axes[2].name) = " + String(format: "%.3g", z[k]) + ")")
        }
        let plane = x.count * y.count
        func cut(_ values: [Double]) -> [Double] {
            guard let (k, _) = slice else { return values }
            return Array(values[k * plane..<(k + 1) * plane])
        }
        let u = cut(r.u)
        let suffix = slice?.1 ?? ""
        var panels: [HeatMap] = [try HeatMap(x: x, y: y, values: u, title: "learned u" + suffix)]
        let against: [Double]?, againstName: String
        if let exact = r.exact {
            against = cut(exact); againstName = "exact"
        } else {
            against = r.reference.map(cut); againstName = "reference"
        }
        if let reference = r.reference {
            var map = try HeatMap(x: x, y: y, values: cut(reference), title: "finite-difference reference" + suffix)
            // The same colour scale as the learned field, so the two panels compare by eye.
            map.range = jointRange(u, cut(reference))
            panels[0].range = map.range
            panels.append(map)
        } else if let exact = r.exact {
            var map = try HeatMap(x: x, y: y, values: cut(exact), title: "exact u" + suffix)
            map.range = jointRange(u, cut(exact))
            panels[0].range = map.range
            panels.append(map)
        }
        if let against {
            let error = zip(u, against).map { abs($0 - $1) }
            var map = try HeatMap(
                x: x, y: y, values: error, title: "|u − u_\(againstName == "exact" ? "exact" : "ref")|" + suffix)
            let top = error.filter(\.isFinite).max() ?? 1
            map.range = (0, top > 0 ? top : 1)
            panels.append(map)
        }
        for i in panels.indices { panels[i].yLabel = grid.axes[1].name }
        return panelFigure(
            title: figureTitle(r.summary), font: font,
            panels: panels.map { panel in { panel.draw(on: &$0, in: $1, font: font) } })
    }

    /// A row of 560 × 540 panels under a title; `panels` draw themselves in the rectangle given.
    static func panelFigure(title: String, font: Font, panels: [(inout Canvas, Rect) -> Void]) -> Canvas {
        let panelWidth = 560.0, height = 540.0, header = 44.0
        var canvas = Canvas(width: Int(panelWidth) * panels.count, height: Int(height + header))
        canvas.draw(title, font: font, size: 24, at: Point(Double(canvas.width) / 2, 12), anchor: .top)
        for (k, draw) in panels.enumerated() {
            draw(&canvas, Rect(x: panelWidth * Double(k), y: header, width: panelWidth, height: height))
        }
        return canvas
    }

    /// "poisson — relative L2 vs exact 6.6e-04" (the headline metric, when there is one).
    static func figureTitle(_ s: ResultSummary) -> String {
        let name = s.kind == s.problemName ? s.problemName : "\(s.problemName) (\(s.kind))"
        for key in ["relative_l2_vs_exact", "relative_l2_vs_reference"] {
            if let v = s.metrics[key] {
                return "\(name): relative L2 error vs \(key.hasSuffix("exact") ? "exact" : "reference") "
                    + String(format: "%.2e", v)
            }
        }
        return name
    }

    /// The min and max of the finite values of both fields.
    static func jointRange(_ a: [Double], _ b: [Double]) -> (lo: Double, hi: Double)? {
        let finite = (a + b).filter(\.isFinite)
        guard let lo = finite.min(), let hi = finite.max(), hi > lo else { return nil }
        return (lo, hi)
    }

    static func fieldsFigure1D(_ r: StoredPDEResult, grid: RectilinearGrid, font: Font) -> Canvas {
        let x = grid.axes[0].coordinates
        var curves = [LineSeries(label: "learned u", x: x, y: r.u, color: RGB.palette[0], lineWidth: 3)]
        if let reference = r.reference {
            curves.append(
                LineSeries(
                    label: "finite-difference reference", x: x, y: reference, color: .ink, lineWidth: 1.6, dash: [8, 6])
            )
        }
        if let exact = r.exact {
            curves.append(
                LineSeries(label: "exact", x: x, y: exact, color: RGB.palette[1], lineWidth: 1.6, dash: [2, 4]))
        }
        var errors: [LineSeries] = []
        if let exact = r.exact {
            errors.append(
                LineSeries(
                    label: "|u − u_exact|", x: x, y: zip(r.u, exact).map { abs($0 - $1) }, color: RGB.palette[3],
                    lineWidth: 1.8))
        }
        if let reference = r.reference {
            errors.append(
                LineSeries(
                    label: "|u − u_ref|", x: x, y: zip(r.u, reference).map { abs($0 - $1) }, color: RGB.palette[2],
                    lineWidth: 1.8))
        }
        let header = 44.0
        var canvas = Canvas(width: errors.isEmpty ? 800 : 1600, height: 600)
        canvas.draw(figureTitle(r.summary), font: font, size: 24, at: Point(Double(canvas.width) / 2, 12), anchor: .top)
        LineChart(series: curves, title: "solution", xLabel: "x", yLabel: "u")
            .draw(on: &canvas, in: Rect(x: 0, y: header, width: 800, height: 600 - header), font: font)
        if !errors.isEmpty {
            LineChart(
                series: errors, title: "pointwise error", xLabel: "x", yLabel: "absolute error", yScale: .logarithmic
            )
            .draw(on: &canvas, in: Rect(x: 800, y: header, width: 800, height: 600 - header), font: font)
        }
        return canvas
    }

    // MARK: loss curves

    /// Every loss series of the history (total first) against the step, log y; a dashed line
    /// where L-BFGS takes over from Adam.
    public static func lossFigure(_ h: TrainingHistory, title: String, font: Font) -> Canvas {
        let names: [(String, String)] = [
            ("loss_total", "total"), ("loss", "loss"), ("loss_residual", "residual L_r"),
            ("loss_boundary", "boundary L_b"), ("loss_condition", "condition L_c"), ("loss_data", "data w·L_d")
        ]
        var series: [LineSeries] = []
        for (name, label) in names {
            guard let values = h.values(name), values.contains(where: { $0 > 0 && $0.isFinite }) else { continue }
            let isTotal = series.isEmpty
            series.append(
                LineSeries(
                    label: label, x: h.step, y: values, color: isTotal ? .ink : RGB.palette[series.count - 1],
                    lineWidth: isTotal ? 2.4 : 1.8))
        }
        var chart = LineChart(series: series, title: title, xLabel: "step", yLabel: "loss", yScale: .logarithmic)
        if let start = h.lbfgsStart { chart.markers = [VerticalMarker(x: start, label: "L-BFGS")] }
        var canvas = Canvas(width: 1200, height: 700)
        chart.draw(on: &canvas, in: Rect(x: 0, y: 0, width: 1200, height: 700), font: font)
        return canvas
    }

    // MARK: space-time

    /// A heat or wave result (last axis t): the relative L2 error over space at each output time,
    /// against the exact solution and the reference, on a log scale.
    public static func errorInTimeFigure(_ r: StoredPDEResult, grid: RectilinearGrid, font: Font) -> Canvas {
        let times = grid.axes[grid.axes.count - 1].coordinates
        let plane = r.u.count / max(1, times.count)
        func errors(_ truth: [Double]) -> [Double] {
            times.indices.map { k in
                var difference = 0.0, norm = 0.0
                for i in k * plane..<(k + 1) * plane where truth[i].isFinite && r.u[i].isFinite {
                    difference += (r.u[i] - truth[i]) * (r.u[i] - truth[i])
                    norm += truth[i] * truth[i]
                }
                return norm > 0 ? (difference / norm).squareRoot() : (difference > 0 ? .infinity : 0)
            }
        }
        var series: [LineSeries] = []
        for (label, truth) in [("vs exact", r.exact), ("vs reference", r.reference)] {
            guard let truth else { continue }
            series.append(
                LineSeries(label: label, x: times, y: errors(truth), color: series.isEmpty ? .ink : RGB.palette[0]))
        }
        let chart = LineChart(
            series: series, title: "\(r.summary.problemName): relative L2 error over space at each time", xLabel: "t",
            yLabel: "relative L2 error", yScale: .logarithmic)
        var canvas = Canvas(width: 1200, height: 700)
        chart.draw(on: &canvas, in: Rect(x: 0, y: 0, width: 1200, height: 700), font: font)
        return canvas
    }

    /// A 2-D heat or wave result: the learned u at four output times (the first, the last and two
    /// between), on one colour scale.
    public static func timesFigure(_ r: StoredPDEResult, grid: RectilinearGrid, font: Font) throws -> Canvas {
        let x = grid.axes[0].coordinates, y = grid.axes[1].coordinates, times = grid.axes[2].coordinates
        let plane = x.count * y.count
        let chosen = Array(Set([0, times.count / 3, 2 * times.count / 3, times.count - 1])).sorted()
        let finite = r.u.filter(\.isFinite)
        let range = (finite.min() ?? 0, finite.max() ?? 1)
        let panels = try chosen.map { k in
            var map = try HeatMap(
                x: x, y: y, values: Array(r.u[k * plane..<(k + 1) * plane]),
                title: "learned u (t = " + String(format: "%.3g", times[k]) + ")")
            map.range = range.0 < range.1 ? range : (range.0 - 1, range.1 + 1)
            return map
        }
        return panelFigure(
            title: figureTitle(r.summary), font: font,
            panels: panels.map { panel in { panel.draw(on: &$0, in: $1, font: font) } })
    }

    // MARK: unknowns

    /// One panel per unknown (at most four): its value against the training step, and its true
    /// value as a dashed line when the problem states one.
    public static func unknownsFigure(_ u: StoredUnknowns, steps: [Double], title: String, font: Font) -> Canvas {
        let panels = u.names.indices.prefix(4).map { j -> (inout Canvas, Rect) -> Void in
            let history = u.history[j], x = Array(steps.prefix(history.count))
            var series = [LineSeries(label: "learned", x: x, y: history, color: .ink)]
            if u.trueValues[j].isFinite, let first = x.first, let last = x.last {
                series.append(
                    LineSeries(
                        label: "true", x: [first, last], y: [u.trueValues[j], u.trueValues[j]], color: RGB.palette[0],
                        dash: [8, 6]))
            }
            let chart = LineChart(
                series: series,
                title:
                    "\(u.names[j]) = \(String(format: "%.6g", u.values[j])) ± \(String(format: "%.1e", u.standardErrors[j]))",
                xLabel: "step", yLabel: u.names[j])
            return { chart.draw(on: &$0, in: $1, font: font) }
        }
        return panelFigure(title: "\(title): unknowns", font: font, panels: panels)
    }

    // MARK: ODE trajectories

    /// One panel per state: the learned trajectory, the reference and the observations (filled
    /// inside the training window, hollow after it), with the end of the training window marked.
    public static func trajectoriesFigure(_ r: StoredODEResult, font: Font) throws -> Canvas {
        let n = r.stateNames.count
        guard n > 0, !r.times.isEmpty else { throw PlotError.invalidData("the ODE result has no states or times") }
        let panelHeight = 340.0, width = 1400.0, header = 44.0
        var canvas = Canvas(width: Int(width), height: Int(header + panelHeight * Double(n + 1)))
        canvas.draw(odeTitle(r), font: font, size: 24, at: Point(width / 2, 12), anchor: .top)
        let training = r.observationTimes.indices.filter { r.observationTimes[$0] <= r.trainUntil }
        let later = r.observationTimes.indices.filter { r.observationTimes[$0] > r.trainUntil }
        // Many observations would hide the curves: draw them first, smaller and lighter.
        let dense = r.observationTimes.count > 300
        let dot = RGB(hex: dense ? 0xA0A0A0 : 0x555555), radius = dense ? 1.8 : 2.6
        var charts: [LineChart] = []
        let nt = r.times.count
        for (k, name) in r.stateNames.enumerated() {
            var series: [LineSeries] = []
            // Missing observations (NaN) are not drawn.
            let trainingHere = training.filter { !r.observations[$0][k].isNaN }
            let laterHere = later.filter { !r.observations[$0][k].isNaN }
            if !trainingHere.isEmpty {
                series.append(
                    LineSeries(
                        label: "observations (training)", x: trainingHere.map { r.observationTimes[$0] },
                        y: trainingHere.map { r.observations[$0][k] }, color: dot, lineWidth: 0,
                        marker: .disc(radius: radius)))
            }
            if !laterHere.isEmpty {
                series.append(
                    LineSeries(
                        label: "observations (held out)", x: laterHere.map { r.observationTimes[$0] },
                        y: laterHere.map { r.observations[$0][k] }, color: dot, lineWidth: 0,
                        marker: .circle(radius: radius + 0.6)))
            }
            // One learned and one reference curve per trajectory; the legend names the first.
            for q in 0..<r.trajectoryCount {
                let rows = (q * nt)..<((q + 1) * nt)
                series += [
                    LineSeries(
                        label: q == 0 ? "learned (\(r.modelType))" : "", x: r.times, y: r.learned[rows].map { $0[k] },
                        color: RGB.palette[k % 10], lineWidth: 2.6),
                    LineSeries(
                        label: q == 0 ? "reference" : "", x: r.times, y: r.reference[rows].map { $0[k] }, color: .ink,
                        lineWidth: 1.6, dash: [8, 6])
                ]
            }
            var chart = LineChart(series: series, title: "", xLabel: "", yLabel: name)
            chart.xRange = (r.times[0], r.times[r.times.count - 1])
            if r.trainUntil < r.times[r.times.count - 1] {
                chart.markers = [VerticalMarker(x: r.trainUntil, label: "end of training window")]
            }
            chart.showLegend = k == 0
            chart.legendOutside = true
            charts.append(chart)
        }
        // The pointwise error of every state on a log scale: where the curves above overlap, this
        // shows how far apart they are and how the error grows beyond the training window.
        // With several trajectories: the largest error over them at each time.
        let errors = r.stateNames.enumerated().map { k, name in
            LineSeries(
                label: "|\(name) − \(name)_ref|", x: r.times,
                y: (0..<nt).map { i in
                    (0..<r.trajectoryCount).map { q in abs(r.learned[q * nt + i][k] - r.reference[q * nt + i][k]) }
                        .max() ?? 0
                },
                color: RGB.palette[k % 10], lineWidth: 1.8)
        }
        var chart = LineChart(series: errors, title: "", xLabel: "t", yLabel: "absolute error", yScale: .logarithmic)
        chart.xRange = (r.times[0], r.times[r.times.count - 1])
        if r.trainUntil < r.times[r.times.count - 1] {
            chart.markers = [VerticalMarker(x: r.trainUntil, label: "end of training window")]
        }
        chart.legendOutside = true
        charts.append(chart)
        // One set of margins for all panels, so their time axes line up.
        let margins = charts.map { $0.requiredMargins(font: font) }
        let shared = (left: margins.map(\.left).max() ?? 0, right: margins.map(\.right).max() ?? 0)
        for (k, var chart) in charts.enumerated() {
            chart.margins = shared
            chart.draw(
                on: &canvas, in: Rect(x: 0, y: header + panelHeight * Double(k), width: width, height: panelHeight),
                font: font)
        }
        return canvas
    }

    static func odeTitle(_ r: StoredODEResult) -> String {
        var title = "\(r.summary.problemName) (\(r.modelType))"
        if let v = r.summary.metrics["relative_l2_train_window"] {
            title += String(format: ": relative L2 train window %.2e", v)
        }
        if let v = r.summary.metrics["relative_l2_extrapolation"] { title += String(format: ", extrapolation %.2e", v) }
        return title
    }
}
