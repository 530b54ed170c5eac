import PinnNumerics
import XCTest

@testable import PinnNetwork

final class JetTests: XCTestCase {
    private func randomPoints(d: Int, count: Int, seed: UInt64) -> Matrix<Double> {
        var rng = SeededGenerator(seed: seed)
        return Matrix(rows: d, cols: count, storage: (0..<d * count).map { _ in rng.uniform(-1.0, 1.0) })
    }

    /// Value of output `o` of a plain forward pass at a single point.
    private func value(_ net: Siren<Double>, _ x: [Double], output o: Int = 0) -> Double {
        net(Matrix(rows: x.count, cols: 1, storage: x))[o, 0]
    }

    func testJetValueGradientAndLaplacianMatchCentralDifferences() {
        for d in 1...3 {
            for omega in [1.0, 5.0, 30.0] {
                let arch = SirenArchitecture(inputs: d, outputs: 2, width: 24, depth: 3, omega0: omega)
                let net = Siren<Double>(architecture: arch, seed: UInt64(10 * d) + UInt64(omega))
                let pts = randomPoints(d: d, count: 7, seed: 99)
                let ws = JetWorkspace<Double>()
                net.forward(pts, order: .laplacian, workspace: ws)
                // Step scaled to the first layer's frequency keeps truncation (~(ωh)⁴) and round-off small.
                let h = 0.005 / omega
                for o in 0..<2 {
                    var jetValues = [Double](), fdValues = [Double]()
                    var jetGrad = [Double](), fdGrad = [Double]()
                    var jetLap = [Double](), fdLap = [Double]()
                    for p in 0..<pts.cols {
                        let x = (0..<d).map { pts[$0, p] }
                        jetValues.append(ws.value(o, p))
                        fdValues.append(value(net, x, output: o))
                        var lap = 0.0
                        for i in 0..<d {
                            let along: (Double) -> Double = { t in
                                var y = x; y[i] += t
                                return self.value(net, y, output: o)
                            }
                            jetGrad.append(ws.derivative(o, i, p))
                            fdGrad.append(CentralDifference.first(h: h, along))
                            lap += CentralDifference.second(h: h, along)
                        }
                        jetLap.append(ws.laplacian(o, p))
                        fdLap.append(lap)
                    }
                    let context = "d=\(d) ω₀=\(omega) output \(o)"
                    XCTAssertLessThanOrEqual(relativeError(jetValues, fdValues), 1e-14, context)
                    XCTAssertLessThanOrEqual(relativeError(jetGrad, fdGrad), 1e-6, context)
                    XCTAssertLessThanOrEqual(relativeError(jetLap, fdLap), 1e-6, context)
                }
            }
        }
    }

    func testLowerOrderJetsAgreeWithTheFullJet() {
        let arch = SirenArchitecture(inputs: 2, width: 16, depth: 2, omega0: 5)
        let net = Siren<Double>(architecture: arch, seed: 3)
        let pts = randomPoints(d: 2, count: 33, seed: 4)
        let full = JetWorkspace<Double>(), grad = JetWorkspace<Double>(), val = JetWorkspace<Double>()
        net.forward(pts, order: .laplacian, workspace: full)
        net.forward(pts, order: .gradient, workspace: grad)
        net.forward(pts, order: .value, workspace: val)
        for p in 0..<pts.cols {
            XCTAssertEqual(full.value(0, p), val.value(0, p), accuracy: 1e-15)
            XCTAssertEqual(full.value(0, p), grad.value(0, p), accuracy: 1e-15)
            for i in 0..<2 { XCTAssertEqual(full.derivative(0, i, p), grad.derivative(0, i, p), accuracy: 1e-13) }
        }
    }

    func testFloat32JetAgreesWithFloat64() {
        let arch = SirenArchitecture(inputs: 2, width: 32, depth: 3, omega0: 5)
        let n64 = Siren<Double>(architecture: arch, seed: 11)
        let n32 = Siren<Float>(architecture: arch, seed: 11)
        let pts = randomPoints(d: 2, count: 50, seed: 12)
        let p32 = Matrix<Float>(rows: 2, cols: 50, storage: pts.storage.map(Float.init))
        let w64 = JetWorkspace<Double>(), w32 = JetWorkspace<Float>()
        n64.forward(pts, order: .laplacian, workspace: w64)
        n32.forward(p32, order: .laplacian, workspace: w32)
        XCTAssertLessThanOrEqual(relativeError(w32.output.storage.map(Double.init), w64.output.storage), 1e-4)
    }

    func testSameSeedGivesBitIdenticalWeightsAndOutputs() {
        let arch = SirenArchitecture(inputs: 3, width: 20, depth: 2, omega0: 30)
        let a = Siren<Float>(architecture: arch, seed: 42), b = Siren<Float>(architecture: arch, seed: 42)
        XCTAssertEqual(a.parameters, b.parameters)
        XCTAssertNotEqual(a.parameters, Siren<Float>(architecture: arch, seed: 43).parameters)
        let pts = Matrix<Float>(rows: 3, cols: 1000, storage: (0..<3000).map { Float($0 % 17) / 17 - 0.5 })
        let w1 = JetWorkspace<Float>(), w2 = JetWorkspace<Float>()
        a.forward(pts, order: .laplacian, workspace: w1)
        b.forward(pts, order: .laplacian, workspace: w2)
        XCTAssertEqual(w1.output.storage, w2.output.storage)
    }

    func testSirenInitialisationBoundsFollowThePaper() {
        let arch = SirenArchitecture(inputs: 2, width: 64, depth: 3, omega0: 30)
        let net = Siren<Double>(architecture: arch, seed: 1)
        let first = arch.parameterLayout(layer: 0).weights
        XCTAssertLessThanOrEqual(net.parameters[first].map(abs).max()!, 1.0 / 2)
        let hidden = arch.parameterLayout(layer: 1).weights
        let bound = (6.0 / 64).squareRoot() / 30
        let maxHidden = net.parameters[hidden].map(abs).max()!
        XCTAssertLessThanOrEqual(maxHidden, bound)
        XCTAssertGreaterThan(maxHidden, 0.9 * bound) // 4096 draws reach near the edge of the interval
    }
}
