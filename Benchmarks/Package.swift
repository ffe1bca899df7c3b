// swift-tools-version: 6.2
import PackageDescription

// Airlock's benchmarks: a package of their own, so that neither the main build nor CI
// builds the benchmark dependency. Run them with `make bench` (scripts/bench.sh).
let package = Package(
    name: "AirlockBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Airlock", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .executableTarget(
            name: "AirlockBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "AirlockCore", package: "Airlock"),
                .product(name: "AirlockStore", package: "Airlock"),
                .product(name: "AirlockAgent", package: "Airlock"),
                .product(name: "AirlockTUI", package: "Airlock"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "Benchmarks/AirlockBenchmarks",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark"),
            ]
        ),
    ]
)
