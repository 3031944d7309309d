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
        // The live side (trap): SwiftNIO and the Swift server ecosystem's logging, metrics and lifecycle.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
        // The web view (`botcensus serve`): Hummingbird 2's HTTP server and router.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // Cases in PostgreSQL (`--case postgresql://…`): many traps and analysts on one case, bulk import through COPY.
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
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
                                      .product(name: "GRDBSQLite", package: "GRDB.swift"),
                                      .product(name: "PostgresNIO", package: "postgres-nio"),
                                      .product(name: "NIOCore", package: "swift-nio"),
                                      .product(name: "NIOPosix", package: "swift-nio"),
                                      .product(name: "Logging", package: "swift-log")]),
        // Crypto: SHA-1 for the STIX export's name-based (version 5) UUIDs.
        .target(name: "Report", dependencies: ["BotCensusCore", .product(name: "Crypto", package: "swift-crypto")]),
        // The SMTP spam trap: session state machine (pure) apart from the NIO handlers, the SYN the kernel
        // saved for each connection, and the durable writer that fsyncs before every 250.
        .target(
            name: "Trap",
            dependencies: [
                "BotCensusCore", "Ingest", "Store",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            // Channel handlers live on their event loop (NIO's own discipline), which Swift 6's checker cannot see.
            swiftSettings: [.swiftLanguageMode(.v5)]
        ),
        // The prober: zgrab2-like modules (one file each) over SwiftNIO, every socket behind one scope check.
        .target(
            name: "Probe",
            dependencies: [
                "BotCensusCore", "Ingest", "Fingerprint",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            swiftSettings: [.swiftLanguageMode(.v5)]
        ),
        // The live lab: households behind real NAT in network namespaces, hosts' kernels shaped per family.
        .target(name: "Lab", dependencies: ["BotCensusCore", "Fingerprint"],
                resources: [.copy("Resources/lab-common.py"), .copy("Resources/lab-sender.py"), .copy("Resources/lab-device.py")]),
        .target(
            name: "Workflow",
            dependencies: ["BotCensusCore", "Ingest", "Fingerprint", "Analysis", "Store", "Report"],
            resources: [.copy("Resources/demo")]
        ),
        // `botcensus serve`: read-only pages and JSON API over a case; pages rendered as pure functions (Pages/, API/)
        // apart from the Hummingbird server (Server/).
        .target(
            name: "WebView",
            dependencies: [
                "BotCensusCore", "Store", "Workflow", "Report",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "botcensus",
            dependencies: ["Workflow", "Simulation", "Trap", "Probe", "Lab", "WebView", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(name: "botcensus-bench", dependencies: ["BotCensusCore", "Fingerprint", "Ingest"]),
        // What every test target shares (Hummingbird's HummingbirdTesting is the model): fixture paths, scratch
        // files, the machine's tools as `.enabled(if:)` conditions, running the built binary, import runs.
        .target(name: "BotCensusTesting", dependencies: ["BotCensusCore", "Ingest"], path: "Tests/BotCensusTesting"),
        .testTarget(name: "CoreTests", dependencies: ["BotCensusCore"]),
        .testTarget(name: "IngestTests", dependencies: ["BotCensusTesting", "Ingest"]),
        .testTarget(name: "FingerprintTests", dependencies: ["BotCensusTesting", "Fingerprint"]),
        .testTarget(name: "NmapTests", dependencies: ["BotCensusTesting", "Fingerprint"]),
        .testTarget(name: "AnalysisTests", dependencies: ["BotCensusTesting", "Analysis"]),
        .testTarget(name: "StoreTests", dependencies: ["BotCensusTesting", "Store"]),
        .testTarget(name: "WorkflowTests", dependencies: ["BotCensusTesting", "Workflow"]),
        .testTarget(name: "SynTests", dependencies: ["BotCensusTesting", "Ingest", "Fingerprint"]),
        .testTarget(name: "CaptureImportTests", dependencies: ["BotCensusTesting", "Ingest", "Workflow"]),
        .testTarget(name: "MailTests", dependencies: ["BotCensusTesting", "Ingest"]),
        .testTarget(name: "SimulationTests", dependencies: ["BotCensusTesting", "Simulation", "Ingest", "Workflow"]),
        .testTarget(name: "EvaluationTests", dependencies: ["BotCensusTesting", "Analysis", "Workflow"]),
        .testTarget(name: "HostSplittingTests", dependencies: ["BotCensusTesting", "Analysis", "Simulation", "Ingest"]),
        .testTarget(name: "ProbeTests", dependencies: ["BotCensusTesting", "Probe", "Fingerprint", "Ingest"]),
        .testTarget(name: "TrapTests", dependencies: ["BotCensusTesting", "Trap", .product(name: "NIOCore", package: "swift-nio")]),
        .testTarget(name: "LabTests", dependencies: ["BotCensusTesting", "Lab", "Ingest"]),
        // export --format csv and export stix, checked by Python's csv module and the OASIS stix2 library.
        // `--case postgresql://…` on a PostgreSQL server each test starts for itself: the same answers as SQLite.
        .testTarget(name: "PostgresTests", dependencies: ["BotCensusTesting", "Store"]),
        .testTarget(name: "ExportTests", dependencies: ["BotCensusTesting", "Report", "Store"]),
        // `botcensus serve` over loopback: pages, the JSON API against the contracts, OpenAPI, security, headless Chromium.
        .testTarget(name: "WebViewTests", dependencies: ["BotCensusTesting", "WebView", "Store"]),
        // `botcensus report`: the HTML page's figures, hostile text kept as text, and the page as headless Chromium loads it.
        .testTarget(name: "ReportTests", dependencies: ["BotCensusTesting", "Report", "Workflow", "Store", "Analysis", "Simulation",
                                                        "Ingest", "Fingerprint"]),
        .testTarget(name: "ProofTests", dependencies: ["BotCensusTesting", "Analysis", "Simulation", "Ingest", "Fingerprint", "Store", "Workflow"]),
    ]
)

// Fuzzing: one executable for every evidence format, `botcensus-fuzz FORMAT`, which feeds the parsers bytes in
// memory. scripts/fuzz.sh builds it with coverage, ASan and -DFUZZING; a normal build makes it a replayer of
// saved inputs. A new format needs nothing here.
package.targets.append(.executableTarget(name: "botcensus-fuzz", dependencies: ["BotCensusCore", "Ingest"]))
