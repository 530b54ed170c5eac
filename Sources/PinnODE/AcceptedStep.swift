/// What an adaptive integrator shows after an accepted step: where it is, and its dense output inside
/// the step just taken. Save schedules are filled from it whatever the method.
protocol AcceptedStep {
    /// The end of the step.
    var t: Double { get }
    /// The state at `t`.
    var y: [Double] { get }
    /// y at a time inside the step just taken, by the method's dense output.
    func interpolate(at time: Double, into out: inout [Double])
}

extension DormandPrinceIntegrator: AcceptedStep {}
extension RadauIntegrator: AcceptedStep {}

extension SaveSchedule {
    /// Fills the pending save times up to the end of `step`: its end state at `step.t`, its dense output
    /// before.
    mutating func record(_ step: some AcceptedStep, direction: Double) {
        emit(through: step.t, direction: direction) { time, out in
            if time == step.t { out = step.y } else { step.interpolate(at: time, into: &out) }
        }
    }
}
