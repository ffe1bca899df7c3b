import AirlockCore
import Foundation

/// The JSON encoding of the file backend: sorted keys, one line, `/` unescaped.
enum FileJSON {
    static func encode(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }

    /// `value` as one line ending in a line feed.
    static func line(_ value: some Encodable) throws -> [UInt8] {
        try encode(value) + [0x0A]
    }

    static func decode<T: Decodable>(_ type: T.Type, from bytes: some Collection<UInt8>) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(bytes))
        } catch {
            throw StoreError.storage("a file of this workspace holds damaged data (\(T.self))")
        }
    }

    /// The non-empty lines of `bytes`.
    static func lines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        bytes.split(separator: 0x0A, omittingEmptySubsequences: true)
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    static func unhex(_ text: String) -> [UInt8]? {
        let scalars = Array(text.utf8)
        guard scalars.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.count / 2)
        var index = 0
        while index < scalars.count {
            guard let byte = UInt8(String(decoding: scalars[index...index + 1], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(byte)
            index += 2
        }
        return bytes
    }
}
