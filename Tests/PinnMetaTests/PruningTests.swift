import PinnMeta
import PinnNetwork
import PinnNumerics
import XCTest

final class PruningTests: XCTestCase {
    private let architecture = SirenArchitecture(inputs: 2, width: 64, depth: 3, omega0: 10)

    func testPrunableWeightsAreTheHiddenToHiddenLayersOnly() {
        let prunable = Pruning.prunableIndices(architecture)
        XCTAssertEqual(prunable.count, 2 * 64 * 64)
        XCTAssertEqual(Array(prunable.prefix(4096)), Array(architecture.parameterLayout(layer: 1).weights))
        XCTAssertEqual(Array(prunable.suffix(4096)), Array(architecture.parameterLayout(layer: 2).weights))
        XCTAssertEqual(Pruning.prunableIndices(SirenArchitecture(inputs: 2, width: 8, depth: 1, omega0: 1)), [])
    }

    func testScheduleRemovesTheFractionOfTheRestPerRoundAndEndsExactlyAtTheTarget() {
        let n = 8192
        let schedule = Pruning.schedule(prunable: n, sparsity: 0.9, fraction: 0.2)
        XCTAssertEqual(schedule.count, 11, "0.8^10 = 0.107 > 0.1 ≥ 0.8^11")
        XCTAssertEqual(schedule.first, n - Int((0.2 * Double(n)).rounded()))
        XCTAssertEqual(schedule.last, 819, "8192 − round(0.9 · 8192)")
        for (a, b) in zip([n] + schedule, schedule) {
            XCTAssertLessThan(b, a)
            XCTAssertEqual(Double(b), max(819, Double(a) * 0.8), accuracy: 0.5)
        }
        XCTAssertEqual(Pruning.schedule(prunable: n, sparsity: 0, fraction: 0.2), [])
        XCTAssertEqual(Pruning.schedule(prunable: n, sparsity: 0.5, fraction: 1), [4096])
    }

    func testMagnitudePruningKeepsExactlyTheTargetCountAndTheLargestWeightsOfEachLayer() {
        var net = Siren<Double>(architecture: architecture, seed: 3)
        // Layer 2 at a quarter of layer 1's scale, as meta-training leaves it: global ranking would empty it.
        for i in architecture.parameterLayout(layer: 2).weights { net.parameters[i] *= 0.25 }
        let prunable = Pruning.prunableIndices(architecture)
        for sparsity in [0.2, 0.5, 0.9, 0.99] {
            let keep = Pruning.keptCount(prunable: prunable.count, sparsity: sparsity)
            let mask = Pruning.prune(
                net.parameters, mask: ParameterMask(dense: architecture), keep: keep, criterion: .magnitude)
            XCTAssertEqual(mask.pruned.count, Int((sparsity * Double(prunable.count)).rounded()), "\(sparsity)")
            XCTAssertEqual(mask.sparsity(over: prunable), Double(mask.pruned.count) / Double(prunable.count))
            XCTAssertEqual(Set(mask.pruned).subtracting(prunable), [], "only hidden-to-hidden weights are pruned")
            var keptPerLayer: [Int] = []
            for l in 1..<architecture.depth {
                let layer = Array(architecture.parameterLayout(layer: l).weights)
                let kept = layer.filter { mask.isFree[$0] }, pruned = layer.filter { !mask.isFree[$0] }
                keptPerLayer.append(kept.count)
                guard let smallestKept = kept.map({ abs(net.parameters[$0]) }).min(),
                    let largestPruned = pruned.map({ abs(net.parameters[$0]) }).max()
                else { continue }
                XCTAssertGreaterThanOrEqual(smallestKept, largestPruned, "\(sparsity), layer \(l)")
            }
            XCTAssertEqual(keptPerLayer.reduce(0, +), keep)
            XCTAssertLessThanOrEqual(keptPerLayer.max()! - keptPerLayer.min()!, 1, "equal layers keep equal shares")
        }
    }

