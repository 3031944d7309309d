/// The device taxonomy of DESIGN.md. Raw values are the strings of every output format.
public enum DeviceClass: String, CaseIterable, Codable, Sendable, Comparable {
    case router, camera, dvr, tv, appliance, nas, printer, voip
    case iotOther = "iot-other"
    case pc, server, mobile, unknown

    /// "IoT" is every class from `router` to `iot-other`.
    public var isIoT: Bool {
        switch self {
        case .router, .camera, .dvr, .tv, .appliance, .nas, .printer, .voip, .iotOther: return true
        case .pc, .server, .mobile, .unknown: return false
        }
    }

    /// A gateway answers for the whole household: anything behind it shares its address.
    public var isGateway: Bool { self == .router }

    /// Classes a sender can belong to (everything but `unknown`).
    public static let senderClasses: [DeviceClass] = allCases.filter { $0 != .unknown }

    /// The class's place in the taxonomy (`allCases` order). Hashing, equality and order go by it: a
    /// raw-valued enum otherwise hashes its string, and the census looks classes up millions of times.
    public var ordinal: Int {
        switch self {
        case .router: 0
        case .camera: 1
        case .dvr: 2
        case .tv: 3
        case .appliance: 4
        case .nas: 5
        case .printer: 6
        case .voip: 7
        case .iotOther: 8
        case .pc: 9
        case .server: 10
        case .mobile: 11
        case .unknown: 12
        }
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(ordinal) }
    public static func == (a: DeviceClass, b: DeviceClass) -> Bool { a.ordinal == b.ordinal }
    public static func < (a: DeviceClass, b: DeviceClass) -> Bool { a.ordinal < b.ordinal }
}

/// Operating-system family as far as a TCP stack or a banner can tell.
public enum OSFamily: String, CaseIterable, Codable, Sendable {
    case windows
    case linux
    case embeddedLinux = "embedded-linux"
    case bsdMacOS = "bsd-macos"
    /// Phone and tablet stacks (Android, iOS): neither a desktop Linux nor an embedded device's.
    case mobile
    case other
    case unknown

    /// The family's place in `allCases`; hashing and equality go by it, as for `DeviceClass`.
    public var ordinal: Int {
        switch self {
        case .windows: 0
        case .linux: 1
        case .embeddedLinux: 2
        case .bsdMacOS: 3
        case .mobile: 4
        case .other: 5
        case .unknown: 6
        }
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(ordinal) }
    public static func == (a: OSFamily, b: OSFamily) -> Bool { a.ordinal == b.ordinal }
}

extension OSFamily {
    /// The families whose stacks start packets at this initial TTL (as p0f rounds it): 128 Windows, 64 the
    /// Unix-like stacks and phones, 255 (and anything else) network gear and small RTOS stacks.
    public static func families(initialTTL ttl: Int) -> Set<OSFamily> {
        if ttl > 64 && ttl <= 128 { return [.windows] }
        if ttl <= 64 { return [.linux, .embeddedLinux, .bsdMacOS, .mobile, .other] }
        return [.other]
    }
}
