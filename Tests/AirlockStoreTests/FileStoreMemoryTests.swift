import AirlockCore
import AirlockStore
import AirlockTestSupport
import Foundation
import Testing

/// Memory on disk in the file backend: one private markdown file per document, removed with
/// it, refused when damaged or exposed; the memory version counts changes. (The memory and
/// search contract itself is in the conformance suite.)
@Suite("FileWorkspaceStore memory")
struct FileStoreMemoryTests {
    @Test func addedMemoryIsStoredAsMarkdownWithItsBodyVerbatim() async throws {
        let test = try FileStoreHome()
        let store = try await test.create("acme")
        let body = "東京 🚀 \u{1B}[31mred\u{1B}[0m\r\n---\nnot front matter: \"x\"\n"
        let added = try await store.addMemory(try draft("Quotes ' and \": colon", body: body, kind: .brandVoice, tags: ["Tone", "東京"], pinned: true))
        #expect(try await store.memory(added.id) == added)
        let file = try text(at: test.directory(of: "acme") + "/memory/\(added.id).md")
        #expect(file.hasPrefix("---\nkind: \"brand_voice\"\n"))
        #expect(file.hasSuffix("\n---\n" + body))
        #expect(permissions(of: test.directory(of: "acme") + "/memory/\(added.id).md") == 0o600)
    }

    @Test func removeDeletesTheFile() async throws {
        let test = try FileStoreHome()
        let store = try await test.create("acme")
        let added = try await store.addMemory(try draft("old", body: "keep", tags: ["a"]))
        _ = try await store.updateMemory(added.id, with: try MemoryPatch(title: "new", pinned: true))
        #expect(exists(test.directory(of: "acme") + "/memory/\(added.id).md"))
        try await store.removeMemory(added.id)
        #expect(!exists(test.directory(of: "acme") + "/memory/\(added.id).md"))
    }

    @Test func damagedOrExposedDocumentsAreRefused() async throws {
        let test = try FileStoreHome()
        let store = try await test.create("acme")
        let added = try await store.addMemory(try draft("n"))
        let path = test.directory(of: "acme") + "/memory/\(added.id).md"
        try overwrite(path, with: "no front matter")
        await #expect(throws: StoreError.self) { try await store.memory(added.id) }
        chmod(path, 0o644)
        await #expect(throws: FileSystemError.tooPermissive(path: path, mode: 0o644)) { try await store.memory(added.id) }
    }

    @Test func theMemoryVersionCountsChanges() async throws {
        let test = try FileStoreHome()
        let store = try await test.create("acme")
        let start = try await store.memoryVersion()
        let first = try await store.addMemory(try draft("first", pinned: true))
        _ = try await store.addMemory(try draft("unpinned"))
        let second = try await store.addMemory(try draft("second", pinned: true))
        let afterAdds = try await store.memoryVersion()
        #expect(afterAdds == start + 3)
        _ = try await store.updateMemory(first.id, with: try MemoryPatch(pinned: false))
        try await store.removeMemory(second.id)
        #expect(try await store.memoryVersion() == afterAdds + 2)
    }
}
