extension Expression {
    /// The value at one point, `values[i]` being the value of `variables[i]`.
    /// Runs the compiled program; allocates nothing.
    /// - Precondition: `values.count >= variables.count`.
    public func evaluate(_ values: [Double]) -> Double {
        precondition(
            values.count >= variables.count,
            "evaluate needs \(variables.count) values (\(variables)), got \(values.count)")
        return values.withUnsafeBufferPointer { evaluate($0) }
    }

    /// The value at one point, `values[i]` being the value of `variables[i]`.
    /// - Precondition: `values.count >= variables.count`.
    public func evaluate(_ values: UnsafeBufferPointer<Double>) -> Double {
        precondition(
            values.count >= variables.count,
            "evaluate needs \(variables.count) values (\(variables)), got \(values.count)")
        return program.instructions.withUnsafeBufferPointer { code in
            withUnsafeTemporaryAllocation(of: Double.self, capacity: Swift.max(program.stackDepth, 1)) { stack in
                ExpressionProgram.run(code, values: values, stack: stack)
            }
        }
    }

    /// Evaluates at `columns` points stored column-major in a `rows × columns` matrix (one column
    /// per point, row i holding `variables[i]`, so point j is `points[j·rows ..< (j+1)·rows]`),
    /// writing the value at point j to `output[j]`. `output` is resized to `columns` if its count
    /// differs; reuse it to avoid allocation. No allocation per point.
    /// - Precondition: `rows >= variables.count` and `points.count >= rows·columns`.
    public func evaluate(
        columns: Int, rows: Int, _ points: UnsafeBufferPointer<Double>,
        into output: inout [Double]
    ) {
        precondition(rows >= variables.count, "points have \(rows) rows, fewer than the variables \(variables)")
        precondition(
            columns >= 0 && points.count >= rows * columns,
            "\(points.count) values cannot hold \(columns) points of \(rows) rows")
        if output.count != columns { output = [Double](repeating: 0, count: columns) }
        output.withUnsafeMutableBufferPointer { out in
            program.run(points: points, stride: rows, count: columns, output: out)
        }
    }

    /// Evaluates at `columns` points stored column-major in `points` (see the pointer version).
    public func evaluate(columns: Int, rows: Int, _ points: [Double], into output: inout [Double]) {
        points.withUnsafeBufferPointer { evaluate(columns: columns, rows: rows, $0, into: &output) }
    }
}
