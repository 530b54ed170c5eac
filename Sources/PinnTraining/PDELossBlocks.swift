import PinnNetwork
import PinnNumerics

/// A `PDELoss` cut into K blocks of collocation points, K fixed by the problem (not by the number
/// of processes), each process of a `ProcessGroup` computing its own blocks (`BlockOwnership`),
/// every block's values gathered and added up in block order on every process.
///
/// Block b holds the interior points ⌊n·b/K⌋ ..< ⌊n·(b+1)/K⌋ (likewise boundary points and
/// measurements) and is an ordinary `PDELoss` whose terms are means over its own points; with the
/// shares s_b = n_b/n and t_b = n_{b,boundary}/n_boundary,
///
///     L_r = Σ_b s_b·L_{r,b},   L_b = Σ_b t_b·L_{b,b},   ∇L_r = Σ_b s_b·∇L_{r,b},   ∇L_b = Σ_b t_b·∇L_{b,b}
///
/// summed in float64 in the order b = 0, 1, …, K−1 whoever computed block b, so one process and any
/// number of processes get the same bits. A block's measurements carry the weight
/// w·(m_b/m)·(n/n_b), so that s_b times its data term is its part of w·mean (u − u_m)². For
/// Gauss–Newton the rows of ρ = [r/√n ; √λ·b/√n_b ; …] of block b are its own rows times √s_b (√t_b
/// for boundary rows): the rows of the blocks, one after the other, are the rows of ρ and J.
///
/// A loss with unknowns (an inverse problem) is one block: its coefficients are evaluated for the
/// whole batch at once. So is a loss with causal weighting (heat and wave): its weights come from
/// the mean residual of every time slab over the whole batch.
public struct PDELossBlocks<T: PinnScalar> {
    /// The number of blocks a loss is cut into unless the problem says otherwise (training.blocks):
    /// divisible by 1, 2, 3, 4 and 6 processes.
    public static var defaultCount: Int { 12 }

    /// The whole batch.
    public private(set) var whole: PDELoss<T>
    public let ownership: BlockOwnership
    let group: any ProcessGroup
    /// This process's blocks, in block order.
    private var blocks: [PDELoss<T>]
    /// Per block (all K): the interior (and data) share s_b and the boundary share t_b.
    private let interiorShare: [Double], boundaryShare: [Double]
    /// Per block (all K): the rows of ρ it has (interior, boundary, measurements).
    private let rows: [(interior: Int, boundary: Int, data: Int)]
    private var local: [Double] = [], gathered: [Double] = [], sums: [Double] = [], counts: [Int] = []
    /// One per block of this process: where its evaluation goes.
    private let scratch: [BlockScratch<T>]

    /// `loss` cut into `requested` blocks (fewer when it has fewer interior or boundary points, one
    /// with unknowns), this process owning its share of them in `group`.
    public init(_ loss: PDELoss<T>, blocks requested: Int = PDELossBlocks.defaultCount, group: any ProcessGroup) {
        let n = loss.interior.points.cols, nb = loss.boundary.points.cols
        let nd = loss.measurements?.points.cols ?? 0
        var k = max(1, min(requested, n))
        if nb > 0 { k = min(k, nb) }
        if loss.unknownCount > 0 || loss.interior.causal != nil { k = 1 }
        whole = loss
        self.group = group
        ownership = BlockOwnership(blockCount: k, rank: group.rank, size: group.size)
        var s: [Double] = [], t: [Double] = [], r: [(Int, Int, Int)] = []
        for b in 0..<k {
            let ni = BlockOwnership.range(of: b, blocks: k, total: n).count
            let nbb = BlockOwnership.range(of: b, blocks: k, total: nb).count
            let ndb = BlockOwnership.range(of: b, blocks: k, total: nd).count
            s.append(k == 1 ? 1 : Double(ni) / Double(n))
            t.append(k == 1 ? 1 : Double(nbb) / Double(max(1, nb)))
            r.append((ni, nbb, ndb))
        }
        interiorShare = s
        boundaryShare = t
        rows = r
        blocks = k == 1 ? (ownership.owned.isEmpty ? [] : [loss]) : ownership.owned.map { loss.block($0, of: k) }
        scratch = blocks.map { _ in BlockScratch() }
    }

