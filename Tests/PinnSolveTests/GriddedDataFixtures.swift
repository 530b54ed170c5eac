import Foundation
import PinnIO

/// Writes small gridded data files for the tests, with the project's NetCDF and HDF5 writers.
enum GriddedDataFixtures {
    /// n equally spaced nodes from `lower` to `upper`.
    static func nodes(_ n: Int, _ lower: Double, _ upper: Double) -> [Double] {
        (0..<n).map { lower + (upper - lower) * Double($0) / Double(n - 1) }
    }

    /// A NetCDF-4 file with 2-D variable `name` over dimensions (y, x) — or (x, y) when `transposed`
    /// — sampled from `f(x, y)`, with CF coordinate variables x and y.
    static func writeNetCDF2D(
        _ path: String, name: String = "f", x: [Double], y: [Double], transposed: Bool = false,
        fill: Double? = nil, f: (Double, Double) -> Double
    ) throws {
        try createFolder(of: path)
        try NetCDFFile.writeAtomically(to: path) { file in
            let root = file.root
            try root.defineDimension("x", length: x.count)
            try root.defineDimension("y", length: y.count)
            try root.defineVariable("x", type: Double.self, dimensions: ["x"]).write(x)
            try root.defineVariable("y", type: Double.self, dimensions: ["y"]).write(y)
            let variable = try root.defineVariable(
                name, type: Double.self, dimensions: transposed ? ["x", "y"] : ["y", "x"],
                fill: fill)
            var values: [Double] = []
            if transposed {
                for xi in x { for yj in y { values.append(f(xi, yj)) } }
            } else {
                for yj in y { for xi in x { values.append(f(xi, yj)) } }
            }
            try variable.write(values)
        }
    }

    /// An HDF5 file with the 2-D dataset `dataset` (shape [ny, nx]) sampled from `f(x, y)` and the
    /// coordinate datasets /x, /y, attached as dimension scales when `attachScales`.
    static func writeHDF5Grid2D(
        _ path: String, dataset: String = "/fields/f", x: [Double], y: [Double],
        attachScales: Bool = true, f: (Double, Double) -> Double
    ) throws {
        try createFolder(of: path)
        try HDF5File.writeAtomically(to: path) { file in
            try file.writeDataset("/x", values: x)
            try file.writeDataset("/y", values: y)
            var values: [Double] = []
            for yj in y { for xi in x { values.append(f(xi, yj)) } }
            try file.writeDataset(dataset, values: values, shape: [y.count, x.count])
            if attachScales {
                try file.makeDimensionScale("/x", name: "x")
                try file.makeDimensionScale("/y", name: "y")
                try file.attachScale(to: dataset, scale: "/y", dimension: 0)
                try file.attachScale(to: dataset, scale: "/x", dimension: 1)
            }
        }
    }

    static func createFolder(of path: String) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true)
    }

    /// A fresh folder `<tmp>/pinn-<label>-<uuid>/problems` for a problem file and its data; the
    /// project folder is its parent. Remove the parent when done.
    static func problemFolder(_ label: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pinn-\(label)-\(UUID().uuidString)")
            .appendingPathComponent("problems")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}
