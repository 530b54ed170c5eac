import PinnNetwork
import PinnNumerics
import XCTest

@testable import PinnTraining

/// Fitting u(x) = sin(2πx)·e^(−x) on [−1, 1] with a SIREN by mean squared error.
final class SirenFitTests: XCTestCase {
    private let target: (Double) -> Double = { x in Double.sin(2 * Double.pi * x) * Double.exp(-x) }

    private func fitLoss(
        _ net: Siren<Double>, _ pts: Matrix<Double>, _ ys: [Double],
        _ ws: JetWorkspace<Double>, _ grad: inout [Double]
    ) -> Double {
        net.forward(pts, order: .value, workspace: ws)
        var loss = 0.0
        let b = Double(pts.cols)
        for p in 0..<pts.cols {
            let r = ws.value(0, p) - ys[p]
            loss += r * r / b
            ws.outputGradient[0, p] = 2 * r / b
        }
        for i in grad.indices { grad[i] = 0 }
        net.backward(workspace: ws, into: &grad)
        return loss
    }

    private func relativeL2(_ net: Siren<Double>) -> Double {
        let xs = (0..<1001).map { -1 + 2 * Double($0) / 1000 }
        let u = net(Matrix(rows: 1, cols: xs.count, storage: xs))
        var num = 0.0, den = 0.0
        for (i, x) in xs.enumerated() {
            num += (u[0, i] - target(x)) * (u[0, i] - target(x)); den += target(x) * target(x)
        }
        return (num / den).squareRoot()
    }

    private func setUpFit() -> (Siren<Double>, Matrix<Double>, [Double]) {
        let arch = SirenArchitecture(inputs: 1, width: 32, depth: 2, omega0: 5)
        let xs = (0..<200).map { -1 + 2 * (Double($0) + 0.5) / 200 }
        return (Siren(architecture: arch, seed: 7), Matrix(rows: 1, cols: 200, storage: xs), xs.map(target))
    }

    func testAdamFitsA1DFunctionWithASirenTo2e3() {
        var (net, pts, ys) = setUpFit()
        let ws = JetWorkspace<Double>()
        var grad = [Double](repeating: 0, count: net.parameters.count)
        var adam = Adam<Double>(parameterCount: grad.count, schedule: .cosine(rate: 5e-3, floor: 1e-5, steps: 3000))
        for _ in 0..<3000 {
            _ = fitLoss(net, pts, ys, ws, &grad)
            adam.update(&net.parameters, gradient: grad)
        }
        XCTAssertLessThan(relativeL2(net), 2e-3)
    }

    func testLBFGSFitsA1DFunctionWithASirenTo1e4() {
        var (net, pts, ys) = setUpFit()
        let ws = JetWorkspace<Double>()
        var params = net.parameters
        let result = LBFGS<Double>().minimize(&params, maxIterations: 1500) { x, g in
            net.parameters = x
            return fitLoss(net, pts, ys, ws, &g)
        }
        net.parameters = params
        XCTAssertLessThan(relativeL2(net), 1e-4, "\(result)")
    }

    func testSameSeedGivesBitIdenticalLosses() {
        func run() -> [Double] {
            var (net, pts, ys) = setUpFit()
            let ws = JetWorkspace<Double>()
            var grad = [Double](repeating: 0, count: net.parameters.count)
            var adam = Adam<Double>(parameterCount: grad.count)
            return (0..<50).map { _ in
                let l = fitLoss(net, pts, ys, ws, &grad)
                adam.update(&net.parameters, gradient: grad)
                return l
            }
        }
        XCTAssertEqual(run(), run())
    }
}
