import AirlockCore

/// Finds the home's master key: `AIRLOCK_MASTER_KEY` if set, else `<home>/master.key`.
public enum MasterKeyLoader {
    /// Loads the master key, creating `master.key` (32 random bytes, mode 0600) when
    /// `create` is set and neither source exists.
    ///
    /// - Throws: ``SecretError`` for a malformed key; ``FileSystemError`` if the file is a
    ///   symlink, accessible by others, or missing when `create` is not set.
    public static func load(home: AirlockHome, environment: [String: String], create: Bool) throws -> MasterKey {
        if let hex = environment["AIRLOCK_MASTER_KEY"], !hex.isEmpty {
            return try MasterKey(hex: hex, source: "AIRLOCK_MASTER_KEY")
        }
        let path = home.masterKeyPath
        if create, try SecureFile.kind(of: path) == .missing {
            _ = try SecureFile.createExclusively(MasterKey.generateBytes(), at: path, mode: 0o600)
        }
        let bytes = try SecureFile.read(path, limit: 64, privateOnly: true)
        return try MasterKey(bytes: bytes, source: path)
    }
}
