import AirlockCore
import Crypto
import Testing

@Suite("MembershipSeal")
struct MembershipSealTests {
    private let alice = try! AccountEmail("alice@example.com")
    private let bob = try! AccountEmail("bob@example.com")
    private let acme = try! WorkspaceID("acme")
    private let globex = try! WorkspaceID("globex")

    @Test func opensWithTheAccountsPrivateKeyForTheSameMembership() throws {
        let key = Curve25519.KeyAgreement.PrivateKey()
        let token = WorkspaceToken.generate()
        let sealed = try MembershipSeal.seal(token, to: key.publicKey, email: alice, workspace: acme)
        #expect(sealed.count == MembershipSeal.sealedByteCount)
        #expect(MembershipSeal.open(sealed, with: key, email: alice, workspace: acme) == token)
    }

    @Test func sealingTwiceGivesUnrelatedBytes() throws {
        let key = Curve25519.KeyAgreement.PrivateKey()
        let token = WorkspaceToken.generate()
        let first = try MembershipSeal.seal(token, to: key.publicKey, email: alice, workspace: acme)
        let second = try MembershipSeal.seal(token, to: key.publicKey, email: alice, workspace: acme)
        #expect(first != second, "a fresh ephemeral key and nonce each time")
        #expect(MembershipSeal.open(second, with: key, email: alice, workspace: acme) == token)
    }

    @Test func doesNotOpenWithAnotherAccountsKey() throws {
        let aliceKey = Curve25519.KeyAgreement.PrivateKey()
        let bobKey = Curve25519.KeyAgreement.PrivateKey()
        let sealed = try MembershipSeal.seal(.generate(), to: aliceKey.publicKey, email: alice, workspace: acme)
        #expect(MembershipSeal.open(sealed, with: bobKey, email: alice, workspace: acme) == nil)
        #expect(MembershipSeal.open(sealed, with: bobKey, email: bob, workspace: acme) == nil)
    }

    @Test func isBoundToTheEmailAndTheWorkspace() throws {
        let key = Curve25519.KeyAgreement.PrivateKey()
        let sealed = try MembershipSeal.seal(.generate(), to: key.publicKey, email: alice, workspace: acme)
        #expect(MembershipSeal.open(sealed, with: key, email: bob, workspace: acme) == nil, "moved to another account")
        #expect(MembershipSeal.open(sealed, with: key, email: alice, workspace: globex) == nil, "moved to another workspace")
    }

    @Test func anyChangedByteOrLengthIsRefused() throws {
        let key = Curve25519.KeyAgreement.PrivateKey()
        let sealed = try MembershipSeal.seal(.generate(), to: key.publicKey, email: alice, workspace: acme)
        for index in sealed.indices {
            var tampered = sealed
            tampered[index] ^= 0x01
            #expect(MembershipSeal.open(tampered, with: key, email: alice, workspace: acme) == nil, "byte \(index)")
        }
        #expect(MembershipSeal.open(Array(sealed.dropLast()), with: key, email: alice, workspace: acme) == nil)
        #expect(MembershipSeal.open(sealed + [0], with: key, email: alice, workspace: acme) == nil)
        #expect(MembershipSeal.open([], with: key, email: alice, workspace: acme) == nil)
    }

    @Test func sealedBytesDoNotHoldTheToken() throws {
        let key = Curve25519.KeyAgreement.PrivateKey()
        let token = WorkspaceToken.generate()
        let sealed = try MembershipSeal.seal(token, to: key.publicKey, email: alice, workspace: acme)
        let hex = Array(token.revealed.utf8)
        let tokenBytes = stride(from: 0, to: hex.count, by: 2).map { UInt8(String(decoding: hex[$0..<$0 + 2], as: UTF8.self), radix: 16)! }
        #expect(!sealed.indices.contains { sealed[$0...].starts(with: tokenBytes.prefix(8)) })
        #expect(!String(decoding: sealed, as: UTF8.self).contains(token.revealed))
    }
}
