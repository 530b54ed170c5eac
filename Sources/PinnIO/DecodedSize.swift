/// How many values a data file can plausibly hold, checked before anything is allocated for a shape
/// the file states. A damaged or crafted file can state any shape; allocating it would end pinn (out
/// of memory, or an arithmetic overflow) instead of reporting the file.
///
/// A file of `n` bytes stores at most `n` bytes of values as they are (attributes, contiguous and
/// netCDF classic variables). Compressed, it stores at most about 1032 `n` (deflate's largest ratio:
/// a run of 258 bytes in a few bits); chunks never written read as the fill value and take no
/// storage, so compressible arrays get 16 MiB to spare on top of that.
enum DecodedSize {
    /// The largest ratio of values to stored bytes allowed for a compressible array.
    static let compressionRatio = 1100
    /// Bytes allowed beyond the ratio for a compressible array (fill values, small files).
    static let spare = 16 << 20

    /// The number of values in an array of `shape` (slowest first) whose elements take
    /// `elementSize` bytes in memory, or nil when a dimension is negative, the product overflows, or
    /// the bytes exceed what a file of `fileSize` bytes can hold (`compressible`: stored through a
    /// filter, or possibly never written).
    static func count(of shape: [Int], elementSize: Int, fileSize: Int, compressible: Bool) -> Int? {
        var count = 1
        for extent in shape {
            guard extent >= 0 else { return nil }
            let (product, overflow) = count.multipliedReportingOverflow(by: extent)
            guard !overflow else { return nil }
            count = product
        }
        let (bytes, overflow) = count.multipliedReportingOverflow(by: max(elementSize, 1))
        guard !overflow, bytes <= limit(fileSize: fileSize, compressible: compressible) else { return nil }
        return count
    }

    /// The most bytes of values a file of `fileSize` bytes can hold.
    static func limit(fileSize: Int, compressible: Bool) -> Int {
        guard compressible else { return max(fileSize, 0) }
        let (scaled, overflow) = max(fileSize, 0).multipliedReportingOverflow(by: compressionRatio)
        return overflow ? Int.max : scaled.addingReportingOverflow(spare).overflow ? Int.max : scaled + spare
    }
}