    /// Runs `body(i)` for this process's blocks i = 0 ..< `count` at the same time on the worker pool,
    /// one block a part: the block's own parallel loops find the pool busy and run on the thread that
    /// took it, so the work is split into few large parts, and a block's bits do not depend on the
    /// thread (the serial and the threaded loops cut the work alike).
    private static func forEachBlock(_ count: Int, _ body: (Int) -> Void) {
        withoutActuallyEscaping(body) { body in Parallel.forParts(count, BlockParts(body: body)) }
    }

    /// Holds the causal weights at their values for `net` (`PDELoss.freezeCausalWeights`), computed
    /// over the whole batch; a loss with causal weighting is one block, which takes them.
    public mutating func freezeCausalWeights(_ net: Siren<T>) {
        guard whole.interior.causal != nil else { return }
        whole.freezeCausalWeights(net)
        for i in blocks.indices { blocks[i].interior.frozenCausalWeights = whole.interior.frozenCausalWeights }
    }

    /// Computes the causal weights at every evaluation again (`PDELoss.thawCausalWeights`).
    public mutating func thawCausalWeights() {
        whole.thawCausalWeights()
        for i in blocks.indices { blocks[i].thawCausalWeights() }
    }

    /// Sets the whole batch's (and the blocks') coefficients at the unknowns `p`.
    public mutating func setUnknowns(_ p: [Double]) {
        whole.setUnknowns(p)
        if ownership.blockCount == 1 {
            for i in blocks.indices { blocks[i].setUnknowns(p) }
        }
    }

    /// Values per block in `gathered` after each process wrote `stride` values per owned block in `local`.
    private mutating func gather(stride: Int) {
        if counts.count != group.size { counts = [Int](repeating: 0, count: group.size) }
        for r in 0..<group.size { counts[r] = ownership.blocks(of: r).count * stride }
        group.allGather(local, counts: counts, into: &gathered)
    }

