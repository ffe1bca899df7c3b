import AirlockCore
import Foundation
import Testing

@Suite("AccountEmail")
struct AccountEmailTests {
    @Test func isTrimmedAndLowercased() throws {
        #expect(try AccountEmail("  Alice.Smith+ads@Example.COM \n").rawValue == "alice.smith+ads@example.com")
        #expect(try AccountEmail("ALICE@example.com") == AccountEmail("alice@EXAMPLE.com"))
    }

    @Test(arguments: [
        ("", "it is empty"),
        ("  \n", "it is empty"),
        ("alice", "it is not of the form name@domain"),
        ("alice@", "it is not of the form name@domain"),
        ("@example.com", "it is not of the form name@domain"),
        ("a@b@example.com", "it is not of the form name@domain"),
        ("alice@.example.com", "it is not of the form name@domain"),
        ("alice@example.com.", "it is not of the form name@domain"),
        ("al ice@example.com", "it may hold only printable ASCII characters without spaces"),
        ("alice@example.com\u{07}", "it may hold only printable ASCII characters without spaces"),
        ("alice\u{1B}[31m@example.com", "it may hold only printable ASCII characters without spaces"),
        ("\u{430}lice@example.com", "it may hold only printable ASCII characters without spaces"),
        ("\u{212A}im@example.com", "it may hold only printable ASCII characters without spaces"),
        ("alice@ex\u{0131}mple.com", "it may hold only printable ASCII characters without spaces"),
    ])
    func malformedAddressesAreRefusedWithTheReason(text: String, reason: String) {
        let error = #expect(throws: InputError.self) { try AccountEmail(text) }
        #expect(error?.reason == reason)
        #expect(error?.field.hasPrefix("email address ") == true)
        #expect(!containsRawControl(error?.description ?? ""), "the refused text is quoted safely")
    }

    @Test func unicodeLookAlikesAreNotFoldedOntoAnASCIIAddress() {
        // "\u{212A}".lowercased() is "k": accepting it would make K(elvin)im@… sign in as kim@….
        #expect(throws: InputError.self) { try AccountEmail("\u{212A}IM@example.com") }
        #expect((try? AccountEmail("KIM@example.com"))?.rawValue == "kim@example.com")
    }

    @Test func lengthIsLimitedToTheSMTPPathLimit() throws {
        let domain = "@example.com"
        let longest = String(repeating: "a", count: AccountEmail.maxLength - domain.count) + domain
        #expect(try AccountEmail(longest).rawValue == longest)
        let error = #expect(throws: InputError.self) { try AccountEmail("a" + longest) }
        #expect(error?.reason == "it is longer than 254 characters")
    }

    @Test func actorNamesTheUser() throws {
        #expect(try AccountEmail("Alice@Example.com").actor == AuditActor("user:alice@example.com"))
    }

    @Test func isOrderedByAddress() throws {
        let emails = try ["carol@x.io", "Alice@x.io", "bob@x.io"].map { try AccountEmail($0) }
        #expect(emails.sorted().map(\.rawValue) == ["alice@x.io", "bob@x.io", "carol@x.io"])
    }

    @Test func codesAsItsStringAndValidatesWhenDecoded() throws {
        let email = try AccountEmail("Alice@Example.com")
        let encoded = try JSONEncoder().encode([email])
        #expect(String(decoding: encoded, as: UTF8.self) == #"["alice@example.com"]"#)
        #expect(try JSONDecoder().decode([AccountEmail].self, from: encoded) == [email])
        #expect(throws: (any Error).self) { try JSONDecoder().decode([AccountEmail].self, from: Data(#"["not an email"]"#.utf8)) }
    }
}
