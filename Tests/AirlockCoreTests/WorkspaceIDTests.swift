import AirlockCore
import Testing

@Suite("WorkspaceID")
struct WorkspaceIDTests {
    @Test(arguments: ["acme", "a1", "acme-corp", "0day", String(repeating: "a", count: 63)])
    func acceptsLowercaseSlugs(_ input: String) throws {
        let id = try WorkspaceID(input)
        #expect(id.rawValue == input)
        #expect(id.description == input)
    }

    @Test(arguments: [
        "", "a", String(repeating: "a", count: 64), "..", ".", "a/b", "../b", "ac\u{0}me",
        "Acme", "-acme", "ac me", "%2f", "\u{0430}cme", "\u{FF41}cme", "acme\n", "a\u{1B}[31m",
    ])
    func rejectsAnythingThatIsNotASlug(_ input: String) {
        #expect(throws: IdentifierError.self) { try WorkspaceID(input) }
    }

    @Test func emptyInputIsReportedAsEmpty() {
        #expect(throws: IdentifierError.empty(kind: "workspace id")) { try WorkspaceID("") }
    }

    @Test func oneCharacterIsTooShort() {
        #expect(throws: IdentifierError.tooShort(kind: "workspace id", input: "a", minimum: 2)) { try WorkspaceID("a") }
    }

    @Test func sixtyFourCharactersAreTooLong() {
        #expect(throws: IdentifierError.tooLong(kind: "workspace id", length: 64, limit: 63)) {
            try WorkspaceID(String(repeating: "a", count: 64))
        }
    }

    @Test func traversalIsRejectedAsAnInvalidCharacter() {
        #expect(throws: IdentifierError.invalidCharacter(kind: "workspace id", input: "..", character: ".")) { try WorkspaceID("..") }
        #expect(throws: IdentifierError.invalidCharacter(kind: "workspace id", input: "a/b", character: "/")) { try WorkspaceID("a/b") }
        #expect(throws: IdentifierError.invalidCharacter(kind: "workspace id", input: "%2f", character: "%")) { try WorkspaceID("%2f") }
    }

    @Test func leadingDashIsAnInvalidStart() {
        #expect(throws: IdentifierError.invalidStart(kind: "workspace id", input: "-acme")) { try WorkspaceID("-acme") }
    }

    @Test func lookAlikeLettersAreRejectedAsNonASCII() {
        #expect(throws: IdentifierError.nonASCII(kind: "workspace id", input: "\u{0430}cme", scalar: "\u{0430}")) { try WorkspaceID("\u{0430}cme") }
        #expect(throws: IdentifierError.nonASCII(kind: "workspace id", input: "\u{FF41}cme", scalar: "\u{FF41}")) { try WorkspaceID("\u{FF41}cme") }
    }

    @Test func errorDescriptionsNameTheProblem() throws {
        func message(_ input: String) -> String {
            do {
                _ = try WorkspaceID(input)
                return "accepted"
            } catch {
                return error.description
            }
        }
        #expect(message("") == "workspace id is empty")
        #expect(message(String(repeating: "a", count: 64)) == "workspace id is 64 characters long; the limit is 63")
        #expect(message("a").contains("too short"))
        #expect(message("Acme").contains("\"A\""))
        #expect(message("-acme").contains("must start with a lowercase letter or a digit"))
        #expect(message("\u{0430}cme").contains("U+0430"))
        #expect(message("a/b").hasPrefix("workspace id \"a/b\" contains \"/\""))
    }

    @Test(arguments: ["ac\u{0}me", "a\u{1B}]0;pwned\u{7}", "ab\u{9B}c", "ab\u{202E}cd", "ab\ncd", "ab\u{7F}", "ab\rcd"])
    func errorDescriptionsNeverContainRawControlCharacters(_ input: String) {
        do {
            _ = try WorkspaceID(input)
            Issue.record("accepted \(input.debugDescription)")
        } catch {
            #expect(!containsRawControl(error.description))
            #expect(error.description.contains("workspace id"))
        }
    }

    @Test func derivesASlugFromADisplayName() {
        #expect(WorkspaceID.derived(fromName: "Acme Corp.").rawValue == "acme-corp")
        #expect(WorkspaceID.derived(fromName: "  Globex -- Intl  ").rawValue == "globex-intl")
        #expect(WorkspaceID.derived(fromName: "Q3 / 2026 Launch").rawValue == "q3-2026-launch")
    }

    @Test func derivedIdsAreCutToTheLimitWithoutATrailingDash() {
        let id = WorkspaceID.derived(fromName: String(repeating: "a", count: 62) + " b")
        #expect(id.rawValue == String(repeating: "a", count: 62))
    }

    @Test func nameWithoutASCIILettersGetsARandomValidID() throws {
        let first = WorkspaceID.derived(fromName: "東京広告株式会社")
        let second = WorkspaceID.derived(fromName: "東京広告株式会社")
        #expect(first.rawValue.hasPrefix("ws-"))
        #expect(first.rawValue.count == 13)
        #expect(try WorkspaceID(first.rawValue) == first)
        #expect(first != second)
    }

    @Test func oneLetterNameGetsARandomIDInsteadOfAnInvalidOne() {
        #expect(WorkspaceID.derived(fromName: "X").rawValue.hasPrefix("ws-"))
    }
}

@Suite("MemoryID and SessionID")
struct GeneratedIDTests {
    @Test func memoryIDsAreValidAndDistinct() throws {
        let ids = (0..<200).map { _ in MemoryID.generate() }
        #expect(Set(ids).count == 200)
        for id in ids {
            #expect(id.rawValue.hasPrefix("m-"))
            #expect(id.rawValue.count == 14)
            #expect(try MemoryID(id.rawValue) == id)
        }
    }

    @Test func sessionIDsAreValidAndDistinct() throws {
        let ids = (0..<200).map { _ in SessionID.generate() }
        #expect(Set(ids).count == 200)
        for id in ids {
            #expect(id.rawValue.hasPrefix("s-"))
            #expect(id.rawValue.count == 14)
            #expect(try SessionID(id.rawValue) == id)
        }
    }

    @Test func memoryAndSessionIDsRefuseTraversal() {
        #expect(throws: IdentifierError.self) { try MemoryID("../m-1") }
        #expect(throws: IdentifierError.self) { try SessionID("s/1") }
        #expect(throws: IdentifierError.empty(kind: "session id")) { try SessionID("") }
    }
}
