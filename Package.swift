// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "botcensus",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "botcensus", targets: ["botcensus"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // PCRE2 from Debian's libpcre2-dev: banner patterns are matched on bytes by the real engine.
        .systemLibrary(
            name: "CPCRE2",
            pkgConfig: "libpcre2-8",
            providers: [.apt(["libpcre2-dev"])]
        ),
        .target(name: "BotCensusCore"),
        .target(name: "Ingest", dependencies: ["BotCensusCore", .product(name: "Crypto", package: "swift-crypto")]),
        .target(
            name: "Fingerprint",
            dependencies: ["BotCensusCore", "CPCRE2"],
            resources: [.copy("Resources/signatures.json")]
        ),
        .target(name: "Analysis", dependencies: ["BotCensusCore"]),
        .target(name: "Simulation", dependencies: ["BotCensusCore"]),
        .target(name: "Store", dependencies: ["BotCensusCore", .product(name: "GRDB", package: "GRDB.swift"),
                                      .product(name: "GRDBSQLite", package: "GRDB.swift")]),
        .target(name: "Report", dependencies: ["BotCensusCore"]),
        .target(
            name: "Workflow",
            dependencies: ["BotCensusCore", "Ingest", "Fingerprint", "Analysis", "Store", "Report"],
            resources: [.copy("Resources/demo")]
        ),
        .executableTarget(
            name: "botcensus",
            dependencies: ["Workflow", "Simulation", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(name: "botcensus-bench", dependencies: ["BotCensusCore", "Fingerprint", "Ingest"]),
        .testTarget(name: "CoreTests", dependencies: ["BotCensusCore"]),
        .testTarget(name: "IngestTests", dependencies: ["Ingest"]),
        .testTarget(name: "FingerprintTests", dependencies: ["Fingerprint"]),
        .testTarget(name: "NmapTests", dependencies: ["Fingerprint"]),
        .testTarget(name: "AnalysisTests", dependencies: ["Analysis"]),
        .testTarget(name: "StoreTests", dependencies: ["Store"]),
        .testTarget(name: "WorkflowTests", dependencies: ["Workflow"]),
        .testTarget(name: "SynTests", dependencies: ["Ingest", "Fingerprint"]),
        .testTarget(name: "CaptureImportTests", dependencies: ["Ingest", "Workflow"]),
        .testTarget(name: "MailTests", dependencies: ["Ingest"]),
        .testTarget(name: "SimulationTests", dependencies: ["Simulation", "Ingest", "Workflow"]),
        .testTarget(name: "EvaluationTests", dependencies: ["Analysis", "Workflow"]),
        .testTarget(name: "HostSplittingTests", dependencies: ["Analysis", "Simulation", "Ingest"]),
        .testTarget(name: "ProofTests", dependencies: ["Analysis", "Simulation", "Ingest", "Fingerprint", "Store", "Workflow"]),
    ]
)

// Fuzzing: one executable for every evidence format, `botcensus-fuzz FORMAT`, which feeds the parsers bytes in
// memory. scripts/fuzz.sh builds it with coverage, ASan and -DFUZZING; a normal build makes it a replayer of
// saved inputs. A new format needs nothing here.
package.targets.append(.executableTarget(name: "botcensus-fuzz", dependencies: ["BotCensusCore", "Ingest"]))
