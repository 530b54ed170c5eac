/// A failure to report as one line on standard error, exiting with status 1 and no usage text.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}
