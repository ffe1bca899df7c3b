/// The colours of the interface by meaning, not by value.
///
/// Views ask for roles (`user`, `code`, `warning`…); a theme file gives each role a colour
/// (hex, 0–255 or "default"). Each workspace gets an accent from `workspacePalette`, so the
/// current workspace's colour is recognisable on every screen.
public struct Theme: Sendable, Equatable {
    /// The theme's name (its file name without extension).
    public var name: String
    public var background: Color
    public var foreground: Color
    public var accent: Color
    public var muted: Color
    public var user: Color
    public var assistant: Color
    public var tool: Color
    public var code: Color
    public var warning: Color
    public var error: Color
    public var selection: Color
    public var border: Color
    /// Accents handed to workspaces in turn.
    public var workspacePalette: [Color]

    /// Creates a theme.
    public init(name: String, background: Color, foreground: Color, accent: Color, muted: Color, user: Color, assistant: Color,
                tool: Color, code: Color, warning: Color, error: Color, selection: Color, border: Color, workspacePalette: [Color]) {
        self.name = name
        self.background = background
        self.foreground = foreground
        self.accent = accent
        self.muted = muted
        self.user = user
        self.assistant = assistant
        self.tool = tool
        self.code = code
        self.warning = warning
        self.error = error
        self.selection = selection
        self.border = border
        self.workspacePalette = workspacePalette.isEmpty ? [accent] : workspacePalette
    }

    /// The theme compiled into Airlock, used when no theme file can be read.
    public static let builtIn = Theme(
        name: "built-in",
        background: .default, foreground: .default, accent: .indexed(75), muted: .indexed(245),
        user: .indexed(117), assistant: .default, tool: .indexed(179), code: .indexed(151),
        warning: .indexed(214), error: .indexed(203), selection: .indexed(238), border: .indexed(240),
        workspacePalette: [.indexed(75), .indexed(114), .indexed(213), .indexed(179), .indexed(81), .indexed(204), .indexed(147), .indexed(216)]
    )

    /// The accent of the workspace at `index` in the switcher (stable per position).
    public func workspaceAccent(_ index: Int) -> Color {
        workspacePalette[((index % workspacePalette.count) + workspacePalette.count) % workspacePalette.count]
    }

    /// Text in `color` on the theme's background.
    public func text(_ color: Color, _ attributes: TextAttributes = []) -> CellStyle {
        CellStyle(foreground: color, background: background, attributes: attributes)
    }

    /// Ordinary text.
    public var plain: CellStyle { text(foreground) }
}
