import Foundation
import PinnIO
import PinnMeta
import PinnNetwork
import PinnNumerics
import PinnProblems
import PinnSolve
import PinnTestSupport
import XCTest

final class MetaInitializationFileTests: XCTestCase {
    private var temporary: TemporaryDirectory!
    private var directory: String { temporary.path }

    override func setUpWithError() throws {
        temporary = try TemporaryDirectory("meta-file")
    }

    override func tearDown() { temporary.remove() }

    /// A meta-initialisation with arbitrary values in precision T (so f32 values are Float-exact).
    private func sample<T: PinnScalar>(_: T.Type) -> MetaInitialization {
        let a = SirenArchitecture(inputs: 2, width: 16, depth: 3, omega0: 10)
        var rng = SeededGenerator(seed: 9)
        func values(_ n: Int) -> [Double] { (0..<n).map { _ in Double(T(rng.normal() * 0.3)) } }
        let mask = Pruning.prune(
            values(a.parameterCount), mask: ParameterMask(dense: a), keep: 51, criterion: .random(seed: 2))
        var sparse = values(a.parameterCount)
        mask.zeroPruned(&sparse)
        sparse[0] = Double(T.leastNonzeroMagnitude)
        sparse[1] = -0.0
        var settings = ProblemFamily.MetaTrainingSettings()
        settings.algorithm = .fomaml
        settings.innerSteps = 7
        settings.innerLearningRate = 3e-3
        settings.seed = 42
        settings.learnRates = true
        settings.pruning = .neuron
        settings.fanInRates = .init(hidden: 23, output: 0.1 + 0.2) // not a short decimal: the attribute is a double
        settings.rateLearningRate = 3e-2
        settings.precision = T.self == Float.self ? .f32 : .f64
        let history = (0..<5).map { (i: Int) -> MetaRecord in
            MetaRecord(
                round: i / 2, step: i, freeParameters: 100 - i, lossBefore: 1 / Double(i + 1),
                lossAfter: 0.1 / Double(i + 1))
        }
        var result = MetaInitialization(
            familyName: "fam", algorithm: .fomaml, settings: settings, precision: T.precisionName,
            sparse: InitialNetwork(
                architecture: a, parameters: sparse, mask: mask,
                rates: LayerRateMultipliers(architecture: a, logMultipliers: values(2 * a.layerCount))),
            dense: InitialNetwork(architecture: a, parameters: values(a.parameterCount)),
            history: history, seconds: 12.5)
        result.familyJSON = #"{"kind": "family"}"#
        result.baseJSON = #"{"kind": "poisson", "source": "1"}"#
        let narrow = SirenArchitecture(inputs: 2, width: 5, depth: 3, omega0: 10)
        result.denseNarrow = InitialNetwork(architecture: narrow, parameters: values(narrow.parameterCount))
        result.randomPruned = InitialNetwork(architecture: a, parameters: sparse, mask: mask)
        result.baselineSeconds = 3.25
        return result
    }

    func testRoundTripIsBitIdenticalInBothPrecisions() throws {
        for (name, original) in [("f32", sample(Float.self)), ("f64", sample(Double.self))] {
            let path = directory + "/meta-\(name).h5"
            try original.write(to: path)
            let read = try MetaInitialization.read(from: path)
            XCTAssertEqual(read, original, name)
            XCTAssertEqual(read.sparse.parameters.map(\.bitPattern), original.sparse.parameters.map(\.bitPattern), name)
            XCTAssertEqual(read.dense.parameters.map(\.bitPattern), original.dense.parameters.map(\.bitPattern), name)
            XCTAssertEqual(
                read.denseNarrow?.parameters.map(\.bitPattern), original.denseNarrow?.parameters.map(\.bitPattern))
            XCTAssertEqual(
                read.sparse.rates?.logMultipliers.map(\.bitPattern),
                original.sparse.rates?.logMultipliers.map(\.bitPattern), name)
            XCTAssertNil(read.dense.rates, "a network without learned rates reads back without")
            XCTAssertTrue(read.settings.learnRates)
            XCTAssertEqual(read.settings.fanInRates?.output.bitPattern, (0.1 + 0.2).bitPattern)
            // The stored type is the training precision.
            let file = try HDF5File.openReadOnly(at: path)
            XCTAssertEqual(try file.elementKind(of: "/init/parameters"), name == "f32" ? .float32 : .float64)
            // Networks built from it in the training precision are the ones written.
            if name == "f32" {
                XCTAssertEqual(read.sparse.siren(Float.self).parameters, original.sparse.parameters.map { Float($0) })
            }
        }
    }

    func testWritingIsAtomicAndForeignFilesAreRefused() throws {
        let original = sample(Double.self)
        let missing = directory + "/no/such/dir/meta.h5"
        XCTAssertThrowsError(try original.write(to: missing))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), [])

        let foreign = directory + "/result.h5"
        try HDF5File.writeAtomically(to: foreign) { try $0.setAttribute("kind", to: "something") }
        XCTAssertThrowsError(try MetaInitialization.read(from: foreign)) { error in
            XCTAssertTrue("\(error)".contains("not a pinn meta-initialization"), "\(error)")
            XCTAssertTrue("\(error)".hasPrefix(foreign), "\(error)")
        }
        // A pruned parameter that is not zero is an inconsistent file.
        var broken = original
        broken.sparse.parameters[broken.sparse.mask!.pruned[0]] = 1
        let path = directory + "/broken.h5"
        try broken.write(to: path)
        XCTAssertThrowsError(try MetaInitialization.read(from: path)) { error in
            XCTAssertEqual((error as? MetaFileError)?.path, "/init/parameters")
        }
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: directory).sorted(), ["broken.h5", "result.h5"])
    }
}
