import AirlockTUI
import AirlockTerminal
import Testing

@Suite struct ColorMapperTests {
    @Test func theDefaultColourStaysTheTerminalDefaultAtEveryDepth() {
        for depth in [ColorDepth.none, .basic8, .basic16, .indexed256] {
            #expect(ColorMapper.terminalColor(for: .default, depth: depth) == nil)
        }
    }

    @Test func indexedColoursPassThroughAt256Colours() {
        for index: UInt8 in [0, 7, 15, 16, 75, 231, 232, 255] {
            #expect(ColorMapper.terminalColor(for: .indexed(index), depth: .indexed256) == Int(index))
        }
    }

    @Test func rgbColoursBecomeTheNearestColourCubeEntry() {
        let cases: [(Color, Int)] = [
            (.rgb(255, 0, 0), 196), (.rgb(0, 0, 0), 16), (.rgb(255, 255, 255), 231),
            (.rgb(95, 135, 175), 67), (.rgb(250, 130, 10), 208), (.rgb(0, 100, 0), 22),
        ]
        for (color, index) in cases {
            #expect(ColorMapper.terminalColor(for: color, depth: .indexed256) == index, "\(color)")
        }
    }

    @Test func greyRgbColoursBecomeTheNearestGreyRampEntry() {
        let cases: [(Color, Int)] = [(.rgb(128, 128, 128), 244), (.rgb(238, 238, 238), 255), (.rgb(10, 10, 12), 232), (.rgb(48, 50, 49), 236)]
        for (color, index) in cases {
            #expect(ColorMapper.terminalColor(for: color, depth: .indexed256) == index, "\(color)")
        }
    }

    @Test func sixteenColourTerminalsGetTheNearestBasicOrBrightColour() {
        let cases: [(Color, Int)] = [
            (.rgb(255, 0, 0), 9), (.rgb(200, 10, 10), 1), (.rgb(0, 0, 0), 0), (.rgb(250, 250, 250), 15),
            (.indexed(196), 9), (.indexed(3), 3), (.indexed(12), 12), (.indexed(244), 8), (.indexed(28), 2),
        ]
        for (color, index) in cases {
            #expect(ColorMapper.terminalColor(for: color, depth: .basic16) == index, "\(color)")
        }
    }

    @Test func eightColourTerminalsGetOnlyTheBasicColours() {
        let cases: [(Color, Int)] = [
            (.rgb(255, 0, 0), 1), (.rgb(255, 255, 255), 7), (.indexed(9), 1), (.indexed(15), 7),
            (.indexed(4), 4), (.indexed(196), 1), (.indexed(250), 7), (.indexed(233), 0),
        ]
        for (color, index) in cases {
            #expect(ColorMapper.terminalColor(for: color, depth: .basic8) == index, "\(color)")
        }
    }

    @Test func withoutColourSupportEveryColourIsTheDefault() {
        for color: Color in [.indexed(1), .indexed(200), .rgb(255, 0, 0)] {
            #expect(ColorMapper.terminalColor(for: color, depth: .none) == nil)
        }
    }

    @Test func colourDepthFollowsTheTerminalsColourCount() {
        #expect(ColorDepth.detect(colorCount: 256, environment: [:]) == .indexed256)
        #expect(ColorDepth.detect(colorCount: 16_777_216, environment: [:]) == .indexed256)
        #expect(ColorDepth.detect(colorCount: 88, environment: [:]) == .basic16)
        #expect(ColorDepth.detect(colorCount: 16, environment: [:]) == .basic16)
        #expect(ColorDepth.detect(colorCount: 8, environment: [:]) == .basic8)
        #expect(ColorDepth.detect(colorCount: 0, environment: [:]) == .none)
    }

    @Test func aNonEmptyNoColorTurnsColoursOffAndAnEmptyOneDoesNot() {
        #expect(ColorDepth.detect(colorCount: 256, environment: ["NO_COLOR": "1"]) == .none)
        #expect(ColorDepth.detect(colorCount: 256, environment: ["NO_COLOR": "yes please"]) == .none)
        #expect(ColorDepth.detect(colorCount: 256, environment: ["NO_COLOR": ""]) == .indexed256)
    }
}
