import ArgumentParser
import PinnCommandLine
import PinnProblems

/// `pinn new EXAMPLE`: prints a starting problem file to standard output.
struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Print a starting problem file for an example.",
        discussion: """
            Writes a small problem file to standard output: the equation, the domain and the boundary \
            (or initial) conditions, with the network and the training left to their defaults \
            (neural-ode sets its rate and batches). Save it, edit it, check it and solve it:

              pinn new poisson > Problems/my_poisson.json
              pinn validate Problems/my_poisson.json
              pinn solve Problems/my_poisson.json

            Paths in a problem file (a mesh, gridded data) are relative to the file's folder and must \
            stay inside the folder that contains it, so save the poisson-mesh example in Problems/, \
            beside Meshes/. `pinn new --list` lists the examples; Problems/ holds larger ones with \
            tuned network and training settings.
            """)

    @Flag(name: .shortAndLong, help: "List the examples, one line each.")
    var list = false

    @Argument(
        help: ArgumentHelp("The example to start from (see --list).", valueName: "example"),
        completion: .list(ProblemTemplate.names))
    var example: String?

    func validate() throws {
        if !list && example == nil {
            throw ValidationError(
                "name an example: \(ProblemTemplate.names.joined(separator: ", ")) (pinn new --list describes them)")
        }
    }

    func run() throws {
        if list {
            let width = ProblemTemplate.names.map(\.count).max() ?? 0
            for template in ProblemTemplate.all {
                print(template.name + String(repeating: " ", count: width + 2 - template.name.count) + template.summary)
            }
            return
        }
        guard let name = example else { return }
        guard let template = ProblemTemplate.named(name) else {
            throw CommandFailure(Self.unknownExampleMessage(name))
        }
        print(template.json, terminator: "")
    }

    /// `unknown example 'x' (expected a, b or c; did you mean 'y'?)`, naming every example.
    static func unknownExampleMessage(_ name: String) -> String {
        let names = ProblemTemplate.names
        var message =
            "unknown example '\(name)' (expected \(names.dropLast().joined(separator: ", ")) or \(names.last ?? "")"
        if let suggestion = NameSuggestion.closest(to: name, among: names) {
            message += "; did you mean '\(suggestion)'?"
        }
        return message + "); `pinn new --list` describes them"
    }
}
