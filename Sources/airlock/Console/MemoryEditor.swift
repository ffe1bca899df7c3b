import AirlockCore
import Foundation
import Glibc

/// Edits a memory document in `$EDITOR` (else `vi`): writes it with a small header to a
/// private temporary file, hands the terminal to the editor, reads it back and saves it.
///
/// ```
/// title: Brand voice
/// kind: brand_voice
/// tags: voice, tone
/// pinned: yes
/// ---
/// The body…
/// ```
///
/// The file lives in a fresh directory only the user can read and is removed afterwards —
/// except when what was written cannot be saved, in which case it is kept and its path
/// is shown, so no text is lost.
struct MemoryEditor: Sendable {
    /// Suspends the screen, runs the command line on the file at the path, resumes.
    /// Returns whether the editor exited successfully.
    let runEditor: @Sendable (_ command: String, _ path: String) async -> Bool
    let environment: [String: String]

    /// Edits `existing` (or a new document of `kind`) and saves it to `store`.
    ///
    /// - Returns: the saved document, or nil if nothing changed.
    /// - Throws: ``MemoryEditorError`` or a store error, naming the kept file.
    func edit(_ existing: MemoryDocument?, kind: MemoryKind, store: any WorkspaceStore) async throws -> MemoryDocument? {
        let directory = try Self.privateDirectory()
        let path = directory + "/memory.md"
        let original = Self.text(of: existing, kind: kind)
        try Data(original.utf8).write(to: URL(fileURLWithPath: path))
        let command = environment["VISUAL"].flatMap { $0.isEmpty ? nil : $0 } ?? environment["EDITOR"].flatMap { $0.isEmpty ? nil : $0 } ?? "vi"
        guard await runEditor(command, path) else {
            try? FileManager.default.removeItem(atPath: directory)
            throw MemoryEditorError.editorFailed(command)
        }
        let edited = (try? String(contentsOfFile: path, encoding: .utf8)) ?? original
        guard edited != original else {
            try? FileManager.default.removeItem(atPath: directory)
            return nil
        }
        do {
            let parsed = try Self.parse(edited)
            let saved: MemoryDocument
            if let existing {
                saved = try await store.updateMemory(existing.id, with: try MemoryPatch(kind: parsed.kind, title: parsed.title, body: parsed.body, tags: parsed.tags, pinned: parsed.pinned))
            } else {
                saved = try await store.addMemory(parsed)
            }
            try? FileManager.default.removeItem(atPath: directory)
            return saved
        } catch {
            throw MemoryEditorError.notSaved(reason: String(describing: error), keptAt: path)
        }
    }

    static func text(of document: MemoryDocument?, kind: MemoryKind) -> String {
        """
        title: \(document?.title ?? "")
        kind: \(document?.kind.rawValue ?? kind.rawValue)
        tags: \(document?.tags.joined(separator: ", ") ?? "")
        pinned: \(document?.pinned == true ? "yes" : "no")
        ---
        \(document?.body ?? "")
        """
    }

    static func parse(_ text: String) throws -> MemoryDraft {
        guard let separator = text.range(of: "\n---\n") ?? text.range(of: "\n---") else { throw MemoryEditorError.noSeparator }
        var fields: [String: String] = [:]
        for line in text[..<separator.lowerBound].split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let body = String(text[separator.upperBound...])
        return try MemoryDraft(
            kind: try MemoryKind(parsing: fields["kind"] ?? "note"),
            title: fields["title"] ?? "",
            body: body.hasSuffix("\n") ? String(body.dropLast()) : body,
            tags: MemoryTags.split(fields["tags"] ?? ""),
            pinned: ["yes", "true", "y", "1"].contains((fields["pinned"] ?? "").lowercased())
        )
    }

    private static func privateDirectory() throws -> String {
        var template = Array((NSTemporaryDirectory() + "/airlock-edit-XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw MemoryEditorError.noTemporaryDirectory
        }
        return String(cString: made)
    }
}

/// Why an edit was not saved.
enum MemoryEditorError: Error, CustomStringConvertible {
    case editorFailed(String)
    case noSeparator
    case notSaved(reason: String, keptAt: String)
    case noTemporaryDirectory

    var description: String {
        switch self {
        case .editorFailed(let command): "the editor (\(command)) did not finish successfully; nothing was saved"
        case .noSeparator: "the header and the body must be separated by a line ---"
        case .notSaved(let reason, let path): "not saved (\(reason)); your text is kept in \(path)"
        case .noTemporaryDirectory: "cannot create a private temporary directory for the editor"
        }
    }
}
