import Foundation

/// What every fuzz target shares: handing control to libFuzzer and turning inputs into the values
/// the code under test reads.
public enum FuzzDriver {
    /// The signature of `LLVMFuzzerTestOneInput`.
    public typealias TestOneInput = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

    /// Runs libFuzzer's driver (`LLVMFuzzerRunDriver`) with the command line `argc`/`argv` on `test`.
    public static func run(
        _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
        _ test: TestOneInput
    ) -> CInt {
        var argc = argc
        var argv = argv
        return llvmFuzzerRunDriver(&argc, &argv, test)
    }

    /// The input as bytes (empty when `data` is nil).
    public static func bytes(_ data: UnsafePointer<UInt8>?, _ count: Int) -> [UInt8] {
        guard let data, count > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: count))
    }

    /// The input as text, invalid UTF-8 replaced (as the readers do with `String(decoding:as:)`).
    public static func text(_ data: UnsafePointer<UInt8>?, _ count: Int) -> String {
        String(decoding: bytes(data, count), as: UTF8.self)
    }
}

/// libFuzzer's entry point for programs that own `main` (LLVM ≥ 11).
@_silgen_name("LLVMFuzzerRunDriver")
private func llvmFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ test: FuzzDriver.TestOneInput
) -> CInt