    /// The loss terms and their gradients as `PDELoss.evaluate(_:residualGradient:boundaryGradient:unknownGradient:)`
    /// gives them for the whole batch, summed block by block in block order.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public mutating func evaluate(
        _ net: Siren<T>, residualGradient: inout [T], boundaryGradient: inout [T],
        unknownGradient: inout UnknownGradient
    ) -> LossTerms {
        let p = residualGradient.count, m = unknownGradient.residual.count
        let stride = 3 + 2 * p + 2 * m
        if local.count != blocks.count * stride { local = [Double](repeating: 0, count: blocks.count * stride) }
        let blocks = self.blocks, scratch = self.scratch, first = ownership.owned.lowerBound
        let interiorShare = self.interiorShare, boundaryShare = self.boundaryShare
        local.withUnsafeMutableBufferPointer { out in
            Self.forEachBlock(blocks.count) { i in
                let w = scratch[i]
                w.prepare(parameters: p, unknowns: m)
                let terms =
                    m == 0
                    ? blocks[i].evaluate(net, residualGradient: &w.residual, boundaryGradient: &w.boundary)
                    : blocks[i].evaluate(
                        net, residualGradient: &w.residual, boundaryGradient: &w.boundary,
                        unknownGradient: &w.unknownGradient)
                let s = interiorShare[first + i], t = boundaryShare[first + i], o = i * stride
                out[o] = terms.residual * s
                out[o + 1] = terms.boundary * t
                out[o + 2] = terms.data * s
                w.residual.withUnsafeBufferPointer { gr in
                    w.boundary.withUnsafeBufferPointer { gb in
                        for j in 0..<p {
                            out[o + 3 + j] = Double(gr[j]) * s
                            out[o + 3 + p + j] = Double(gb[j]) * t
                        }
                    }
                }
                for j in 0..<m {
                    out[o + 3 + 2 * p + j] = w.unknownGradient.residual[j] * s
                    out[o + 3 + 2 * p + m + j] = w.unknownGradient.boundary[j] * t
                }
            }
        }
        gather(stride: stride)
        sumBlocks(stride: stride)
        for j in 0..<p {
            residualGradient[j] = T(sums[3 + j])
            boundaryGradient[j] = T(sums[3 + p + j])
        }
        for j in 0..<m {
            unknownGradient.residual[j] = sums[3 + 2 * p + j]
            unknownGradient.boundary[j] = sums[3 + 2 * p + m + j]
        }
        return LossTerms(residual: sums[0], boundary: sums[1], data: sums[2])
    }

    /// The loss terms and their gradients (no unknowns' derivatives).
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public mutating func evaluate(_ net: Siren<T>, residualGradient: inout [T], boundaryGradient: inout [T])
        -> LossTerms
    {
        var none = UnknownGradient(count: 0)
        return evaluate(
            net, residualGradient: &residualGradient, boundaryGradient: &boundaryGradient, unknownGradient: &none)
    }

    /// The loss terms without gradients (one forward pass per block).
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public mutating func evaluate(_ net: Siren<T>) -> LossTerms {
        if local.count != blocks.count * 3 { local = [Double](repeating: 0, count: blocks.count * 3) }
        let blocks = self.blocks, first = ownership.owned.lowerBound
        let interiorShare = self.interiorShare, boundaryShare = self.boundaryShare
        local.withUnsafeMutableBufferPointer { out in
            Self.forEachBlock(blocks.count) { i in
                let terms = blocks[i].evaluate(net)
                out[3 * i] = terms.residual * interiorShare[first + i]
                out[3 * i + 1] = terms.boundary * boundaryShare[first + i]
                out[3 * i + 2] = terms.data * interiorShare[first + i]
            }
        }
        gather(stride: 3)
        sumBlocks(stride: 3)
        return LossTerms(residual: sums[0], boundary: sums[1], data: sums[2])
    }

    /// `sums[j]` = Σ_b gathered[b·stride + j], added in block order.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    private mutating func sumBlocks(stride: Int) {
        if sums.count != stride { sums = [Double](repeating: 0, count: stride) }
        let k = ownership.blockCount
        sums.withUnsafeMutableBufferPointer { sums in
            gathered.withUnsafeBufferPointer { all in
                for j in 0..<stride { sums[j] = all[j] }
                for b in 1..<max(1, k) {
                    let o = b * stride
                    for j in 0..<stride { sums[j] += all[o + j] }
                }
            }
        }
    }

    /// ρ, ∂ρ/∂θ and (with unknowns) ∂ρ/∂p of the whole batch in float64, as
    /// `PDELoss.weightedResiduals` defines them, the blocks' rows one after the other (each block's
    /// interior rows, boundary rows, measurement rows). Returns Σ of the squared interior and
    /// measurement rows, Σ of the squared boundary rows (λ·L_b) and Σ of the squared measurement
    /// rows, added in row order.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public mutating func weightedResiduals(
        _ net: Siren<T>, boundaryWeight lambda: Double, residuals: inout [Double], jacobian: inout [Double],
        unknownJacobian: inout [Double]
    ) -> (interior: Double, boundary: Double, data: Double) {
        let p = net.architecture.parameterCount, m = whole.unknownCount
        let owned = ownership.owned
        let ownRows = owned.reduce(0) { $0 + rows[$1].interior + rows[$1].boundary + rows[$1].data }
        let rowCounts = (0..<group.size).map { r in
            ownership.blocks(of: r).reduce(0) { $0 + rows[$1].interior + rows[$1].boundary + rows[$1].data }
        }
        // Residuals, then the Jacobian, then the unknowns' Jacobian, each gathered straight into place.
        var ownResiduals = [Double](repeating: 0, count: ownRows)
        var ownJacobian = [Double](repeating: 0, count: ownRows * p)
        var ownUnknowns = [Double](repeating: 0, count: ownRows * m)
        var firstRows: [Int] = [], row = 0
        for b in owned {
            firstRows.append(row)
            row += rows[b].interior + rows[b].boundary + rows[b].data
        }
        let blocks = self.blocks, scratch = self.scratch, blockRows = self.rows
        let interiorShare = self.interiorShare, boundaryShare = self.boundaryShare
        ownResiduals.withUnsafeMutableBufferPointer { rho in
            ownJacobian.withUnsafeMutableBufferPointer { jacobian in
                ownUnknowns.withUnsafeMutableBufferPointer { unknowns in
                    Self.forEachBlock(blocks.count) { i in
                        let w = scratch[i], b = owned.lowerBound + i, row = firstRows[i]
                        blocks[i].weightedResiduals(
                            net, boundaryWeight: lambda, residuals: &w.residual, jacobian: &w.jacobian,
                            unknownJacobian: &w.unknownJacobian)
                        let (ni, nb, nd) = blockRows[b]
                        let interiorScale = interiorShare[b].squareRoot()
                        let boundaryScale = boundaryShare[b].squareRoot()
                        w.residual.withUnsafeBufferPointer { r in
                            w.jacobian.withUnsafeBufferPointer { jb in
                                w.unknownJacobian.withUnsafeBufferPointer { ub in
                                    for q in 0..<(ni + nb + nd) {
                                        let scale = q >= ni && q < ni + nb ? boundaryScale : interiorScale
                                        rho[row + q] = Double(r[q]) * scale
                                        for j in 0..<p { jacobian[(row + q) * p + j] = Double(jb[q * p + j]) * scale }
                                        for j in 0..<m { unknowns[(row + q) * m + j] = Double(ub[q * m + j]) * scale }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        group.allGather(ownResiduals, counts: rowCounts, into: &residuals)
        group.allGather(ownJacobian, counts: rowCounts.map { $0 * p }, into: &jacobian)
        if m > 0 { group.allGather(ownUnknowns, counts: rowCounts.map { $0 * m }, into: &unknownJacobian) }
        var interior = 0.0, boundary = 0.0, data = 0.0
        row = 0
        for (ni, nb, nd) in rows {
            for q in 0..<ni { interior += residuals[row + q] * residuals[row + q] }
            for q in ni..<(ni + nb) { boundary += residuals[row + q] * residuals[row + q] }
            for q in (ni + nb)..<(ni + nb + nd) { data += residuals[row + q] * residuals[row + q] }
            row += ni + nb + nd
        }
        return (interior, boundary, data)
    }
}

/// Where one block's evaluation goes (one per block, so that blocks evaluated at the same time on
/// different threads write to different places).
final class BlockScratch<T: PinnScalar> {
    var residual: [T] = [], boundary: [T] = [], jacobian: [T] = [], unknownJacobian: [T] = []
    var unknownGradient = UnknownGradient(count: 0)

    /// Sizes the gradients for `parameters` parameters and `unknowns` unknowns.
    func prepare(parameters p: Int, unknowns m: Int) {
        if residual.count != p {
            residual = [T](repeating: 0, count: p)
            boundary = residual
        }
        if unknownGradient.residual.count != m { unknownGradient = UnknownGradient(count: m) }
    }
}

/// The blocks of `PDELossBlocks.forEachBlock` as parts of a parallel task.
private struct BlockParts: ParallelTask {
    let body: (Int) -> Void
    func run(part: Int) { body(part) }
}

extension PDELoss {
    /// Block `b` of `k` of this batch: the points ⌊count·b/k⌋ ..< ⌊count·(b+1)/k⌋ of the interior,
    /// the boundary and the measurements (with the weight `PDELossBlocks` describes), its own
    /// workspaces, the same mask. Not for losses with unknowns.
    func block(_ b: Int, of k: Int) -> PDELoss<T> {
        precondition(unknownCount == 0, "a loss with unknowns is not cut into blocks")
        let n = interior.points.cols, nb = boundary.points.cols
        let ri = BlockOwnership.range(of: b, blocks: k, total: n)
        let rb = BlockOwnership.range(of: b, blocks: k, total: nb)
        var inner = interior
        inner.points = interior.points.columns(ri)
        inner.source = Array(interior.source[ri])
        if !interior.reaction.isEmpty { inner.reaction = Array(interior.reaction[ri]) }
        var edge = boundary
        edge.points = boundary.points.columns(rb)
        edge.normals = boundary.normals.columns(rb)
        edge.alpha = Array(boundary.alpha[rb])
        edge.beta = Array(boundary.beta[rb])
        edge.value = Array(boundary.value[rb])
        var part = PDELoss(interior: inner, boundary: edge)
        part.parameterMask = parameterMask
        if let data = measurements {
            let nd = data.points.cols, rd = BlockOwnership.range(of: b, blocks: k, total: nd)
            if !rd.isEmpty {
                part.measurements = MeasurementBatch(
                    points: data.points.columns(rd), values: Array(data.values[rd]),
                    weight: data.weight * (Double(rd.count) / Double(nd)) * (Double(n) / Double(ri.count)))
            }
        }
        return part
    }
}

extension Matrix {
    /// Columns `range` as a matrix of their own.
    func columns(_ range: Range<Int>) -> Matrix {
        Matrix(
            rows: rows, cols: range.count, storage: Array(storage[range.lowerBound * rows..<range.upperBound * rows]))
    }
}
