import FuzzSupport
import PinnProblems

/// The expression language: parsing (lexer, parser, constant folding), compiling, evaluating at a
/// point and in batches, printing, and symbolic derivatives. Expected failures are
/// `ExpressionError`s; anything else (a trap, a sanitizer report, a hang) is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExpression(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let text = FuzzDriver.text(data, count)
    let variables = ["x", "y", "z", "t"]
    guard let expression = try? Expression.parse(text, variables: variables, parameters: ["k": 2, "omega": 0.5])
    else { return 0 }
    let point = [0.25, -0.5, 1.5, 0.75]
    _ = expression.evaluate(point)
    var output: [Double] = []
    expression.evaluate(columns: 3, rows: 4, point + point.reversed() + [0, 0, 0, 0], into: &output)
    _ = expression.constantValue
    // Printing gives text that parses again (folded constants aside, which may print as inf/nan).
    let printed = expression.root.description
    _ = try? Expression.parse(printed, variables: variables)
    let derivative = expression.derivative(withRespectTo: "x")
    _ = derivative.evaluate(point)
    return 0
}

@_cdecl("FuzzExpression_main")
public func fuzzExpressionMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzDriver.run(argc, argv, fuzzExpression)
}
