import Foundation

extension ExpressionProgram {
    /// Points per block: each instruction runs over this many points before the next one.
    static let blockSize = 64

    /// Runs the program at `count` points: point j reads its variables from
    /// `points[j·stride ..< (j+1)·stride]` and writes `output[j]`. The work stack holds
    /// `stackDepth` blocks of `blockSize` values, allocated once per call.
    func run(
        points: UnsafeBufferPointer<Double>, stride: Int, count: Int,
        output: UnsafeMutableBufferPointer<Double>
    ) {
        guard count > 0, let out = output.baseAddress else { return }
        // Points are empty only when there are no variables, so no instruction reads them.
        let points = points.baseAddress ?? UnsafePointer(out)
        let b = Self.blockSize
        instructions.withUnsafeBufferPointer { code in
            withUnsafeTemporaryAllocation(of: Double.self, capacity: Swift.max(stackDepth, 1) * b) { stack in
                guard let stack = stack.baseAddress else { return }
                var start = 0
                while start < count {
                    let lanes = Swift.min(b, count - start)
                    Self.runBlock(code, points: points + start * stride, stride: stride, lanes: lanes, stack: stack)
                    (out + start).update(from: stack, count: lanes)
                    start += lanes
                }
            }
        }
    }

    /// Runs `code` on `lanes` ≤ `blockSize` points; the result is left in `stack[0 ..< lanes]`.
    private static func runBlock(
        _ code: UnsafeBufferPointer<Instruction>, points: UnsafePointer<Double>,
        stride: Int, lanes: Int, stack: UnsafeMutablePointer<Double>
    ) {
        let b = blockSize
        var top = stack - b // the block on top of the stack
        for instruction in code {
            switch instruction {
            case .constant(let c):
                top += b
                top.update(repeating: c, count: lanes)
            case .variable(let index):
                top += b
                for k in 0..<lanes { top[k] = points[k &* stride &+ index] }
            case .negate:
                for k in 0..<lanes { top[k] = -top[k] }
            case .square:
                for k in 0..<lanes { top[k] = top[k] * top[k] }
            case .add:
                top -= b
                for k in 0..<lanes { top[k] = top[k] + top[b &+ k] }
            case .subtract:
                top -= b
                for k in 0..<lanes { top[k] = top[k] - top[b &+ k] }
            case .multiply:
                top -= b
                for k in 0..<lanes { top[k] = top[k] * top[b &+ k] }
            case .divide:
                top -= b
                for k in 0..<lanes { top[k] = top[k] / top[b &+ k] }
            case .power:
                top -= b
                for k in 0..<lanes { top[k] = ArithmeticOperator.power.apply(top[k], top[b &+ k]) }
            case .addConstant(let c):
                for k in 0..<lanes { top[k] = top[k] + c }
            case .subtractConstant(let c):
                for k in 0..<lanes { top[k] = top[k] - c }
            case .multiplyConstant(let c):
                for k in 0..<lanes { top[k] = top[k] * c }
            case .divideConstant(let c):
                for k in 0..<lanes { top[k] = top[k] / c }
            case .powerConstant(let c):
                for k in 0..<lanes { top[k] = ArithmeticOperator.power.apply(top[k], c) }
            case .addVariable(let index):
                for k in 0..<lanes { top[k] = top[k] + points[k &* stride &+ index] }
            case .subtractVariable(let index):
                for k in 0..<lanes { top[k] = top[k] - points[k &* stride &+ index] }
            case .multiplyVariable(let index):
                for k in 0..<lanes { top[k] = top[k] * points[k &* stride &+ index] }
            case .divideVariable(let index):
                for k in 0..<lanes { top[k] = top[k] / points[k &* stride &+ index] }
            case .function(let f):
                apply(f, top, lanes)
            case .function2(let f):
                top -= b
                apply(f, top, top + b, lanes)
            }
        }
    }

    /// x[k] ← f(x[k]) for k < n, with the choice of f made once, outside the loop.
    private static func apply(_ f: ElementaryFunction, _ x: UnsafeMutablePointer<Double>, _ n: Int) {
        switch f {
        case .sin: for k in 0..<n { x[k] = Foundation.sin(x[k]) }
        case .cos: for k in 0..<n { x[k] = Foundation.cos(x[k]) }
        case .tan: for k in 0..<n { x[k] = Foundation.tan(x[k]) }
        case .asin: for k in 0..<n { x[k] = Foundation.asin(x[k]) }
        case .acos: for k in 0..<n { x[k] = Foundation.acos(x[k]) }
        case .atan: for k in 0..<n { x[k] = Foundation.atan(x[k]) }
        case .sinh: for k in 0..<n { x[k] = Foundation.sinh(x[k]) }
        case .cosh: for k in 0..<n { x[k] = Foundation.cosh(x[k]) }
        case .tanh: for k in 0..<n { x[k] = Foundation.tanh(x[k]) }
        case .exp: for k in 0..<n { x[k] = Foundation.exp(x[k]) }
        case .log: for k in 0..<n { x[k] = Foundation.log(x[k]) }
        case .sqrt, .abs, .sign: for k in 0..<n { x[k] = f.apply(x[k]) }
        }
    }

    /// x[k] ← f(x[k], y[k]) for k < n.
    private static func apply(
        _ f: BinaryFunction, _ x: UnsafeMutablePointer<Double>,
        _ y: UnsafeMutablePointer<Double>, _ n: Int
    ) {
        switch f {
        case .atan2: for k in 0..<n { x[k] = Foundation.atan2(x[k], y[k]) }
        case .min: for k in 0..<n { x[k] = Double.minimum(x[k], y[k]) }
        case .max: for k in 0..<n { x[k] = Double.maximum(x[k], y[k]) }
        }
    }
}
