import PinnNumerics

/// The error metrics of `u` over the entries where `mask` is true: relative L2 and max |·| against
/// `reference` and `exact` where given, and the reference's relative L2 against the exact solution.
public func errorMetrics(u: [Double], reference: [Double]?, exact: [Double]?, mask: [Bool]) -> [String: Double] {
    var metrics = [String: Double]()
    if let reference {
        metrics["relative_l2_vs_reference"] = relativeL2(u, reference, mask: mask)
        metrics["max_abs_error_vs_reference"] = maxAbs(u, reference, mask: mask)
    }
    if let exact {
        metrics["relative_l2_vs_exact"] = relativeL2(u, exact, mask: mask)
        metrics["max_abs_error_vs_exact"] = maxAbs(u, exact, mask: mask)
        if let reference { metrics["reference_relative_l2_vs_exact"] = relativeL2(reference, exact, mask: mask) }
    }
    return metrics
}
