import PinnBinding
import PinnCommandLine
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
            throw CommandFailure(
                "\(path): /init holds a SIREN \(found), but \(self.problem) asks for "
                    + "\(wanted) (its network settings); solve a member of the family "
                    + "\(meta.familyName) (pinn family show) or match its network")
        }
        return meta.sparse
    }

    /// The trainer a checkpoint records, so that `--resume` continues only the same kind of run: "pde",
    /// or for a run from `--init` one that names its sparsity pattern (free count and an FNV-1a hash
    /// of the mask), since the checkpoint's parameters alone do not say which entries must stay zero.
    static func trainerName(startingFrom initialization: InitialNetwork?) -> String {
        guard let mask = initialization?.mask else { return initialization == nil ? "pde" : "pde (--init, dense)" }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for free in mask.isFree {
            hash = (hash ^ (free ? 1 : 0)) &* 0x0000_0100_0000_01b3
        }
        return "pde (--init, \(mask.freeCount) of \(mask.isFree.count) parameters free, mask "
            + String(hash, radix: 16) + ")"
    }
}
