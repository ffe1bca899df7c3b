// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "Airlock",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "airlock", targets: ["airlock"]),
        .library(name: "AirlockCore", targets: ["AirlockCore"]),
        .library(name: "AirlockStore", targets: ["AirlockStore"]),
        .library(name: "AirlockPostgres", targets: ["AirlockPostgres"]),
        .library(name: "AirlockAgent", targets: ["AirlockAgent"]),
        .library(name: "AirlockTUI", targets: ["AirlockTUI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        .target(
            name: "AirlockCore",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "AirlockStore",
            dependencies: [
                "AirlockCore",
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "AirlockPostgres",
            dependencies: [
                "AirlockCore",
                "AirlockStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "AirlockAgent",
            dependencies: [
                "AirlockCore",
                "AirlockStore",
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "AirlockTUI",
            dependencies: ["AirlockCore", "AirlockAgent"]
        ),
        .systemLibrary(name: "CNCursesW"),
        .target(
            name: "AirlockTerminal",
            dependencies: ["AirlockTUI", "CNCursesW"]
        ),
        .executableTarget(
            name: "airlock",
            dependencies: [
                "AirlockCore",
                "AirlockStore",
                "AirlockPostgres",
                "AirlockAgent",
                "AirlockTUI",
                "AirlockTerminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "AirlockTestSupport",
            dependencies: [
                "AirlockCore",
                "AirlockStore",
                "AirlockAgent",
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .target(
            name: "AirlockPostgresTestSupport",
            dependencies: [
                "AirlockPostgres",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "AirlockPostgresTests",
            dependencies: [
                "AirlockCore", "AirlockPostgres", "AirlockTestSupport", "AirlockPostgresTestSupport", "airlock",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .testTarget(
            name: "AirlockConformanceTests",
            dependencies: [
                "AirlockCore", "AirlockStore", "AirlockPostgres", "AirlockTestSupport", "AirlockPostgresTestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .testTarget(
            name: "AirlockCoreTests",
            dependencies: ["AirlockCore", "AirlockTestSupport"]
        ),
        .testTarget(
            name: "AirlockAgentTests",
            dependencies: ["AirlockCore", "AirlockStore", "AirlockAgent", "AirlockTestSupport"]
        ),
        .testTarget(
            name: "AirlockTUITests",
            dependencies: ["AirlockCore", "AirlockAgent", "AirlockTUI", "AirlockTestSupport"],
            exclude: ["Snapshots"]
        ),
        .testTarget(
            name: "AirlockTerminalTests",
            dependencies: ["AirlockTUI", "AirlockTerminal", "CNCursesW"]
        ),
        .testTarget(
            name: "AirlockStoreTests",
            dependencies: [
                "AirlockCore", "AirlockStore", "AirlockTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "AirlockIsolationTests",
            dependencies: [
                "AirlockCore", "AirlockStore", "AirlockAgent", "AirlockTestSupport", "airlock",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "AirlockCLITests",
            dependencies: ["AirlockTestSupport", "airlock", .product(name: "GRDB", package: "GRDB.swift")]
        ),
    ]
)
