import Foundation

/// The processes a training run is spread over (the ranks of an MPI job, or this process alone).
///
/// Training never reduces in an order the group chooses (as MPI_Allreduce may): every process
/// gathers every block's values and adds them up in block order itself, so the sums, and with them
/// the losses, the weights and the result, are bit for bit those of one process (see `PDELossBlocks`).
public protocol ProcessGroup: AnyObject {
    /// This process's number, 0 ..< `size`; process 0 writes files and reports.
    var rank: Int { get }
    /// The number of processes.
    var size: Int { get }

    /// Every process passes its own values `local` (`counts[rank]` of them) and receives
    /// everyone's, process 0's first, in `all` (resized to Σ counts). `counts` must be the same on
    /// every process.
    func allGather(_ local: [Double], counts: [Int], into all: inout [Double])
}

extension ProcessGroup {
    /// Whether this is process 0, the one that writes and reports.
    public var isRoot: Bool { rank == 0 }

    /// Every process's `values`, process 0's first, on every process: each process's list travels as
    /// JSON (Swift writes every double so that it reads back to the same bits), one byte a gathered
    /// value. For results gathered once, not for anything in a training step.
    public func allGather<Value: Codable>(_ values: [Value]) throws -> [[Value]] {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let bytes = try encoder.encode(values).map { Double($0) }
        var lengths: [Double] = []
        allGather([Double(bytes.count)], counts: [Int](repeating: 1, count: size), into: &lengths)
        let counts = lengths.map { Int($0) }
        var all: [Double] = []
        allGather(bytes, counts: counts, into: &all)
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        var start = 0
        return try counts.map { count in
            defer { start += count }
            return try decoder.decode([Value].self, from: Data(all[start..<start + count].map { UInt8($0) }))
        }
    }
}

/// A run on this process alone: gathering is copying.
public final class SingleProcess: ProcessGroup, Sendable {
    public static let shared = SingleProcess()

    public init() {}

    public var rank: Int { 0 }
    public var size: Int { 1 }

    public func allGather(_ local: [Double], counts: [Int], into all: inout [Double]) {
        precondition(counts.count == 1 && counts[0] == local.count, "one process gathers its own values")
        copyContents(of: local, into: &all)
    }
}

/// The blocks a process of a group computes: process r of R owns blocks ⌊K·r/R⌋ ..< ⌊K·(r+1)/R⌋ of
/// K, a contiguous run, so the gathered values arrive in block order. With more processes than
/// blocks some own none (they still take part in every gather).
public struct BlockOwnership: Equatable, Sendable {
    public let blockCount: Int
    public let rank: Int, size: Int

    public init(blockCount: Int, rank: Int, size: Int) {
        precondition(blockCount >= 1 && size >= 1 && (0..<size).contains(rank), "blocks, rank and size")
        self.blockCount = blockCount
        self.rank = rank
        self.size = size
    }

    /// The blocks process `r` owns.
    public func blocks(of r: Int) -> Range<Int> { blockCount * r / size..<blockCount * (r + 1) / size }

    /// This process's blocks.
    public var owned: Range<Int> { blocks(of: rank) }

    /// Indices `0..<total` of block `b`: the even cut ⌊total·b/K⌋ ..< ⌊total·(b+1)/K⌋.
    public static func range(of b: Int, blocks k: Int, total: Int) -> Range<Int> { total * b / k..<total * (b + 1) / k }
}
