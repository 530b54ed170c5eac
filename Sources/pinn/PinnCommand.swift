import ArgumentParser
import PinnNumerics

@main
struct Pinn: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pinn",
        abstract: "A physics-informed PDE solver: SIREN networks with forward-mode Laplacians.",
        subcommands: [])

    static func main() {
        BLASRuntime.ensureBestCore(arguments: CommandLine.arguments)
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            exit(withError: error)
        }
    }
}
