import AirlockCore
import Crypto
import Foundation
import Testing

/// The account key hierarchy: password and identity-provider keys derived with the master
/// key, and the account's private key wrapped under them.
@Suite("AccountKeyWrap and account key derivation")
struct AccountKeyWrapTests {
    private let alice = try! AccountEmail("alice@example.com")
    private let bob = try! AccountEmail("bob@example.com")

    private func authenticator(_ byte: UInt8) throws -> Authenticator {
        Authenticator(masterKey: try masterKey(byte), digests: FixedDigests(digests: [:]))
    }

    private func bytes(_ key: SymmetricKey) -> [UInt8] {
        key.withUnsafeBytes { Array($0) }
    }

    // MARK: - Wrapping

    @Test func unwrapsUnderTheSameKeyEmailAndMethod() throws {
        let privateKey = Curve25519.KeyAgreement.PrivateKey()
        let key = SymmetricKey(size: .bits256)
        for method in [AccountKeyWrap.Method.password, .identityProvider] {
            let wrapped = try AccountKeyWrap.wrap(privateKey, under: key, email: alice, method: method)
            #expect(wrapped.count == AccountKeyWrap.wrappedByteCount)
            let unwrapped = AccountKeyWrap.unwrap(wrapped, under: key, email: alice, method: method)
            #expect(unwrapped?.rawRepresentation == privateKey.rawRepresentation)
        }
    }

    @Test func doesNotUnwrapUnderAnotherKeyEmailOrMethod() throws {
        let privateKey = Curve25519.KeyAgreement.PrivateKey()
        let key = SymmetricKey(size: .bits256)
        let wrapped = try AccountKeyWrap.wrap(privateKey, under: key, email: alice, method: .password)
        #expect(AccountKeyWrap.unwrap(wrapped, under: SymmetricKey(size: .bits256), email: alice, method: .password) == nil)
        #expect(AccountKeyWrap.unwrap(wrapped, under: key, email: bob, method: .password) == nil, "copied onto another account")
        #expect(AccountKeyWrap.unwrap(wrapped, under: key, email: alice, method: .identityProvider) == nil, "moved to the other column")
    }

    @Test func anyChangedByteOrLengthIsRefused() throws {
        let key = SymmetricKey(size: .bits256)
        let wrapped = try AccountKeyWrap.wrap(.init(), under: key, email: alice, method: .password)
        for index in wrapped.indices {
            var tampered = wrapped
            tampered[index] ^= 0x80
            #expect(AccountKeyWrap.unwrap(tampered, under: key, email: alice, method: .password) == nil, "byte \(index)")
        }
        #expect(AccountKeyWrap.unwrap(Array(wrapped.dropLast()), under: key, email: alice, method: .password) == nil)
        #expect(AccountKeyWrap.unwrap(wrapped + [0], under: key, email: alice, method: .password) == nil)
    }

    @Test func wrappedBytesDoNotHoldThePrivateKey() throws {
        let privateKey = Curve25519.KeyAgreement.PrivateKey()
        let wrapped = try AccountKeyWrap.wrap(privateKey, under: SymmetricKey(size: .bits256), email: alice, method: .password)
        let raw = Array(privateKey.rawRepresentation)
        #expect(!wrapped.indices.contains { wrapped[$0...].starts(with: raw.prefix(8)) })
    }

    // MARK: - Derivation

    @Test func passwordKeysAreDeterministicAndIndependent() throws {
        let stretched = SymmetricKey(size: .bits256)
        let first = try authenticator(1).passwordKeys(stretched: stretched, email: alice)
        let again = try authenticator(1).passwordKeys(stretched: stretched, email: alice)
        #expect(first.verifier.count == 32)
        #expect(first.verifier == again.verifier)
        #expect(bytes(first.wrappingKey) == bytes(again.wrappingKey))
        #expect(first.verifier != bytes(first.wrappingKey), "the stored verifier is not the wrapping key")
        #expect(first.verifier != bytes(stretched) && bytes(first.wrappingKey) != bytes(stretched))
    }

    @Test func passwordKeysDependOnTheMasterKeyTheEmailAndThePassword() throws {
        let stretched = SymmetricKey(size: .bits256)
        let base = try authenticator(1).passwordKeys(stretched: stretched, email: alice)
        let otherMaster = try authenticator(2).passwordKeys(stretched: stretched, email: alice)
        let otherEmail = try authenticator(1).passwordKeys(stretched: stretched, email: bob)
        let otherPassword = try authenticator(1).passwordKeys(stretched: SymmetricKey(size: .bits256), email: alice)
        for other in [otherMaster, otherEmail, otherPassword] {
            #expect(other.verifier != base.verifier)
            #expect(bytes(other.wrappingKey) != bytes(base.wrappingKey))
        }
    }

    @Test func identityProviderKeyDependsOnTheMasterKeyAndTheEmail() throws {
        let key = bytes(try authenticator(1).identityProviderKey(for: alice))
        #expect(key == bytes(try authenticator(1).identityProviderKey(for: alice)))
        #expect(key != bytes(try authenticator(2).identityProviderKey(for: alice)))
        #expect(key != bytes(try authenticator(1).identityProviderKey(for: bob)))
        #expect(key.count == 32)
    }

    @Test func attemptKeysSeparateSubjectsAndDoNotShowTheEmail() throws {
        let auth = try authenticator(1)
        let aliceKey = auth.attemptKey(.account(alice))
        #expect(aliceKey.count == 32)
        #expect(aliceKey == auth.attemptKey(.account(alice)))
        #expect(aliceKey != auth.attemptKey(.account(bob)))
        let otherHome = try authenticator(2)
        #expect(aliceKey != otherHome.attemptKey(.account(alice)))
        let acme = try WorkspaceID("acme")
        #expect(auth.attemptKey(.workspace(acme)) != auth.attemptKey(.account(try AccountEmail("acme@x.io"))))
        #expect(!String(decoding: aliceKey, as: UTF8.self).contains("alice"))
    }
}
