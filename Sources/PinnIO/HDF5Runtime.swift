import CHDF5

/// Library-wide set-up shared by every HDF5 wrapper.
enum HDF5Runtime {
    /// Initialises the library and turns off HDF5's automatic printing of its error stack for the
    /// calling thread (the setting is per thread in thread-safe builds), so failures surface only
    /// as thrown `HDF5Error`s. Cheap; called at the start of every public entry point.
    static func prepare() {
        _ = H5open()
        _ = H5Eset_auto2(hid_t(H5E_DEFAULT), nil, nil)
    }

    /// `H5F_ACC_RDONLY`, `H5F_ACC_TRUNC`: their macros call `H5open()` and do not import.
    static let readOnly: UInt32 = 0x0000
    static let truncate: UInt32 = 0x0002
    /// `H5T_VARIABLE`, `((size_t)(-1))`: a cast macro that does not import (size_t is Int in Swift).
    static let variableSize = Int(bitPattern: UInt.max)
}

/// Reads a C string whose length is found by calling `fill` first with no buffer
/// (the HDF5 `H5Iget_name` / `H5Lget_name_by_idx` convention). Returns nil when `fill` fails.
func hdf5String(_ fill: (UnsafeMutablePointer<CChar>?, Int) -> Int) -> String? {
    let length = fill(nil, 0)
    guard length >= 0 else { return nil }
    var buffer = [CChar](repeating: 0, count: length + 1)
    let written = buffer.withUnsafeMutableBufferPointer { fill($0.baseAddress, length + 1) }
    guard written >= 0 else { return nil }
    return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
}
