import Dispatch
import Foundation
import PinnCommandLine
import PinnNetwork
import PinnODE

/// The Neural ODE gradient whose peak memory `pinn bench --ode-memory` measures, one gradient per
/// child process.
///
/// f_θ is an MLP 2 → 64 (tanh) → 2 set up as the undamped limit of the spiral, a rotation: hidden units
/// 0 and 1 read εx and εy, and the output is f = (ω/ε)(tanh εy, −tanh εx), a conservative system
/// (H = (ω/ε²)(log cosh εx + log cosh εy)) whose orbits never settle, so the number of adaptive steps
/// grows in proportion to the span. The other 62 hidden units have random (Glorot) input weights and
/// zero output weights: they enter every vector–Jacobian product and the parameter adjoint. The loss
/// is the mean squared distance to the origin at `observations` equally spaced times over the span.
struct ODEMemoryCase {
    var width = 64
    var span: Double
    var observations = 20
    var tolerance: AdaptiveOptions
    var integrator = NeuralODE.Integrator.dormandPrince

    static let omega = 2 * Double.pi
    static let epsilon = 0.5

    func model() -> NeuralODE {
        var net = MLP(stateDimension: 2, width: width, depth: 1, activation: .tanh, seed: 1)
        let hidden = net.parameterLayout(layer: 0), output = net.parameterLayout(layer: 1)
        // Hidden W is width × 2, column-major: (i, j) at i + j·width.
        net.parameters[hidden.weights.lowerBound + 0] = Self.epsilon // unit 0 ← εx
        net.parameters[hidden.weights.lowerBound + width] = 0
        net.parameters[hidden.weights.lowerBound + 1] = 0
        net.parameters[hidden.weights.lowerBound + width + 1] = Self.epsilon // unit 1 ← εy
        for i in hidden.bias { net.parameters[i] = 0 }
        // Output W is 2 × width: (i, j) at i + 2j.
        for i in output.weights { net.parameters[i] = 0 }
        for i in output.bias { net.parameters[i] = 0 }
        let gain = Self.omega / Self.epsilon
        net.parameters[output.weights.lowerBound + 0 + 2 * 1] = gain // f_x = gain·h_1
        net.parameters[output.weights.lowerBound + 1 + 2 * 0] = -gain // f_y = −gain·h_0
        return NeuralODE(network: net, options: tolerance, integrator: integrator)
    }

    func data() -> ObservedTrajectory {
        let times = (1...observations).map { span * Double($0) / Double(observations) }
        return ObservedTrajectory(
            startTime: 0, initialState: [1, 0], times: times,
            values: [[Double]](repeating: [0, 0], count: observations))
    }

    /// What one child measured.
    struct Measurement: Codable {
        var method: String
        var spanFactor: Double
        var forwardSteps: Int
        var backwardSteps: Int
        var peakResidentKiB: Int
        var countedBytes: Int
        var seconds: Double
    }

    /// Runs `method` ("forward": the loss only, the process baseline; "adjoint"; "backprop") once.
    func measure(method: String, spanFactor: Double) throws -> Measurement {
        let start = DispatchTime.now().uptimeNanoseconds
        let node = model(), trajectory = data()
        var forward = 0, backward = 0, bytes = 0
        switch method {
        case "forward":
            _ = try node.loss(for: trajectory)
        case "adjoint", "backprop":
            let g = try node.lossAndGradient(for: trajectory, method: method == "adjoint" ? .adjoint : .backpropagation)
            forward = g.forwardStats.acceptedSteps
            backward = g.backwardStats.acceptedSteps
            bytes = g.storedBytes
        default:
            throw CommandFailure("unknown gradient method '\(method)' (expected forward, adjoint or backprop)")
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
        return Measurement(
            method: method, spanFactor: spanFactor, forwardSteps: forward, backwardSteps: backward,
            peakResidentKiB: Self.peakResidentKiB(), countedBytes: bytes, seconds: seconds)
    }

    /// The process's peak resident set size (VmHWM in /proc/self/status), in KiB; getrusage's
    /// ru_maxrss where /proc is unavailable.
    static func peakResidentKiB() -> Int {
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kib = Int(line.split(separator: " ").dropFirst().first ?? "")
        {
            return kib
        }
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Int(usage.ru_maxrss)
    }
}
