import BotCensusCore

/// How a stack fills the IP identification field of its packets.
public enum IPIDBehaviour: String, Sendable {
    /// One global counter (Windows, old Linux for non-DF packets): sequential runs count hosts behind a NAT.
    case incremental
    /// Always zero with DF set (many small embedded stacks).
    case zero
    /// Per-flow or random (modern Linux, BSD).
    case random
}

/// How a stack fills the TCP timestamp option (Kohno et al.: skewed clocks tell devices apart).
public enum TimestampBehaviour: String, Sendable {
    /// No timestamps in the SYN (Windows by default).
    case none
    /// The raw uptime clock (Linux before 4.10, embedded 2.6/3.x kernels): one line per host.
    case rawUptime = "raw-uptime"
    /// Uptime plus a secret offset per address pair (Linux 4.10 … 2025): still one clean line per host and trap.
    case perAddressPairOffset = "per-address-pair-offset"
    /// A new random offset per connection (kernels from 2026): timestamps count nothing.
    case perConnectionRandom = "per-connection-random"
}

/// One TCP/IP stack: what its SYN looks like (p0f v3 notation) and what p0f 3.09b calls it.
public struct StackModel: Sendable {
    public var name: String
    public var os: OSFamily
    /// Human label of the real OS (for people; p0f's label is `p0fLabel`).
    public var label: String
    public var initialTTL: Int
    public var mss: Int
    public var window: Int
    public var scale: Int
    public var layout: String
    public var quirks: String
    public var p0fLabel: String
    public var p0fParams: String
    public var ephemeralPorts: ClosedRange<Int>
    public var ipid: IPIDBehaviour
    public var timestamps: TimestampBehaviour
    /// Timestamp clock rate, Hz (0 without timestamps).
    public var clockHz: Int

    /// `ver:TTL+DIST:olen:mss:wsize,scale:olayout:quirks:pclass` with the observed TTL = initial − distance.
    public func rawSig(distance: Int) -> String {
        let wsize = window % mss == 0 ? "mss*\(window / mss)" : String(window)
        return "4:\(initialTTL - distance)+\(distance):0:\(mss):\(wsize),\(scale):\(layout):\(quirks):0"
    }
}

