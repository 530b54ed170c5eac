/// The affine map of one triangle or tetrahedron: its measure and the gradients of its
/// barycentric coordinates λ₀…λ_d (the P1 basis functions restricted to the cell).
///
/// With edges e_k = x_k − x₀ (k = 1…d) and J = [e₁ … e_d], the gradients ∇λ₁…∇λ_d are the rows
/// of J⁻¹ and ∇λ₀ = −Σ_k ∇λ_k; the measure is |det J| / d!. In 2-D (z = 0):
/// ∇λ₁ = (e₂.y, −e₂.x)/det, ∇λ₂ = (−e₁.y, e₁.x)/det. In 3-D:
/// ∇λ₁ = (e₂ × e₃)/det, ∇λ₂ = (e₃ × e₁)/det, ∇λ₃ = (e₁ × e₂)/det, det = e₁ · (e₂ × e₃).
struct FEMCellGeometry {
    /// Area (2-D) or volume (3-D).
    let measure: Double
    /// ∇λ_k for k = 0…d (z = 0 in 2-D).
    let gradients: [SIMD3<Double>]
    /// The signed determinant of J.
    let determinant: Double

    init(vertices x: [SIMD3<Double>], dimension: Int) {
        let e1 = x[1] - x[0], e2 = x[2] - x[0]
        var g: [SIMD3<Double>]
        if dimension == 2 {
            determinant = e1.x * e2.y - e1.y * e2.x
            measure = abs(determinant) / 2
            g = [.zero, SIMD3(e2.y, -e2.x, 0) / determinant, SIMD3(-e1.y, e1.x, 0) / determinant]
        } else {
            let e3 = x[3] - x[0]
            let c23 = cross(e2, e3)
            determinant = dot(e1, c23)
            measure = abs(determinant) / 6
            g = [.zero, c23 / determinant, cross(e3, e1) / determinant, cross(e1, e2) / determinant]
        }
        g[0] = -g[1...].reduce(.zero, +)
        gradients = g
    }

    /// Whether the cell has a measure that is not negligible against its longest edge ℓ:
    /// |det J| > 10⁻¹² ℓ^d (a cell squashed flat to rounding fails).
    func isRegular(vertices x: [SIMD3<Double>]) -> Bool {
        var longest = 0.0
        for i in x.indices {
            for j in x.indices where j > i { longest = max(longest, length(x[j] - x[i])) }
        }
        let scale = x.count == 3 ? longest * longest : longest * longest * longest
        return abs(determinant) > 1e-12 * scale && determinant.isFinite
    }
}

/// A boundary facet (segment or triangle) of a cell: its measure and outward unit normal.
struct FEMFacetGeometry {
    /// Length (2-D) or area (3-D).
    let measure: Double
    /// The unit normal pointing away from the cell the facet bounds (z = 0 in 2-D).
    let normal: SIMD3<Double>

    /// The facet with `vertices`, oriented away from `opposite`, the vertex of its cell not on it.
    init(vertices x: [SIMD3<Double>], opposite: SIMD3<Double>, dimension: Int) {
        var n: SIMD3<Double>
        if dimension == 2 {
            let t = x[1] - x[0]
            measure = length(t)
            n = SIMD3(t.y, -t.x, 0) / measure
        } else {
            let c = cross(x[1] - x[0], x[2] - x[0])
            let twiceArea = length(c)
            measure = twiceArea / 2
            n = c / twiceArea
        }
        if dot(opposite - x[0], n) > 0 { n = -n }
        normal = n
    }
}

func dot(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> Double { (a * b).sum() }

func cross(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> SIMD3<Double> {
    SIMD3(a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x)
}

func length(_ a: SIMD3<Double>) -> Double { dot(a, a).squareRoot() }
