/// Reading a password from stdin: typed at a terminal without echo, or piped as one line.
enum PasswordInput {
    /// The password: one line typed after `prompt` (and typed again after a second prompt
    /// when `confirm` and stdin is a terminal), or the one line piped to stdin, without its
    /// line ending.
    ///
    /// - Throws: ``SignInCommandError`` if the piped text is more than one line, or the
    ///   two typed passwords differ.
    static func read(prompt: String, confirm: Bool = false) throws -> String {
        let password = try oneLine(StandardInput.readSecret(prompt: prompt))
        if confirm, StandardInput.isTerminal, try oneLine(StandardInput.readSecret(prompt: "Repeat it: ")) != password {
            throw SignInCommandError.passwordsDiffer
        }
        return password
    }

    /// `text` without one trailing line ending; refuses anything still holding a line break.
    private static func oneLine(_ text: String) throws -> String {
        var line = Substring(text)
        // "\r\n" is one Character, so one dropLast removes either ending.
        if line.hasSuffix("\r\n") || line.hasSuffix("\n") { line = line.dropLast() }
        guard !line.contains(where: \.isNewline) else { throw SignInCommandError.passwordNotOneLine }
        return String(line)
    }
}
