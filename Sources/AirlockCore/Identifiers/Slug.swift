/// Validation shared by every identifier that may become part of a path or a key.
///
/// A slug is lowercase ASCII letters, digits and `-`, starting with a letter or digit.
/// Anything else — `..`, `/`, NUL, uppercase, Unicode look-alikes such as Cyrillic `а` —
/// is refused before the value can reach a path or a statement.
enum Slug {
    /// Returns `input` unchanged if it is a valid slug of the given length bounds.
    ///
    /// - Throws: ``IdentifierError`` naming the first problem found.
    static func validate(_ input: String, kind: String, minLength: Int, maxLength: Int) throws(IdentifierError) -> String {
        if input.isEmpty { throw .empty(kind: kind) }
        let scalars = input.unicodeScalars
        if scalars.count > maxLength { throw .tooLong(kind: kind, length: scalars.count, limit: maxLength) }
        for scalar in scalars where !scalar.isASCII {
            throw .nonASCII(kind: kind, input: input, scalar: scalar)
        }
        for character in input where !isSlugCharacter(character) {
            throw .invalidCharacter(kind: kind, input: input, character: character)
        }
        if input.first == "-" { throw .invalidStart(kind: kind, input: input) }
        if scalars.count < minLength { throw .tooShort(kind: kind, input: input, minimum: minLength) }
        return input
    }

    private static func isSlugCharacter(_ character: Character) -> Bool {
        guard let ascii = character.asciiValue else { return false }
        return (ascii >= 0x61 && ascii <= 0x7A) || (ascii >= 0x30 && ascii <= 0x39) || ascii == 0x2D
    }

    /// A random slug body of `count` characters from `[a-z0-9]`, drawn from the system CSPRNG.
    static func random(count: Int) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<count).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }
}
