/// A colour's red, green and blue components.
struct RGB: Hashable, Sendable {
    let red: Int
    let green: Int
    let blue: Int

    init(_ red: some BinaryInteger, _ green: some BinaryInteger, _ blue: some BinaryInteger) {
        self.red = Int(red)
        self.green = Int(green)
        self.blue = Int(blue)
    }

    /// Squared distance in RGB space.
    func distance(to other: RGB) -> Int {
        let red = self.red - other.red, green = self.green - other.green, blue = self.blue - other.blue
        return red * red + green * green + blue * blue
    }
}

/// xterm's default 256-colour palette and nearest-colour searches in it.
enum XtermPalette {
    /// The sixteen basic colours as xterm draws them by default.
    static let basic: [RGB] = [
        RGB(0, 0, 0), RGB(205, 0, 0), RGB(0, 205, 0), RGB(205, 205, 0),
        RGB(0, 0, 238), RGB(205, 0, 205), RGB(0, 205, 205), RGB(229, 229, 229),
        RGB(127, 127, 127), RGB(255, 0, 0), RGB(0, 255, 0), RGB(255, 255, 0),
        RGB(92, 92, 255), RGB(255, 0, 255), RGB(0, 255, 255), RGB(255, 255, 255),
    ]

    /// The six levels of each channel of the colour cube (16–231).
    static let cubeLevels = [0, 95, 135, 175, 215, 255]

    /// The colour of palette entry `index` (0–255).
    static func rgb(of index: Int) -> RGB {
        switch index {
        case ..<16:
            return basic[max(0, index)]
        case 16..<232:
            let cube = index - 16
            return RGB(cubeLevels[cube / 36], cubeLevels[(cube / 6) % 6], cubeLevels[cube % 6])
        default:
            let level = 8 + 10 * (min(index, 255) - 232)
            return RGB(level, level, level)
        }
    }

    /// The nearest entry of the colour cube or the grey ramp (16–255).
    static func nearestExtended(to color: RGB) -> Int {
        let levels = [color.red, color.green, color.blue].map(nearestCubeLevel)
        let cubeIndex = 16 + 36 * levels[0] + 6 * levels[1] + levels[2]
        let average = (color.red + color.green + color.blue) / 3
        let greyIndex = 232 + min(23, max(0, (average - 3) / 10))
        return color.distance(to: rgb(of: greyIndex)) < color.distance(to: rgb(of: cubeIndex)) ? greyIndex : cubeIndex
    }

    /// The nearest of the first `count` basic colours (8 or 16).
    static func nearestBasic(to color: RGB, count: Int) -> Int {
        basic.prefix(count).indices.min { color.distance(to: basic[$0]) < color.distance(to: basic[$1]) } ?? 0
    }

    private static func nearestCubeLevel(_ value: Int) -> Int {
        cubeLevels.indices.min { abs(cubeLevels[$0] - value) < abs(cubeLevels[$1] - value) } ?? 0
    }
}
