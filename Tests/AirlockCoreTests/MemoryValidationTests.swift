import AirlockCore
import Testing

/// The error `body` throws, or nil.
func inputError(_ body: () throws -> Void) -> InputError? {
    do {
        try body()
        return nil
    } catch let error as InputError {
        return error
    } catch {
        return nil
    }
}

@Suite("MemoryDraft and MemoryPatch")
struct MemoryDraftTests {
    @Test func validDraftIsTrimmedAndNormalized() throws {
        let draft = try MemoryDraft(kind: .brandVoice, title: "  Voice guide \n", body: "  keep spacing\n", tags: [" Tone ", "tone", "Voice"], pinned: true)
        #expect(draft.title == "Voice guide")
        #expect(draft.body == "  keep spacing\n")
        #expect(draft.tags == ["tone", "voice"])
        #expect(draft.pinned)
        #expect(draft.kind == .brandVoice)
    }

    @Test func emptyTitleIsRefused() {
        #expect(inputError { _ = try MemoryDraft(kind: .note, title: "   ", body: "b") } == InputError(field: "title", reason: "it is empty"))
    }

    @Test func overlongTitleIsRefused() {
        let error = inputError { _ = try MemoryDraft(kind: .note, title: String(repeating: "t", count: 201), body: "b") }
        #expect(error?.field == "title")
        #expect(error?.reason.contains("201") == true)
        #expect(inputError { _ = try MemoryDraft(kind: .note, title: String(repeating: "t", count: 200), body: "b") } == nil)
    }

    @Test(arguments: ["two\nlines", "esc\u{1B}[31m", "bidi\u{202E}x", "tab\there"])
    func titleWithControlCharactersIsRefused(_ title: String) {
        #expect(inputError { _ = try MemoryDraft(kind: .note, title: title, body: "b") }?.field == "title")
    }

    @Test func bodyWithNULIsRefused() {
        #expect(inputError { _ = try MemoryDraft(kind: .note, title: "t", body: "a\u{0}b") } == InputError(field: "body", reason: "it contains a NUL character"))
    }

    @Test func oversizedBodyIsRefused() {
        let body = String(repeating: "x", count: MemoryDraft.bodyByteLimit + 1)
        #expect(inputError { _ = try MemoryDraft(kind: .note, title: "t", body: body) }?.field == "body")
        #expect(inputError { _ = try MemoryDraft(kind: .note, title: "t", body: String(body.dropFirst())) } == nil)
    }

    @Test func bodyMayBeEmptyOrMultiline() throws {
        #expect(try MemoryDraft(kind: .note, title: "t", body: "").body == "")
        #expect(try MemoryDraft(kind: .note, title: "t", body: "a\nb\tc").body == "a\nb\tc")
    }

    @Test func emptyPatchIsRefused() {
        #expect(inputError { _ = try MemoryPatch() }?.field == "edit")
    }

    @Test func patchValidatesEachGivenField() {
        #expect(inputError { _ = try MemoryPatch(title: "") }?.field == "title")
        #expect(inputError { _ = try MemoryPatch(body: "\u{0}") }?.field == "body")
        #expect(inputError { _ = try MemoryPatch(tags: ["bad tag!"]) }?.field == "tag")
    }

    @Test func patchChangesOnlyGivenFields() throws {
        let original = MemoryDocument(id: try MemoryID("m-1"), kind: .note, title: "Old", body: "old body", tags: ["a"], pinned: false,
                                      createdAt: .init(timeIntervalSince1970: 1), updatedAt: .init(timeIntervalSince1970: 1))
        let patched = try MemoryPatch(title: " New ", pinned: true).applied(to: original, at: .init(timeIntervalSince1970: 5))
        #expect(patched.title == "New")
        #expect(patched.pinned)
        #expect(patched.body == "old body")
        #expect(patched.tags == ["a"])
        #expect(patched.kind == .note)
        #expect(patched.createdAt == original.createdAt)
        #expect(patched.updatedAt == .init(timeIntervalSince1970: 5))
    }
}

