import PinnNumerics
import XCTest

@testable import PinnNetwork

/// The jet's second-derivative block as a weighted sum L = Σᵢ aᵢ ∂²u/∂xᵢ² (the wave operator
/// c²Δu − u_tt, the heat equation's spatial part with time as an input of weight 0): forward against
/// central differences, reverse against central differences of a loss of the jet, and the Laplacian
/// (all weights 1) bit for bit as without weights.
final class WeightedSecondDerivativeTests: XCTestCase {
    private func points(_ d: Int, _ count: Int, seed: UInt64) -> Matrix<Double> {
        var rng = SeededGenerator(seed: seed)
        return Matrix(rows: d, cols: count, storage: (0..<d * count).map { _ in rng.uniform(-1.0, 1.0) })
    }

    /// Weight vectors over d space inputs plus time: the wave operator, the heat equation's spatial
    /// block (time weight 0), and an arbitrary mixed-sign one.
    private func weightVectors(space d: Int) -> [[Double]] {
        let c2: Double = 1.7 * 1.7
        let wave: [Double] = [Double](repeating: c2, count: d) + [-1]
        let heat: [Double] = [Double](repeating: 0.3, count: d) + [0]
        let mixed: [Double] = (0...d).map { (i: Int) -> Double in
            let sign: Double = i % 2 == 0 ? 1 : -1
            return sign * (0.5 + Double(i))
        }
        return [wave, heat, mixed]
    }

    func testForwardMatchesCentralDifferencesInSpaceAndTime() {
        for d in 1...3 {
            let inputs = d + 1
            let arch = SirenArchitecture(inputs: inputs, outputs: 2, width: 20, depth: 3, omega0: 4)
            let net = Siren<Double>(architecture: arch, seed: UInt64(40 + d))
            let pts = points(inputs, 6, seed: 7)
            for weights in weightVectors(space: d) {
                let ws = JetWorkspace<Double>()
                ws.secondDerivativeWeights = weights
                net.forward(pts, order: .laplacian, workspace: ws)
                let h = 0.005 / 4
                var jet: [Double] = [], differences: [Double] = []
                for o in 0..<2 {
                    for p in 0..<pts.cols {
                        let x = (0..<inputs).map { pts[$0, p] }
                        var sum = 0.0
                        for i in 0..<inputs {
                            sum +=
                                weights[i]
                                * CentralDifference.second(h: h) { t in
                                    var y = x
                                    y[i] += t
                                    return net(Matrix(rows: inputs, cols: 1, storage: y))[o, 0]
                                }
                        }
                        jet.append(ws.laplacian(o, p))
                        differences.append(sum)
                    }
                }
                XCTAssertLessThanOrEqual(relativeError(jet, differences), 1e-6, "d=\(d)+t weights \(weights)")
            }
        }
    }

    func testReverseMatchesCentralDifferencesOfALossOfTheJet() {
        for d in 1...3 {
            let inputs = d + 1
            let arch = SirenArchitecture(inputs: inputs, outputs: 1, width: 6, depth: 2, omega0: 3)
            var net = Siren<Double>(architecture: arch, seed: UInt64(d))
            let pts = points(inputs, 8, seed: 11)
            let weights = weightVectors(space: d)[0]
            let ws = JetWorkspace<Double>()
            ws.secondDerivativeWeights = weights
            // loss = mean over points of (L u + u − sin x₁)² + 0.5 (∂u/∂t)²: a residual of the wave
            // equation with a first-derivative term, so every block of the jet matters.
            func loss(seed: Bool) -> Double {
                let b = pts.cols
                var total = 0.0
                for p in 0..<b {
                    let r = ws.laplacian(0, p) + ws.value(0, p) - Double.sin(pts[0, p])
                    let ut = ws.derivative(0, d, p)
                    total += r * r + 0.5 * ut * ut
                    if seed {
                        for column in 0..<(2 + inputs) { ws.outputGradient[0, column * b + p] = 0 }
                        ws.outputGradient[0, p] = 2 * r / Double(b)
                        ws.outputGradient[0, (1 + inputs) * b + p] = 2 * r / Double(b)
                        ws.outputGradient[0, (1 + d) * b + p] = ut / Double(b)
                    }
                }
                return total / Double(b)
            }
            net.forward(pts, order: .laplacian, workspace: ws)
            _ = loss(seed: true)
            var gradient = [Double](repeating: 0, count: arch.parameterCount)
            net.backward(workspace: ws, into: &gradient)
            let base = net.parameters
            let differences = base.indices.map { k in
                CentralDifference.first(h: 1e-4) { t in
                    net.parameters = base
                    net.parameters[k] += t
                    net.forward(pts, order: .laplacian, workspace: ws)
                    return loss(seed: false)
                }
            }
            XCTAssertLessThanOrEqual(relativeError(gradient, differences), 1e-6, "d=\(d)+t")
        }
    }

    func testUnitWeightsGiveTheLaplacianBitForBit() {
        let arch = SirenArchitecture(inputs: 3, outputs: 1, width: 16, depth: 2, omega0: 5)
        let net = Siren<Double>(architecture: arch, seed: 2)
        let pts = points(3, 17, seed: 3)
        let plain = JetWorkspace<Double>(), weighted = JetWorkspace<Double>()
        weighted.secondDerivativeWeights = [1, 1, 1]
        net.forward(pts, order: .laplacian, workspace: plain)
        net.forward(pts, order: .laplacian, workspace: weighted)
        XCTAssertEqual(plain.output.storage, weighted.output.storage)
        for ws in [plain, weighted] {
            for p in 0..<pts.cols { ws.outputGradient[0, (1 + 3) * pts.cols + p] = 1 }
        }
        var a = [Double](repeating: 0, count: arch.parameterCount), b = a
        net.backward(workspace: plain, into: &a)
        net.backward(workspace: weighted, into: &b)
        XCTAssertEqual(a, b)
    }
}