    func testNeuronPruningKeepsEveryNeuronsLargestInputsAndEqualFanIn() {
        var net = Siren<Double>(architecture: architecture, seed: 5)
        // One neuron of layer 1 with inputs 100× the others': layer-wise magnitude pruning would keep mostly those.
        let layer1 = architecture.parameterLayout(layer: 1).weights
        for j in 0..<64 { net.parameters[layer1.lowerBound + 7 + 64 * j] *= 100 }
        let prunable = Pruning.prunableIndices(architecture)
        var mask = ParameterMask(dense: architecture)
        for sparsity in [0.5, 0.9, 0.97] { // iteratively, from the previous round's mask
            let keep = Pruning.keptCount(prunable: prunable.count, sparsity: sparsity)
            let next = Pruning.prune(net.parameters, mask: mask, keep: keep, criterion: .neuronMagnitude)
            XCTAssertEqual(prunable.filter { next.isFree[$0] }.count, keep, "\(sparsity)")
            XCTAssertEqual(Set(next.pruned).subtracting(prunable), [], "only hidden-to-hidden weights are pruned")
            XCTAssertEqual(Set(mask.pruned).subtracting(next.pruned), [], "what was pruned stays pruned")
            for l in 1..<architecture.depth {
                let weights = architecture.parameterLayout(layer: l).weights
                var fanIn: [Int] = []
                for row in 0..<64 {
                    let inputs = (0..<64).map { weights.lowerBound + row + 64 * $0 } // column-major out × in
                    let kept = inputs.filter { next.isFree[$0] }
                    fanIn.append(kept.count)
                    // The kept inputs are the row's largest free ones, computed directly.
                    let largest = inputs.filter { mask.isFree[$0] }
                        .sorted { abs(net.parameters[$0]) > abs(net.parameters[$1]) }.prefix(kept.count)
                    XCTAssertEqual(Set(kept), Set(largest), "\(sparsity), layer \(l), neuron \(row)")
                }
                XCTAssertLessThanOrEqual(fanIn.max()! - fanIn.min()!, 1, "\(sparsity), layer \(l): \(fanIn)")
            }
            mask = next
        }
        let byLayer = Pruning.prune(
            net.parameters, mask: ParameterMask(dense: architecture),
            keep: Pruning.keptCount(prunable: prunable.count, sparsity: 0.9), criterion: .magnitude)
        let row7 = (0..<64).map { layer1.lowerBound + 7 + 64 * $0 }
        XCTAssertEqual(
            row7.filter { byLayer.isFree[$0] }.count, 64, "the layer-wise criterion keeps all of the large row")
        XCTAssertLessThanOrEqual(row7.filter { mask.isFree[$0] }.count, 3, "the neuron criterion keeps its share")
    }

    func testLayerQuotasSplitTheKeptCountInProportionAndRespectWhatIsFree() {
        XCTAssertEqual(Pruning.layerQuotas(819, sizes: [4096, 4096], free: [4096, 4096]), [410, 409])
        // 2.5 → 3, 7.5 → 7 (tie: earlier).
        XCTAssertEqual(Pruning.layerQuotas(10, sizes: [100, 300], free: [100, 300]), [3, 7])
        XCTAssertEqual(Pruning.layerQuotas(100, sizes: [100, 100], free: [20, 100]), [20, 80])
        XCTAssertEqual(Pruning.layerQuotas(0, sizes: [5, 5], free: [5, 5]), [0, 0])
    }

    func testIterativePruningKeepsWhatWasPrunedAndRandomPruningIsReproducible() {
        let net = Siren<Double>(architecture: architecture, seed: 4)
        var mask = ParameterMask(dense: architecture)
        var previous = Set<Int>()
        for keep in Pruning.schedule(prunable: 8192, sparsity: 0.9, fraction: 0.2) {
            // Scramble the weights between rounds, as meta-retraining would: pruned ones must stay pruned.
            var p = net.parameters.map { $0 * Double.random(in: 0.5...1.5) }
            mask.zeroPruned(&p)
            mask = Pruning.prune(p, mask: mask, keep: keep, criterion: .magnitude)
            XCTAssertTrue(previous.isSubset(of: mask.pruned))
            XCTAssertEqual(8192 - mask.pruned.count, keep)
            previous = Set(mask.pruned)
        }
        let dense = ParameterMask(dense: architecture)
        let a = Pruning.prune(net.parameters, mask: dense, keep: 819, criterion: .random(seed: 1))
        let b = Pruning.prune(net.parameters, mask: dense, keep: 819, criterion: .random(seed: 1))
        let c = Pruning.prune(net.parameters, mask: dense, keep: 819, criterion: .random(seed: 2))
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a, c)
        XCTAssertEqual(a.pruned.count, 8192 - 819)
        XCTAssertEqual(c.pruned.count, 8192 - 819)
    }

    func testNarrowedWidthMatchesTheSparseParameterCount() {
        // 90 % of 8192 hidden weights pruned: 8577 − 7373 = 1204 free; width 23 has 2·23² + 6·23 + 1 = 1197.
        let narrow = SparseMetaTraining<Double>.narrowed(architecture, toParameterCount: 1204)
        XCTAssertEqual(narrow.width, 23)
        XCTAssertEqual(narrow.parameterCount, 1197)
        XCTAssertEqual(narrow.depth, 3)
    }
}