/// The stacks of the simulated devices. SYN shapes and p0f labels are those of scripts/make_demo_evidence.py
/// (checked there against p0f 3.09b), plus a TTL-255 RTOS stack.
public enum Stacks {
    static let winPorts = 49152...65000
    static let linuxPorts = 32768...60999
    public static let win10 = StackModel(name: "win10", os: .windows, label: "Windows 10", initialTTL: 128, mss: 1460, window: 64240, scale: 8,
        layout: "mss,nop,ws,nop,nop,sok", quirks: "df,id+", p0fLabel: "Windows NT kernel", p0fParams: "generic",
        ephemeralPorts: winPorts, ipid: .incremental, timestamps: .none, clockHz: 0)
    public static let win7 = StackModel(name: "win7", os: .windows, label: "Windows 7", initialTTL: 128, mss: 1460, window: 8192, scale: 8,
        layout: "mss,nop,ws,nop,nop,sok", quirks: "df,id+", p0fLabel: "Windows 7 or 8", p0fParams: "none",
        ephemeralPorts: winPorts, ipid: .incremental, timestamps: .none, clockHz: 0)
    public static let winXP = StackModel(name: "winxp", os: .windows, label: "Windows XP", initialTTL: 128, mss: 1460, window: 65535, scale: 0,
        layout: "mss,nop,nop,sok", quirks: "df,id+", p0fLabel: "Windows XP", p0fParams: "none",
        ephemeralPorts: 1025...5000, ipid: .incremental, timestamps: .none, clockHz: 0)
    public static let linuxModern = StackModel(name: "linux-modern", os: .linux, label: "Linux 5.x", initialTTL: 64, mss: 1460, window: 64240, scale: 7,
        layout: "mss,sok,ts,nop,ws", quirks: "df,id+", p0fLabel: "Linux 2.2.x-3.x", p0fParams: "generic",
        ephemeralPorts: linuxPorts, ipid: .random, timestamps: .perAddressPairOffset, clockHz: 1000)
    public static let linux2026 = StackModel(name: "linux-2026", os: .linux, label: "Linux 6.19+", initialTTL: 64, mss: 1460, window: 64240, scale: 7,
        layout: "mss,sok,ts,nop,ws", quirks: "df,id+", p0fLabel: "Linux 2.2.x-3.x", p0fParams: "generic",
        ephemeralPorts: linuxPorts, ipid: .random, timestamps: .perConnectionRandom, clockHz: 1000)
    public static let linux26Embedded = StackModel(name: "linux26-embedded", os: .embeddedLinux, label: "Linux 2.6 (embedded)", initialTTL: 64,
        mss: 1460, window: 5840, scale: 2, layout: "mss,sok,ts,nop,ws", quirks: "df,id+", p0fLabel: "Linux 2.4.x", p0fParams: "none",
        ephemeralPorts: linuxPorts, ipid: .incremental, timestamps: .rawUptime, clockHz: 100)
    public static let linux26NoWS = StackModel(name: "linux26-nows", os: .embeddedLinux, label: "Linux 2.6 (embedded, no wscale)", initialTTL: 64,
        mss: 1460, window: 5840, scale: 0, layout: "mss,sok,ts", quirks: "df,id+", p0fLabel: "???", p0fParams: "none",
        ephemeralPorts: linuxPorts, ipid: .incremental, timestamps: .rawUptime, clockHz: 100)
    public static let linux26NoTS = StackModel(name: "linux26-nots", os: .embeddedLinux, label: "Linux 2.6 (embedded, no timestamps)", initialTTL: 64,
        mss: 1460, window: 5840, scale: 0, layout: "mss,nop,nop,sok", quirks: "df,id+", p0fLabel: "Windows NT kernel", p0fParams: "generic fuzzy",
        ephemeralPorts: linuxPorts, ipid: .incremental, timestamps: .none, clockHz: 0)
    public static let linux3Embedded = StackModel(name: "linux3-embedded", os: .embeddedLinux, label: "Linux 3.x (embedded)", initialTTL: 64,
        mss: 1460, window: 14600, scale: 4, layout: "mss,sok,ts,nop,ws", quirks: "df,id+", p0fLabel: "Linux 3.1-3.10", p0fParams: "none",
        ephemeralPorts: linuxPorts, ipid: .incremental, timestamps: .rawUptime, clockHz: 250)
    /// Phones: p0f 3.09b's own Android and iOS signatures and labels.
    public static let android = StackModel(name: "android", os: .mobile, label: "Android", initialTTL: 64, mss: 1460, window: 64240, scale: 1,
        layout: "mss,sok,ts,nop,ws", quirks: "df,id+", p0fLabel: "Linux (Android)", p0fParams: "none",
        ephemeralPorts: linuxPorts, ipid: .random, timestamps: .perAddressPairOffset, clockHz: 1000)
    public static let iOS = StackModel(name: "ios", os: .mobile, label: "iOS", initialTTL: 64, mss: 1460, window: 65535, scale: 2,
        layout: "mss,nop,ws,nop,nop,ts,sok,eol+1", quirks: "df,id+", p0fLabel: "iOS iPhone or iPad", p0fParams: "none",
        ephemeralPorts: 49152...65535, ipid: .random, timestamps: .perAddressPairOffset, clockHz: 1000)
    /// A small RTOS/lwIP-style stack of appliances and printers: initial TTL 255, IP ID zero, no options but MSS.
    public static let rtos255 = StackModel(name: "rtos-255", os: .other, label: "embedded RTOS (lwIP-like)", initialTTL: 255,
        mss: 1460, window: 5840, scale: 0, layout: "mss", quirks: "df", p0fLabel: "???", p0fParams: "none",
        ephemeralPorts: 49152...65535, ipid: .zero, timestamps: .none, clockHz: 0)

    /// A stack for a device of `cls` (`windowsShare` applies to PCs).
    static func draw(_ cls: DeviceClass, windowsShare: Double, rng: inout SimRandom) -> StackModel {
        func pick(_ options: [(StackModel, Double)]) -> StackModel { options[rng.weighted(options.map { $0.1 })].0 }
        switch cls {
        case .pc:
            if rng.chance(windowsShare) { return pick([(win10, 0.6), (win7, 0.3), (winXP, 0.1)]) }
            return pick([(linuxModern, 0.8), (linux2026, 0.2)])
        case .server: return pick([(linuxModern, 0.85), (linux2026, 0.15)])
        case .mobile: return pick([(android, 0.7), (iOS, 0.3)])
        case .router: return pick([(linux26NoWS, 0.4), (linux26Embedded, 0.3), (linux3Embedded, 0.3)])
        case .camera: return pick([(linux3Embedded, 0.6), (linux26Embedded, 0.4)])
        case .dvr: return pick([(linux26Embedded, 0.6), (linux26NoTS, 0.4)])
        case .tv: return pick([(linux3Embedded, 0.6), (linuxModern, 0.4)])
        case .nas: return pick([(linuxModern, 0.7), (linux3Embedded, 0.3)])
        case .appliance, .printer, .voip, .iotOther: return pick([(rtos255, 0.5), (linux3Embedded, 0.3), (linux26Embedded, 0.2)])
        case .unknown: return linuxModern
        }
    }
}

extension Stacks {
    /// Every stack, in a fixed order: messages refer to stacks by index here.
    public static let all: [StackModel] = [win10, win7, winXP, linuxModern, linux2026, linux26Embedded, linux26NoWS, linux26NoTS, linux3Embedded, rtos255,
                                                android, iOS]
    static func index(of stack: StackModel) -> Int { all.firstIndex { $0.name == stack.name }! }
}
