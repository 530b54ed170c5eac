// Norms of differences over the entries a mask keeps (the nodes inside a domain).

/// ‖a − b‖₂ / ‖b‖₂ over the masked entries.
public func relativeL2(_ a: [Double], _ b: [Double], mask: [Bool]) -> Double {
    var num = 0.0, den = 0.0
    for i in a.indices where mask[i] { num += (a[i] - b[i]) * (a[i] - b[i]); den += b[i] * b[i] }
    return (num / den).squareRoot()
}

/// max |a − b| over the masked entries.
public func maxAbs(_ a: [Double], _ b: [Double], mask: [Bool]) -> Double {
    var m = 0.0
    for i in a.indices where mask[i] { m = max(m, abs(a[i] - b[i])) }
    return m
}
