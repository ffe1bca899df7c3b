import Foundation
import Testing

/// Compares rendered text with `Snapshots/<name>.txt` beside this file; with
/// `AIRLOCK_RECORD_SNAPSHOTS=1` in the environment it writes the file instead.
func expectSnapshot(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
    let file = folder.appendingPathComponent(name + ".txt")
    if ProcessInfo.processInfo.environment["AIRLOCK_RECORD_SNAPSHOTS"] == "1" {
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try? Data((text + "\n").utf8).write(to: file)
        return
    }
    guard let recorded = try? String(contentsOf: file, encoding: .utf8) else {
        Issue.record("no snapshot \(name).txt; record it with AIRLOCK_RECORD_SNAPSHOTS=1 swift test --filter AirlockTUITests", sourceLocation: sourceLocation)
        return
    }
    #expect(text + "\n" == recorded, "frame differs from Snapshots/\(name).txt", sourceLocation: sourceLocation)
}