@Suite("MemoryTags and MemoryKind")
struct MemoryTagsTests {
    @Test func tagsAreLowercasedDeduplicatedAndKeepTheirOrder() throws {
        #expect(try MemoryTags.normalize(["B", "a", "b", " ", "ç-x_1", "東京"]) == ["b", "a", "ç-x_1", "東京"])
    }

    @Test(arguments: ["has space", "semi;colon", "quote\"", "star*", "a:b", "new\nline"])
    func tagsWithPunctuationAreRefused(_ tag: String) {
        #expect(inputError { _ = try MemoryTags.normalize([tag]) }?.field == "tag")
    }

    @Test func overlongTagIsRefused() {
        #expect(inputError { _ = try MemoryTags.normalize([String(repeating: "a", count: 41)]) }?.field == "tag")
        #expect(inputError { _ = try MemoryTags.normalize([String(repeating: "a", count: 40)]) } == nil)
    }

    @Test func tooManyTagsAreRefused() {
        let tags = (0..<33).map { "t\($0)" }
        #expect(inputError { _ = try MemoryTags.normalize(tags) } == InputError(field: "tags", reason: "33 tags given; the limit is 32"))
        #expect(inputError { _ = try MemoryTags.normalize(Array(tags.prefix(32))) } == nil)
    }

    @Test func splitSeparatesOnCommas() {
        #expect(MemoryTags.split("a,b,,c") == ["a", "b", "c"])
    }

    @Test func kindsParseByStoredNameOrWithADash() throws {
        #expect(try MemoryKind(parsing: "brand_voice") == .brandVoice)
        #expect(try MemoryKind(parsing: "brand-voice") == .brandVoice)
        #expect(try MemoryKind(parsing: "Persona") == .persona)
        #expect(try MemoryKind(parsing: "campaign") == .campaign)
    }

    @Test func unknownKindIsRefusedListingTheKinds() {
        let error = inputError { _ = try MemoryKind(parsing: "secret\u{1B}") }
        #expect(error?.field == "memory kind")
        #expect(error?.reason.contains("brand_voice, persona, competitive, campaign, note") == true)
        #expect(error.map { containsRawControl($0.description) } == false)
    }
}

@Suite("MemorySearchQuery")
struct MemorySearchQueryTests {
    @Test func textIsSplitIntoTerms() throws {
        let query = try MemorySearchQuery("  spring   campaign\tlaunch ", limit: 5, kind: .campaign)
        #expect(query.terms == ["spring", "campaign", "launch"])
        #expect(query.limit == 5)
        #expect(query.kind == .campaign)
        #expect(!query.needsSubstringMatching)
    }

    @Test func unsegmentedScriptsNeedSubstringMatching() throws {
        #expect(try MemorySearchQuery("東京").needsSubstringMatching)
        #expect(try MemorySearchQuery("new キャンペーン").needsSubstringMatching)
        #expect(try MemorySearchQuery("서울").needsSubstringMatching)
        #expect(try !MemorySearchQuery("Zürich").needsSubstringMatching)
    }

    @Test(arguments: ["", "   ", "\n\t"])
    func emptyQueryIsRefused(_ text: String) {
        #expect(inputError { _ = try MemorySearchQuery(text) } == InputError(field: "search query", reason: "it is empty"))
    }

    @Test func overlongQueryIsRefused() {
        #expect(inputError { _ = try MemorySearchQuery(String(repeating: "a", count: 257)) }?.field == "search query")
        #expect(inputError { _ = try MemorySearchQuery(String(repeating: "a", count: 256)) } == nil)
    }

    @Test func controlCharactersAreRefused() {
        #expect(inputError { _ = try MemorySearchQuery("a\u{1B}b") } == InputError(field: "search query", reason: "it contains control characters"))
        #expect(inputError { _ = try MemorySearchQuery("a\u{202E}b") }?.field == "search query")
    }

    @Test(arguments: [0, -1, 501])
    func limitOutsideTheRangeIsRefused(_ limit: Int) {
        #expect(inputError { _ = try MemorySearchQuery("x", limit: limit) }?.field == "limit")
    }

    @Test func limitBoundsAreAccepted() throws {
        #expect(try MemorySearchQuery("x", limit: 1).limit == 1)
        #expect(try MemorySearchQuery("x", limit: 500).limit == 500)
    }
}
