/// A starting problem file that `pinn new` prints: the equation, the domain and the boundary or
/// initial conditions, with the network and the training left to their defaults (but for the
/// neural ODE, which learns little with the default rate and whole-trajectory batches).
///
/// Every template must pass `pinn validate` and the schema in Problems/schema when saved in a
/// folder beside Meshes/ (such as Problems/); the tests check both.
struct ProblemTemplate: Sendable {
    /// What to type after `pinn new`.
    let name: String
    /// One line for `pinn new --list`.
    let summary: String
    /// The problem file, JSON ending in a newline.
    let json: String

    /// Every template, in the order `pinn new --list` shows them.
    static let all: [ProblemTemplate] = [poisson, helmholtz, poisson3D, poissonMesh, ode, neuralODE]

    /// The names of every template, in order.
    static var names: [String] { all.map(\.name) }

    /// The template called `name`, if there is one.
    static func named(_ name: String) -> ProblemTemplate? {
        all.first { $0.name == name }
    }
}

extension ProblemTemplate {
    static let poisson = ProblemTemplate(
        name: "poisson",
        summary: "−Δu = f on the square [-1,1]², u = 0 on the boundary, with its exact solution",
        json: #"""
            {
              "name": "my_poisson",
              "description": "-Δu = 2 pi^2 sin(pi x) sin(pi y) on [-1,1]^2 with u = 0 on the boundary; exact u = sin(pi x) sin(pi y).",
              "kind": "poisson",
              "domain": {"type": "rectangle", "lower": [-1, -1], "upper": [1, 1]},
              "source": "2*pi^2*sin(pi*x)*sin(pi*y)",
              "boundary": [{"on": "all", "type": "dirichlet", "value": "0"}],
              "exact": "sin(pi*x)*sin(pi*y)"
            }

            """#)

    static let helmholtz = ProblemTemplate(
        name: "helmholtz",
        summary: "Δu + k²u = f on the square [-1,1]² with a named parameter k, u = 0 on the boundary",
        json: #"""
            {
              "name": "my_helmholtz",
              "description": "Δu + k^2 u = f on [-1,1]^2 with k = 4 and u = 0 on the boundary; exact u = sin(pi x) sin(2 pi y).",
              "kind": "helmholtz",
              "domain": {"type": "rectangle", "lower": [-1, -1], "upper": [1, 1]},
              "parameters": {"k": 4},
              "k": "k",
              "source": "(k^2 - 5*pi^2)*sin(pi*x)*sin(2*pi*y)",
              "boundary": [{"on": "all", "type": "dirichlet", "value": "0"}],
              "exact": "sin(pi*x)*sin(2*pi*y)"
            }

            """#)

    static let poisson3D = ProblemTemplate(
        name: "poisson-3d",
        summary: "−Δu = f on the unit cube, u = 0 on the boundary, with its exact solution",
        json: #"""
            {
              "name": "my_poisson_3d",
              "description": "-Δu = 3 pi^2 sin(pi x) sin(pi y) sin(pi z) on [0,1]^3 with u = 0 on the boundary; exact u = sin(pi x) sin(pi y) sin(pi z).",
              "kind": "poisson",
              "domain": {"type": "box", "lower": [0, 0, 0], "upper": [1, 1, 1]},
              "source": "3*pi^2*sin(pi*x)*sin(pi*y)*sin(pi*z)",
              "boundary": [{"on": "all", "type": "dirichlet", "value": "0"}],
              "exact": "sin(pi*x)*sin(pi*y)*sin(pi*z)"
            }

            """#)

    static let poissonMesh = ProblemTemplate(
        name: "poisson-mesh",
        summary: "−Δu = f on the L-shaped Gmsh mesh Meshes/lshape.msh (save the file in Problems/)",
        json: #"""
            {
              "name": "my_poisson_mesh",
              "description": "-Δu = (pi^2/2) cos(pi x/2) cos(pi y/2) on the L-shape of Meshes/lshape.msh: u = 0 on the physical group outer, ∂u/∂n = 0 on reentrant; exact u = cos(pi x/2) cos(pi y/2). The mesh path is relative to this file's folder.",
              "kind": "poisson",
              "domain": {"type": "mesh", "file": "../Meshes/lshape.msh"},
              "source": "pi^2/2*cos(pi*x/2)*cos(pi*y/2)",
              "boundary": [
                {"on": "outer", "type": "dirichlet", "value": "0"},
                {"on": "reentrant", "type": "neumann", "value": "0"}
              ],
              "exact": "cos(pi*x/2)*cos(pi*y/2)"
            }

            """#)

    static let ode = ProblemTemplate(
        name: "ode",
        summary: "a PINN in time: the damped oscillator u'' = -ω²u - 2ζωu' from u(0) = 1, u'(0) = 0",
        json: #"""
            {
              "name": "my_ode",
              "description": "A PINN in time: the damped oscillator u'' = -omega^2 u - 2 zeta omega u' with u(0) = 1, u'(0) = 0 on [0, 5]; the reference is Dormand-Prince (method auto: Radau IIA if the system turns out stiff).",
              "kind": "ode",
              "states": ["u"],
              "order": 2,
              "parameters": {"omega": 2, "zeta": 0.1},
              "rhs": {"u": "-omega^2*u - 2*zeta*omega*u_t"},
              "initial": {"u": 1, "u_t": 0},
              "span": [0, 5]
            }

            """#)

    static let neuralODE = ProblemTemplate(
        name: "neural-ode",
        summary: "a neural ODE learning Lotka–Volterra dynamics from observations, tested on extrapolation",
        json: #"""
            {
              "name": "my_neural_ode",
              "description": "A neural ODE learns the Lotka-Volterra system x' = a x - b x y, y' = -c y + d x y from observations generated on t <= 10, and predicts [0, 15] from (x, y)(0) = (1, 1), with the default training (data scaling, derivative matching, growing windows, Gauss-Newton on the whole series).",
              "kind": "ode",
              "states": ["x", "y"],
              "parameters": {"a": 1.5, "b": 1, "c": 3, "d": 1},
              "rhs": {"x": "a*x - b*x*y", "y": "-c*y + d*x*y"},
              "initial": {"x": 1, "y": 1},
              "span": [0, 15],
              "observations": {"generate": {"count": 151, "trainUntil": 10}},
              "model": {"type": "neuralODE"}
            }

            """#)
}
