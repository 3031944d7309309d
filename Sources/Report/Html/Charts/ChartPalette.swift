import BotCensusCore

/// Colours of the charts: one per device class (IoT classes warm, computers cool, unknown grey), and the
/// three sources of a figure (the 2014 method, botcensus, the truth). Fixed, so every chart of a page and
/// every page agree; chosen to stay apart in greyscale print too.
enum ChartPalette {
    static func color(_ c: DeviceClass) -> String {
        switch c {
        case .router: return "#d55e00"
        case .camera: return "#e69f00"
        case .dvr: return "#b8860b"
        case .tv: return "#cc79a7"
        case .appliance: return "#a0522d"
        case .nas: return "#f0c05a"
        case .printer: return "#8c564b"
        case .voip: return "#e377c2"
        case .iotOther: return "#c44e52"
        case .pc: return "#0072b2"
        case .server: return "#009e73"
        case .mobile: return "#56b4e9"
        case .unknown: return "#9aa3ad"
        }
    }

    static let naive = "#c9b79c"
    static let botcensus = "#1f5fa8"
    static let truth = "#2e7d32"
    static let neutral = "#5b6573"
    static let muted = "#c7ced6"
}
