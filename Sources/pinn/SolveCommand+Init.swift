import PinnMeta
import PinnNetwork
import PinnSolve

extension SolveCommand {
    /// The network `--init` names (the sparse initialisation of a `pinn meta-train` file), checked
    /// against the problem's network; nil without `--init`.
    func initialNetwork(for problem: BoundProblem) throws -> InitialNetwork? {
        guard let path = initPath else { return nil }
        let meta: MetaInitialization
        do {
            meta = try MetaInitialization.read(from: path)
        } catch {
            throw CommandFailure("\(error)")
        }
        let wanted = SolvePipeline<Double>(problem: problem).architecture()
        let found = meta.sparse.architecture
        guard found == wanted else {
            throw CommandFailure("\(path): /init holds a SIREN \(Self.describe(found)), but \(self.problem) asks for "
                                 + "\(Self.describe(wanted)) (its network settings); solve a member of the family "
                                 + "\(meta.familyName) (pinn family show) or match its network")
        }
        return meta.sparse
    }

    static func describe(_ a: SirenArchitecture) -> String {
        "\(a.inputs)→\(a.width)×\(a.depth)→\(a.outputs) (ω₀ \(a.omega0), hidden ω \(a.omegaHidden))"
    }
}
