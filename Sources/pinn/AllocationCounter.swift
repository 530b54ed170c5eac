import PinnAllocationCounter

/// Heap allocations made by the whole process, from the interposed allocator in `PinnAllocationCounter`.
enum AllocationCounter {
    /// Allocation calls (malloc, calloc, realloc, aligned allocations) by any thread so far.
    static var count: UInt64 { UInt64(pinn_allocation_count()) }

    /// Whether the interposition is live: an allocation made here must move the counter.
    static var isActive: Bool {
        let before = count
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: 64, alignment: 8)
        buffer.deallocate()
        return count > before
    }
}
