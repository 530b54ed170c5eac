import Foundation

/// An expression compiled to a flat postfix program for a small stack machine: one pass over
/// the instructions per evaluation, no recursion and no allocation (the stack, of known depth,
/// lives in a temporary allocation on the caller's stack frame).
///
/// Single points run the program lane by lane (`run(_:values:stack:)`); batches run it on
/// blocks of points, one instruction over the whole block at a time, so the dispatch cost is
/// shared by the block (see ExpressionProgram+Batch.swift). Both perform the same IEEE
/// operations in the same order, so they give bit-identical results.
struct ExpressionProgram: Sendable {
    /// One stack-machine instruction; operands are popped from the top and results pushed.
    enum Instruction: Sendable {
        case constant(Double)
        /// Push `values[index]`.
        case variable(Int)
        case negate, add, subtract, multiply, divide, power
        /// a^2 computed as a·a, as `ArithmeticOperator.power` does.
        case square
        /// top ← top ∘ c: fused "push constant, operate" (halves dispatches on common shapes).
        case addConstant(Double)
        case subtractConstant(Double)
        case multiplyConstant(Double)
        case divideConstant(Double)
        case powerConstant(Double)
        /// top ← top ∘ values[index]: fused "push variable, operate".
        case addVariable(Int)
        case subtractVariable(Int)
        case multiplyVariable(Int)
        case divideVariable(Int)
        case function(ElementaryFunction)
        case function2(BinaryFunction)
    }

    let instructions: [Instruction]
    /// The largest number of values on the stack at any point of a run.
    let stackDepth: Int

    /// Compiles `root`, whose variables must all be in `variables` (their positions become indices).
    init(_ root: ExpressionNode, variables: [String]) {
        var indices: [String: Int] = [:]
        for (index, name) in variables.enumerated() where indices[name] == nil { indices[name] = index }
        var instructions: [Instruction] = []
        Self.emit(root, indices: indices, into: &instructions)
        self.instructions = instructions

        var depth = 0, maximum = 0
        for instruction in instructions {
            switch instruction {
            case .constant, .variable: depth += 1
            case .add, .subtract, .multiply, .divide, .power, .function2: depth -= 1
            case .negate, .square, .function, .addConstant, .subtractConstant, .multiplyConstant,
                .divideConstant, .powerConstant, .addVariable, .subtractVariable, .multiplyVariable,
                .divideVariable:
                break
            }
            maximum = Swift.max(maximum, depth)
        }
        stackDepth = maximum
    }

    private static func emit(_ node: ExpressionNode, indices: [String: Int], into code: inout [Instruction]) {
        switch node {
        case .constant(let c):
            code.append(.constant(c))
        case .variable(let name):
            code.append(.variable(index(of: name, in: indices)))
        case .negate(let a):
            emit(a, indices: indices, into: &code)
            code.append(.negate)
        case .binary(.power, let a, .constant(2)):
            emit(a, indices: indices, into: &code)
            code.append(.square)
        case .binary(let op, let a, .constant(let c)):
            emit(a, indices: indices, into: &code)
            switch op {
            case .add: code.append(.addConstant(c))
            case .subtract: code.append(.subtractConstant(c))
            case .multiply: code.append(.multiplyConstant(c))
            case .divide: code.append(.divideConstant(c))
            case .power: code.append(.powerConstant(c))
            }
        case .binary(let op, let a, .variable(let name)):
            emit(a, indices: indices, into: &code)
            let index = Self.index(of: name, in: indices)
            switch op {
            case .add: code.append(.addVariable(index))
            case .subtract: code.append(.subtractVariable(index))
            case .multiply: code.append(.multiplyVariable(index))
            case .divide: code.append(.divideVariable(index))
            case .power: code.append(contentsOf: [.variable(index), .power])
            }
        case .binary(let op, let a, let b):
            emit(a, indices: indices, into: &code)
            emit(b, indices: indices, into: &code)
            switch op {
            case .add: code.append(.add)
            case .subtract: code.append(.subtract)
            case .multiply: code.append(.multiply)
            case .divide: code.append(.divide)
            case .power: code.append(.power)
            }
        case .call(let f, let a):
            emit(a, indices: indices, into: &code)
            code.append(.function(f))
        case .call2(let f, let a, let b):
            emit(a, indices: indices, into: &code)
            emit(b, indices: indices, into: &code)
            code.append(.function2(f))
        }
    }

    private static func index(of name: String, in indices: [String: Int]) -> Int {
        guard let index = indices[name] else {
            preconditionFailure("expression uses variable '\(name)', which is not among its variables")
        }
        return index
    }

    /// Runs `code` once, reading variable i from `values[i]`, using `stack` (≥ `stackDepth` slots).
    @inline(__always)
    static func run(
        _ code: UnsafeBufferPointer<Instruction>, values: UnsafeBufferPointer<Double>,
        stack: UnsafeMutableBufferPointer<Double>
    ) -> Double {
        var top = -1
        for instruction in code {
            switch instruction {
            case .constant(let c):
                top += 1
                stack[top] = c
            case .variable(let index):
                top += 1
                stack[top] = values[index]
            case .negate:
                stack[top] = -stack[top]
            case .square:
                let a = stack[top]
                stack[top] = a * a
            case .add:
                top -= 1
                stack[top] = stack[top] + stack[top + 1]
            case .subtract:
                top -= 1
                stack[top] = stack[top] - stack[top + 1]
            case .multiply:
                top -= 1
                stack[top] = stack[top] * stack[top + 1]
            case .divide:
                top -= 1
                stack[top] = stack[top] / stack[top + 1]
            case .power:
                top -= 1
                stack[top] = ArithmeticOperator.power.apply(stack[top], stack[top + 1])
            case .addConstant(let c):
                stack[top] = stack[top] + c
            case .subtractConstant(let c):
                stack[top] = stack[top] - c
            case .multiplyConstant(let c):
                stack[top] = stack[top] * c
            case .divideConstant(let c):
                stack[top] = stack[top] / c
            case .powerConstant(let c):
                stack[top] = ArithmeticOperator.power.apply(stack[top], c)
            case .addVariable(let index):
                stack[top] = stack[top] + values[index]
            case .subtractVariable(let index):
                stack[top] = stack[top] - values[index]
            case .multiplyVariable(let index):
                stack[top] = stack[top] * values[index]
            case .divideVariable(let index):
                stack[top] = stack[top] / values[index]
            case .function(let f):
                stack[top] = f.apply(stack[top])
            case .function2(let f):
                top -= 1
                stack[top] = f.apply(stack[top], stack[top + 1])
            }
        }
        return stack[0]
    }
}
