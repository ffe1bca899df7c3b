extension Integration {
    /// The longest display name, in characters.
    public static let nameLimit = 100

    /// Validates a display name: one line, 1–100 characters.
    ///
    /// - Throws: ``InputError`` otherwise.
    public static func validatedName(_ name: String) throws(InputError) -> String {
        try TextField.label(name, field: "integration name", limit: nameLimit)
    }
}

extension SealedCredential {
    /// The longest label, in characters.
    public static let labelLimit = 100
    /// The fewest sealed bytes an AES-GCM box can have: 12-byte nonce and 16-byte tag.
    static let minimumSealedCount = 28

    /// This credential with its label validated (one line, 1–100 characters) and its
    /// sealed bytes checked to be a whole AES-GCM box of a secret within the size limit.
    ///
    /// - Throws: ``InputError`` otherwise.
    package func validated() throws(InputError) -> SealedCredential {
        let label = try TextField.label(label, field: "credential label", limit: Self.labelLimit)
        let limit = Self.minimumSealedCount + CredentialVault.secretByteLimit
        guard (Self.minimumSealedCount + 1...limit).contains(sealed.count) else {
            throw InputError(field: "sealed credential", reason: "it is \(sealed.count) bytes; a sealed credential is \(Self.minimumSealedCount + 1) to \(limit) bytes")
        }
        return SealedCredential(integration: integration, name: name, sealed: sealed, label: label, expiresAt: expiresAt)
    }
}
