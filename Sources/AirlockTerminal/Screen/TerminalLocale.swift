import CNCursesW

/// The C locale setting ncurses needs for wide characters.
enum TerminalLocale {
    /// Takes the locale from the environment (`setlocale(LC_ALL, "")`), falling back to
    /// `C.UTF-8` for character handling when that is not UTF-8: without a UTF-8 locale
    /// ncurses cannot draw or read anything beyond ASCII.
    static func configure() {
        setlocale(LC_ALL, "")
        if airlock_locale_is_utf8() == 0 {
            setlocale(LC_CTYPE, "C.UTF-8")
        }
    }
}
