import XCTest

@testable import PinnNumerics

final class BLASRuntimeTests: XCTestCase {
    private let zen3 = CPUFeatures(vendor: "AuthenticAMD", modelName: "AMD EPYC", flags: ["sse2", "avx", "avx2", "fma"])
    private let skylakeX = CPUFeatures(
        vendor: "GenuineIntel", modelName: "Xeon",
        flags: ["avx", "avx2", "fma", "avx512f", "avx512bw", "avx512vl", "avx512dq"])
    private let oldCPU = CPUFeatures(vendor: "GenuineIntel", modelName: "Core 2", flags: ["sse2", "ssse3"])

    func testGenericPrescottFallbackIsReplacedByTheBestCoreForTheCPU() {
        XCTAssertEqual(BLASRuntime.coreToSwitchTo(detected: "Prescott", userChoseCore: false, cpu: zen3), "Zen")
        XCTAssertEqual(
            BLASRuntime.coreToSwitchTo(detected: "Prescott", userChoseCore: false, cpu: skylakeX), "SkylakeX")
        XCTAssertEqual(BLASRuntime.coreToSwitchTo(detected: "Haswell", userChoseCore: false, cpu: skylakeX), "SkylakeX")
    }

    func testARecognisedCoreOrAUserChoiceIsKept() {
        XCTAssertNil(BLASRuntime.coreToSwitchTo(detected: "Zen", userChoseCore: false, cpu: zen3))
        XCTAssertNil(BLASRuntime.coreToSwitchTo(detected: "Haswell", userChoseCore: false, cpu: zen3))
        XCTAssertNil(BLASRuntime.coreToSwitchTo(detected: "Prescott", userChoseCore: true, cpu: zen3))
        XCTAssertNil(BLASRuntime.coreToSwitchTo(detected: "Prescott", userChoseCore: false, cpu: oldCPU))
    }

    func testAUserChoiceNarrowerThanTheBestCoreIsReported() {
        XCTAssertEqual(BLASRuntime.fasterCoreThanUserChoice("Haswell", cpu: skylakeX), "SkylakeX")
        XCTAssertEqual(BLASRuntime.fasterCoreThanUserChoice("Prescott", cpu: zen3), "Zen")
        XCTAssertNil(BLASRuntime.fasterCoreThanUserChoice("SkylakeX", cpu: skylakeX))
        XCTAssertNil(BLASRuntime.fasterCoreThanUserChoice("Haswell", cpu: zen3))
    }

    func testTheLoadedOpenBLASReportsACore() {
        XCTAssertFalse(BLASRuntime.coreName.isEmpty)
        XCTAssertNotEqual(BLASRuntime.coreName, "unknown")
        XCTAssertGreaterThanOrEqual(BLASRuntime.threads, 1)
    }
}
