import PinnNetwork
import PinnNumerics
import PinnProblems
import PinnTraining

/// A bound PDE problem's settings turned into what training needs: the network's architecture, the
/// collocation batches of each sampling round, and the trainer.
extension BoundProblem {
    public var training: ProblemFile.TrainingSettings { file.training }

    /// The SIREN the problem's network settings describe (ω₀ from the domain when not given).
    public func architecture() -> SirenArchitecture {
        let n = file.network
        return SirenArchitecture(inputs: inputs, width: n.width, depth: n.depth, omega0: n.omega0 ?? defaultOmega0)
    }

    /// Collocation batches for one sampling round (`round` 0 at the start, then one per resampling):
    /// interior points with f (and c) there, boundary points with their outward normals and the
    /// condition of their part in Robin form; `mask` keeps a sparse network's pruned weights at zero.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func makeLoss<T: PinnScalar>(round: Int, mask: ParameterMask? = nil, as: T.Type = T.self) -> PDELoss<T> {
        if file.kind.isEvolution { return makeSpaceTimeLoss(round: round, mask: mask) }
        let d = dimension
        let settings = training
        var source = pointSource(round: round)
        let collocation = domain.collocation
        let insidePoints = collocation.interiorPoints(count: settings.interiorPoints, using: &source)
        let edge = collocation.boundaryPoints(count: settings.boundaryPoints, using: &source)
        let insideCount = insidePoints.count / d
        let (f, c) = sourceAndReaction(at: insidePoints, count: insideCount)
        let interior = InteriorBatch<T>(
            points: Matrix(rows: d, cols: insideCount, storage: insidePoints.map { T($0) }),
            source: f.map { T($0) },
            reaction: c?.map { T($0) } ?? [],
            laplacianCoefficient: T(laplacianCoefficient))
        var alpha = [T](), beta = [T](), value = [T]()
        for sample in edge {
            let c = condition(onAnyOf: sample.parts)
            alpha.append(T(c?.alpha.evaluate(sample.point) ?? 1))
            beta.append(T(c?.beta.evaluate(sample.point) ?? 0))
            value.append(T(c?.value.evaluate(sample.point) ?? 0))
        }
        let boundary = BoundaryBatch<T>(
            points: Matrix(rows: d, cols: edge.count, storage: edge.flatMap { $0.point.map { T($0) } }),
            normals: Matrix(rows: d, cols: edge.count, storage: edge.flatMap { $0.normal.map { T($0) } }),
            alpha: alpha, beta: beta, value: value)
        var loss = PDELoss(interior: interior, boundary: boundary)
        loss.parameterMask = mask
        if let table = measurements {
            loss.measurements = MeasurementBatch(
                points: Matrix(rows: d, cols: table.count, storage: table.points.map { T($0) }),
                values: table.values.map { T($0) }, weight: dataWeight)
        }
        if let fields = unknownFields {
            let which = edge.map { conditionIndex(onAnyOf: $0.parts) }
            let edgePoints = edge.flatMap(\.point)
            let unknowns = UnknownCoefficients<T>(count: fields.names.count) { p in
                fields.coefficients(
                    interior: insidePoints, interiorCount: insideCount, boundary: edgePoints, boundaryConditions: which,
                    dimension: d, unknowns: p)
            }
            loss.attach(unknowns, at: fields.names.map { unknownValues[$0] ?? .nan })
        }
        return loss
    }

    /// The seed of sampling round `round`.
    func samplingSeed(round: Int) -> UInt64 { training.seed &+ UInt64(round) &* 0x9E37_79B9 }

    /// The point source of the training settings' sampler for sampling round `round`. Boundary
    /// sampling of a box uses one more coordinate than the dimension (to pick the face), a mesh's
    /// interior one more (to pick the cell): 4 in all.
    func pointSource(round: Int) -> PointSource {
        let seed = samplingSeed(round: round)
        return switch training.sampler {
        case .uniform: .uniform(SeededGenerator(seed: seed))
        case .halton: .halton(HaltonSequence(dimension: 4, shiftSeed: seed))
        case .sobol: .sobol(SobolSequence(dimension: 4, shiftSeed: seed))
        }
    }

    /// The trainer the problem's settings describe: Adam with cosine decay to 1 % of the learning
    /// rate (times `rates`, a meta-learned start's per-layer multipliers, if any), the loss
    /// weighting, resampling, then L-BFGS, then Gauss–Newton.
    public func trainer<T: PinnScalar>(rates: LayerRateMultipliers? = nil, as: T.Type = T.self) -> PINNTrainer<T> {
        let settings = training
        let weighting: LossWeighting =
            switch settings.weighting {
            case .fixed: .fixed(settings.boundaryWeight)
            case .annealing: .annealing(initial: settings.boundaryWeight, alpha: 0.1, every: 10)
            case .gradnorm: .gradientNormBalance(initial: settings.boundaryWeight, alpha: 0.1, every: 100)
            }
        var trainer = PINNTrainer<T>(
            adamSteps: settings.adamSteps,
            schedule: .cosine(
                rate: settings.learningRate, floor: settings.learningRate / 100,
                steps: settings.adamSteps),
            lbfgsIterations: settings.lbfgsIterations, weighting: weighting,
            resampleEvery: settings.resampleEvery)
        trainer.rateMultipliers = rates?.perParameter(T.self)
        trainer.gaussNewtonIterations = settings.gaussNewtonIterations
        trainer.gaussNewtonDamping = settings.gaussNewtonDamping
        trainer.blockCount = settings.blocks
        let maps = unknownMaps
        trainer.unknownMaps = maps
        trainer.initialUnknownTrainables = zip(maps, initialUnknowns).map { T($0.trainable($1)) }
        return trainer
    }
}
