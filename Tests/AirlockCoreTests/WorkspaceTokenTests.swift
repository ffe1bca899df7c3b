import AirlockCore
import Testing

@Suite("WorkspaceToken")
struct WorkspaceTokenTests {
    private static let sample = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

    @Test func generatedTokensAre64LowercaseHexCharacters() {
        let revealed = WorkspaceToken.generate().revealed
        #expect(revealed.count == 64)
        #expect(revealed.allSatisfy { "0123456789abcdef".contains($0) })
    }

    @Test func generatedTokensAreDistinct() {
        let tokens = Set((0..<100).map { _ in WorkspaceToken.generate().revealed })
        #expect(tokens.count == 100)
    }

    @Test func parsingRoundTripsTheRevealedForm() throws {
        let token = WorkspaceToken.generate()
        #expect(try WorkspaceToken(parsing: token.revealed) == token)
        #expect(try WorkspaceToken(parsing: Self.sample).revealed == Self.sample)
    }

    @Test func parsingTrimsSurroundingWhitespace() throws {
        let token = try WorkspaceToken(parsing: "  \t" + Self.sample + "\n\r\n")
        #expect(token.revealed == Self.sample)
    }

    @Test(arguments: [
        "0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef",
        String(sample.dropLast()),
        sample + "0",
        "g123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "0123456789abcdef 0123456789abcdef0123456789abcdef0123456789abcde",
        "",
    ])
    func parsingRejectsAnythingElse(_ text: String) {
        #expect(throws: SecretError.malformedToken) { try WorkspaceToken(parsing: text) }
    }

    @Test func descriptionsNeverRevealTheToken() throws {
        let token = try WorkspaceToken(parsing: Self.sample)
        let renderings = [
            token.description,
            token.debugDescription,
            "\(token)",
            String(describing: token),
            String(reflecting: token),
            "\([token])",
        ]
        for text in renderings {
            #expect(!text.contains(Self.sample))
            #expect(!text.contains("0123456789abcdef"))
        }
        #expect(token.description == "WorkspaceToken(redacted)")
    }

    @Test func malformedTokenErrorDoesNotEchoTheInput() {
        do {
            _ = try WorkspaceToken(parsing: "DEADBEEF" + String(Self.sample.dropFirst(8)))
            Issue.record("accepted an uppercase token")
        } catch {
            #expect(!error.description.contains("DEADBEEF"))
            #expect(!error.description.contains(String(Self.sample.dropFirst(8))))
        }
    }
}
