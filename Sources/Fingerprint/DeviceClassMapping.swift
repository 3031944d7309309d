import BotCensusCore
import Foundation

/// Maps other databases' device vocabularies to DESIGN.md's classes, so that Recog's `hw.device` /
/// `os.device` and Nmap's `d/` land in the same taxonomy as our own signatures.
public enum DeviceClassMapping {
    /// Nmap `d/` device types (nmap's documented list) and Recog `hw.device`/`os.device` values.
    public static func deviceClass(forDeviceType raw: String) -> DeviceClass? {
        let value = raw.lowercased().trimmingCharacters(in: .whitespaces)
        switch value {
        case "router", "broadband router", "wap", "wireless access point", "wireless ap", "firewall", "gateway",
             "dsl modem", "cable modem", "modem", "broadband gateway", "residential gateway", "vpn", "switch",
             "load balancer", "proxy server", "wifi extender", "range extender", "network device", "lan gateway",
             "router/firewall", "security-misc", "terminal server", "print server",
             // Nmap's own typo for broadband router (nmap-service-probes, a Telmex modem).
             "broadand router":
            return value == "print server" ? .printer : .router
        case "webcam", "ip camera", "camera", "network camera", "video camera", "surveillance camera":
            return .camera
        case "dvr", "nvr", "network video recorder", "digital video recorder", "video recorder", "video encoder":
            return .dvr
        case "media device", "tv", "smart tv", "television", "set-top box", "media player", "game console",
             "streaming device", "media server", "audio device", "av receiver", "projector", "speaker":
            return .tv
        case "power-device", "power device", "thermostat", "home automation", "smart home", "appliance",
             "refrigerator", "washing machine", "smart plug", "specialized", "building automation", "ups",
             "pdu", "power distribution unit", "environmental monitor", "light bulb", "lighting",
             // Nmap: power-misc is UPSes, PDUs, solar inverters and energy monitors; "specializied" is a typo
             // for specialized in nmap-service-probes itself.
             "power-misc", "specializied":
            return .appliance
        case "storage-misc", "nas", "storage", "network attached storage", "file server", "storage device":
            return .nas
        case "printer", "multifunction device", "mfp", "multi-function printer", "scanner", "copier", "fax":
            return .printer
        case "voip phone", "voip adapter", "phone", "pbx", "ip phone", "telecom-misc", "voip gateway", "sip phone", "ata":
            return .voip
        case "pda", "phone/mobile", "mobile phone", "cell phone", "smartphone", "tablet", "mobile":
            return .mobile
        case "general purpose", "desktop", "workstation", "laptop", "pc":
            return .pc
        case "server", "web server", "mail server", "dns server", "database server", "hypervisor", "storage server":
            return .server
        case "embedded", "iot", "sensor", "bridge", "hub", "plc", "industrial", "remote management", "kvm",
             "specialized device", "medical device", "badge reader", "console server",
             // Nmap: terminal is thin clients (Wyse Winterm, PXES, Praim): embedded firmware, not a desktop OS.
             "terminal":
            return .iotOther
        default:
            return nil
        }
    }

    /// OS family from an OS family/product name (Recog `os.family`/`os.product`, Nmap `o/`).
    public static func osFamily(forOSName raw: String) -> OSFamily {
        let value = Array(raw.lowercased().utf8)
        // Byte search: the same answers as Foundation's `contains` for these ASCII words (a literal search),
        // without bridging to NSString once per banner.
        func has(_ word: StaticString) -> Bool { contains(value, word) }
        if has("windows") { return .windows }
        if has("mac os") || has("macos") || has("os x") || has("ios") || has("freebsd") || has("openbsd") || has("netbsd")
            || has("bsd") || has("darwin") || has("ipados") {
            return .bsdMacOS
        }
        if has("embedded") || has("busybox") || has("openwrt") || has("dd-wrt") || has("routeros") || has("tizen") || has("webos")
            || has("vxworks") || has("threadx") || has("ecos") {
            return has("vxworks") || has("threadx") || has("ecos") ? .other : .embeddedLinux
        }
        if has("linux") || has("ubuntu") || has("debian") || has("centos") || has("red hat") || has("fedora") || has("android") {
            return .linux
        }
        if value.isEmpty { return .unknown }
        return .other
    }

    private static func contains(_ haystack: [UInt8], _ word: StaticString) -> Bool {
        let n = word.utf8CodeUnitCount
        guard haystack.count >= n else { return false }
        let w = word.utf8Start
        for i in 0...(haystack.count - n) where haystack[i] == w[0] {
            var j = 1
            while j < n && haystack[i + j] == w[j] { j += 1 }
            if j == n { return true }
        }
        return false
    }
}
