import AirlockCore
import Testing

@Suite("TokenDigest and ConstantTime")
struct TokenDigestTests {
    @Test func digestIsDeterministic() throws {
        let token = WorkspaceToken.generate()
        let id = try WorkspaceID("acme")
        let first = TokenDigest(token: token, workspace: id, masterKey: try masterKey(1))
        let second = TokenDigest(token: token, workspace: id, masterKey: try masterKey(1))
        #expect(first.bytes == second.bytes)
        #expect(first.bytes.count == 32)
        #expect(first.matches(second))
    }

    @Test func digestIsBoundToTheWorkspace() throws {
        let token = WorkspaceToken.generate()
        let key = try masterKey(1)
        let acme = TokenDigest(token: token, workspace: try WorkspaceID("acme"), masterKey: key)
        let globex = TokenDigest(token: token, workspace: try WorkspaceID("globex"), masterKey: key)
        #expect(acme.bytes != globex.bytes)
        #expect(!acme.matches(globex))
    }

    @Test func digestDependsOnTheMasterKey() throws {
        let token = WorkspaceToken.generate()
        let id = try WorkspaceID("acme")
        let one = TokenDigest(token: token, workspace: id, masterKey: try masterKey(1))
        let two = TokenDigest(token: token, workspace: id, masterKey: try masterKey(2))
        #expect(!one.matches(two))
    }

    @Test func digestDependsOnTheToken() throws {
        let id = try WorkspaceID("acme")
        let key = try masterKey(1)
        let one = TokenDigest(token: .generate(), workspace: id, masterKey: key)
        let two = TokenDigest(token: .generate(), workspace: id, masterKey: key)
        #expect(!one.matches(two))
    }

    @Test func storedDigestsMustBe32Bytes() {
        #expect(TokenDigest(stored: [UInt8](repeating: 7, count: 32))?.bytes == [UInt8](repeating: 7, count: 32))
        #expect(TokenDigest(stored: [UInt8](repeating: 7, count: 31)) == nil)
        #expect(TokenDigest(stored: [UInt8](repeating: 7, count: 33)) == nil)
        #expect(TokenDigest(stored: []) == nil)
    }

    @Test func storedDigestMatchesTheComputedOne() throws {
        let token = WorkspaceToken.generate()
        let computed = TokenDigest(token: token, workspace: try WorkspaceID("acme"), masterKey: try masterKey(3))
        let restored = try #require(TokenDigest(stored: computed.bytes))
        #expect(restored.matches(computed))
        var altered = computed.bytes
        altered[31] ^= 0x01
        #expect(!(try #require(TokenDigest(stored: altered))).matches(computed))
    }

    @Test func constantTimeEqualsComparesEveryByte() {
        let bytes: [UInt8] = Array(0..<32)
        #expect(ConstantTime.equals(bytes, bytes))
        #expect(ConstantTime.equals([], []))
        for index in [0, 15, 31] {
            var other = bytes
            other[index] ^= 0x80
            #expect(!ConstantTime.equals(bytes, other))
        }
        #expect(!ConstantTime.equals(bytes, Array(bytes.dropLast())))
        #expect(!ConstantTime.equals(bytes, bytes + [0]))
    }
}

@Suite("MasterKey")
struct MasterKeyTests {
    @Test func acceptsExactly32Bytes() throws {
        _ = try MasterKey(bytes: [UInt8](repeating: 0, count: 32), source: "test")
        #expect(throws: SecretError.malformedMasterKey(source: "test")) { try MasterKey(bytes: [UInt8](repeating: 0, count: 31), source: "test") }
        #expect(throws: SecretError.malformedMasterKey(source: "test")) { try MasterKey(bytes: [UInt8](repeating: 0, count: 33), source: "test") }
    }

    @Test func hexFormMatchesTheByteForm() throws {
        let hex = String(repeating: "01", count: 32)
        let token = WorkspaceToken.generate()
        let id = try WorkspaceID("acme")
        let fromHex = TokenDigest(token: token, workspace: id, masterKey: try MasterKey(hex: hex, source: "env"))
        let fromBytes = TokenDigest(token: token, workspace: id, masterKey: try masterKey(1))
        #expect(fromHex.matches(fromBytes))
    }

    @Test(arguments: [String(repeating: "AB", count: 32), String(repeating: "a", count: 63), String(repeating: "zz", count: 32), ""])
    func malformedHexIsRefused(_ hex: String) {
        #expect(throws: SecretError.malformedMasterKey(source: "AIRLOCK_MASTER_KEY")) { try MasterKey(hex: hex, source: "AIRLOCK_MASTER_KEY") }
    }

    @Test func generatedKeyBytesAreFreshAnd32Long() {
        let first = MasterKey.generateBytes()
        let second = MasterKey.generateBytes()
        #expect(first.count == 32)
        #expect(first != second)
    }
}
