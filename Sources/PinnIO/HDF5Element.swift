import CHDF5

/// The element types PinnIO stores in datasets.
public enum HDF5ElementKind: String, Sendable {
    case float64, float32, int64

    /// The native HDF5 memory type (a library constant; never closed).
    var nativeType: hid_t {
        switch self {
        case .float64: return pinn_H5T_NATIVE_DOUBLE()
        case .float32: return pinn_H5T_NATIVE_FLOAT()
        case .int64: return pinn_H5T_NATIVE_INT64()
        }
    }

    /// Bytes per element.
    var size: Int {
        switch self {
        case .float32: return 4
        case .float64, .int64: return 8
        }
    }
}

/// A Swift number type that maps onto an HDF5 native type: `Double`, `Float`, `Int64`.
public protocol HDF5Element: Sendable {
    /// The HDF5 type it is stored as.
    static var hdf5Kind: HDF5ElementKind { get }
}

extension Double: HDF5Element { public static var hdf5Kind: HDF5ElementKind { .float64 } }
extension Float: HDF5Element { public static var hdf5Kind: HDF5ElementKind { .float32 } }
extension Int64: HDF5Element { public static var hdf5Kind: HDF5ElementKind { .int64 } }

/// An N-dimensional array read from or written to a dataset: `values` in C order
/// (the last index of `shape` varies fastest), `values.count == shape.reduce(1, *)`.
/// An empty `shape` is a scalar with one value.
public struct HDF5Array<Element: HDF5Element>: Sendable {
    /// Extent of each dimension, slowest-varying first (as HDF5, h5py and numpy report it).
    public var shape: [Int]
    /// The elements in C (row-major) order.
    public var values: [Element]

    /// An array with the given shape and values; the count must match the shape.
    public init(shape: [Int], values: [Element]) {
        precondition(
            shape.reduce(1, *) == values.count, "shape \(shape) needs \(shape.reduce(1, *)) values, got \(values.count)"
        )
        self.shape = shape
        self.values = values
    }

    /// The element at a multi-index (one index per dimension, slowest first).
    public subscript(_ index: Int...) -> Element {
        precondition(index.count == shape.count, "index \(index) does not match shape \(shape)")
        var flat = 0
        for (i, n) in zip(index, shape) {
            precondition(0 <= i && i < n, "index \(index) out of range for shape \(shape)")
            flat = flat * n + i
        }
        return values[flat]
    }
}

/// How a dataset's bytes are laid out on disk.
public enum HDF5Compression: Sendable, Equatable {
    /// Contiguous storage, no filter.
    case none
    /// Chunked storage with the gzip (deflate) filter at `level` 1…9.
    case deflate(level: Int)
    /// `deflate(level: 4)` for arrays of at least `HDF5Compression.automaticThreshold` elements,
    /// `none` for smaller ones (chunking overhead is not worth it there).
    case automatic

    /// Element count from which `.automatic` compresses: 4096.
    public static let automaticThreshold = 4096

    /// The deflate level to use for `count` elements, or nil for contiguous storage.
    func deflateLevel(count: Int) -> Int? {
        switch self {
        case .none: return nil
        case let .deflate(level): return count > 0 ? min(max(level, 0), 9) : nil
        case .automatic: return count >= Self.automaticThreshold ? 4 : nil
        }
    }

    /// A chunk shape for `shape`: the whole array, with its largest dimension halved until a
    /// chunk holds at most 1 MiB.
    static func chunkShape(for shape: [Int], elementSize: Int) -> [Int] {
        var chunk = shape.map { max($0, 1) }
        while chunk.reduce(elementSize, *) > 1 << 20, let largest = chunk.indices.max(by: { chunk[$0] < chunk[$1] }),
            chunk[largest] > 1
        {
            chunk[largest] = (chunk[largest] + 1) / 2
        }
        return chunk
    }
}
