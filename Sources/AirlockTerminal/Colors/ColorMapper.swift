import AirlockTUI

/// Maps theme colours to the colour numbers a terminal of a given depth understands.
public enum ColorMapper {
    /// The terminal colour number for `color`, or `nil` for the terminal's default colour.
    ///
    /// At 256 colours an indexed colour is kept and a 24-bit one becomes the nearest entry
    /// of the 6×6×6 cube or the grey ramp (16–255; 0–15 are left out because terminals
    /// let users redefine them). At 16 or 8 colours both become the nearest basic ANSI
    /// colour. With no colours every colour is the default.
    public static func terminalColor(for color: Color, depth: ColorDepth) -> Int? {
        switch (color, depth) {
        case (.default, _), (_, .none):
            return nil
        case (.indexed(let index), .indexed256):
            return Int(index)
        case (.rgb(let red, let green, let blue), .indexed256):
            return XtermPalette.nearestExtended(to: RGB(red, green, blue))
        case (.indexed(let index), .basic16):
            return index < 16 ? Int(index) : XtermPalette.nearestBasic(to: XtermPalette.rgb(of: Int(index)), count: 16)
        case (.indexed(let index), .basic8):
            return index < 16 ? Int(index) % 8 : XtermPalette.nearestBasic(to: XtermPalette.rgb(of: Int(index)), count: 8)
        case (.rgb(let red, let green, let blue), .basic16):
            return XtermPalette.nearestBasic(to: RGB(red, green, blue), count: 16)
        case (.rgb(let red, let green, let blue), .basic8):
            return XtermPalette.nearestBasic(to: RGB(red, green, blue), count: 8)
        }
    }
}
