import PinnNumerics
import XCTest

@testable import PinnNetwork

final class ParameterGradientTests: XCTestCase {
    /// A loss mixing every part of the jet: mean over points of
    /// a·u₀² + Σᵢ (∂u₀/∂xᵢ − 0.3)² + (Δu₀ + sin(x₁))² + u₁·Δu₁  (two outputs).
    /// Returns the loss and fills `ws.outputGradient` with ∂loss/∂(output jet).
    private func mixedLoss(_ ws: JetWorkspace<Double>, points: Matrix<Double>, d: Int, seedGradient: Bool) -> Double {
        let b = points.cols
        let scale = 1.0 / Double(b)
        var loss = 0.0
        for p in 0..<b {
            let u0 = ws.value(0, p), u1 = ws.value(1, p)
            let lap0 = ws.laplacian(0, p), lap1 = ws.laplacian(1, p)
            let r = lap0 + Double.sin(points[0, p])
            loss += 0.7 * u0 * u0 + r * r + u1 * lap1
            if seedGradient {
                ws.outputGradient[0, p] = scale * 1.4 * u0
                ws.outputGradient[1, p] = scale * lap1
                ws.outputGradient[0, (1 + d) * b + p] = scale * 2 * r
                ws.outputGradient[1, (1 + d) * b + p] = scale * u1
            }
            for i in 0..<d {
                let g = ws.derivative(0, i, p) - 0.3
                loss += g * g
                if seedGradient {
                    ws.outputGradient[0, (1 + i) * b + p] = scale * 2 * g
                    ws.outputGradient[1, (1 + i) * b + p] = 0
                }
            }
        }
        return loss * scale
    }

    func testParameterGradientsMatchCentralDifferencesForEveryParameter() {
        for d in 1...3 {
            let arch = SirenArchitecture(inputs: d, outputs: 2, width: 6, depth: 2, omega0: 3)
            var net = Siren<Double>(architecture: arch, seed: UInt64(d))
            var rng = SeededGenerator(seed: 5)
            let pts = Matrix<Double>(rows: d, cols: 9, storage: (0..<9 * d).map { _ in rng.uniform(-1.0, 1.0) })
            let ws = JetWorkspace<Double>()
            net.forward(pts, order: .laplacian, workspace: ws)
            _ = mixedLoss(ws, points: pts, d: d, seedGradient: true)
            var grad = [Double](repeating: 0, count: arch.parameterCount)
            net.backward(workspace: ws, into: &grad)

            let base = net.parameters
            var fd = [Double](repeating: 0, count: base.count)
            for k in base.indices {
                fd[k] = CentralDifference.first(h: 1e-4) { t in
                    net.parameters = base
                    net.parameters[k] += t
                    net.forward(pts, order: .laplacian, workspace: ws)
                    return mixedLoss(ws, points: pts, d: d, seedGradient: false)
                }
            }
            net.parameters = base
            let scale = fd.map(abs).max()!
            XCTAssertLessThanOrEqual(relativeError(grad, fd), 1e-6, "d=\(d)")
            for k in base.indices {
                XCTAssertEqual(grad[k], fd[k], accuracy: 1e-6 * scale, "d=\(d) parameter \(k)")
            }
        }
    }

    func testBackwardAccumulatesIntoTheGradient() {
        let arch = SirenArchitecture(inputs: 2, width: 8, depth: 2, omega0: 2)
        let net = Siren<Double>(architecture: arch, seed: 9)
        let pts = Matrix<Double>(rows: 2, cols: 5, storage: (0..<10).map { Double($0) / 10 - 0.5 })
        let ws = JetWorkspace<Double>()
        net.forward(pts, order: .value, workspace: ws)
        for p in 0..<5 { ws.outputGradient[0, p] = 1 }
        var once = [Double](repeating: 0, count: arch.parameterCount)
        net.backward(workspace: ws, into: &once)
        var twice = once
        net.backward(workspace: ws, into: &twice)
        for k in once.indices { XCTAssertEqual(twice[k], 2 * once[k], accuracy: 1e-14 * max(1, abs(once[k]))) }
    }
}
