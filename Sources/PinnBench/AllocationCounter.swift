import Foundation
import PinnAllocationCounter

/// Heap allocations made by the whole process, from the interposed allocator in `PinnAllocationCounter`.
enum AllocationCounter {
    /// Allocation calls (malloc, calloc, realloc, aligned allocations) by any thread so far.
    static var count: UInt64 { UInt64(pinn_allocation_count()) }

    /// Whether PINN_ALLOCATION_TRACE=1 asks the benchmarks to trace the allocations of their timed steps.
    static let traceRequested = ProcessInfo.processInfo.environment["PINN_ALLOCATION_TRACE"] == "1"

    /// Turns on (or off) writing every allocation's stack to standard error, when `traceRequested`;
    /// does nothing otherwise.
    static func traceIfRequested(_ on: Bool) {
        if traceRequested { pinn_allocation_trace(on ? 1 : 0) }
    }

    /// Whether the interposition is live: an allocation made here must move the counter.
    static var isActive: Bool {
        let before = count
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: 64, alignment: 8)
        buffer.deallocate()
        return count > before
    }
}
