// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "Airlock",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "airlock", targets: ["airlock"]),
        .library(name: "AirlockCore", targets: ["AirlockCore"]),
        .library(name: "AirlockStore", targets: ["AirlockStore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
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
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "airlock",
            dependencies: [
                "AirlockCore",
                "AirlockStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "AirlockTestSupport",
            dependencies: ["AirlockCore", "AirlockStore"]
        ),
        .testTarget(
            name: "AirlockCoreTests",
            dependencies: ["AirlockCore", "AirlockTestSupport"]
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
                "AirlockCore", "AirlockStore", "AirlockTestSupport", "airlock",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "AirlockCLITests",
            dependencies: ["AirlockTestSupport", "airlock", .product(name: "GRDB", package: "GRDB.swift")]
        ),
    ]
)
