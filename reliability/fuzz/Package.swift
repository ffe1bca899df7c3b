// swift-tools-version: 6.2
//
// libFuzzer targets for Airlock's input-facing parsers and validators. A separate package so
// that the sanitizer flags never touch the main build; build and run it with
// `reliability/fuzz/run.sh` (its own scratch path, `.build-fuzz/`).
import Foundation
import PackageDescription

/// The root package is `../..`; a path dependency's identity is its folder's name.
let rootIdentity = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .lastPathComponent.lowercased()

func fuzzTarget(_ name: String, _ products: [String]) -> Target {
    .executableTarget(
        name: name,
        dependencies: products.map { .product(name: $0, package: rootIdentity) },
        swiftSettings: [.unsafeFlags(["-parse-as-library"])],
        // gold trips over SwiftPM's `--defsym main=<target>_main` next to libFuzzer's own main.
        linkerSettings: [.unsafeFlags(["-use-ld=lld"])]
    )
}

let package = Package(
    name: "AirlockFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(path: "../..")],
    targets: [
        fuzzTarget("FuzzWorkspaceID", ["AirlockCore"]),
        fuzzTarget("FuzzTerminalText", ["AirlockCore"]),
        fuzzTarget("FuzzSSEParser", ["AirlockAgent"]),
        fuzzTarget("FuzzMarkdownLite", ["AirlockCore", "AirlockTUI"]),
    ]
)
