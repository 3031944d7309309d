import Foundation
import NIOSSL
import SwiftASN1
import X509

/// What a TLS handshake showed: the version and the peer's certificate, read into zgrab2's
/// `handshake_log` shape (subject and issuer DNs, common names, SANs, validity).
public struct TLSDetails: Sendable {
    public var version: String?
    public var certificateDER: [UInt8]?

    static func name(_ version: TLSVersion) -> String {
        switch version {
        case .tlsv1: return "TLSv1.0"
        case .tlsv11: return "TLSv1.1"
        case .tlsv12: return "TLSv1.2"
        case .tlsv13: return "TLSv1.3"
        }
    }

    /// The certificate's subject DN in zgrab2's (Go's pkix) order: `CN=…, O=…`.
    public var subjectDN: String? { certificate.map { Self.dn($0.subject) } }

    var certificate: Certificate? {
        guard let der = certificateDER else { return nil }
        return try? Certificate(derEncoded: der)
    }

    /// `handshake_log` as zgrab2 writes it (the fields readers use).
    public var handshakeLog: ProbeJSON {
        var log: [(String, ProbeJSON)] = [("server_hello", .object([("version", .object([("name", version.map(ProbeJSON.string) ?? .null)]))]))]
        if let cert = certificate {
            var parsed: [(String, ProbeJSON)] = [
                ("subject_dn", .string(Self.dn(cert.subject))),
                ("issuer_dn", .string(Self.dn(cert.issuer))),
                ("subject", .object([("common_name", .array(Self.commonNames(cert.subject).map(ProbeJSON.string)))])),
                ("issuer", .object([("common_name", .array(Self.commonNames(cert.issuer).map(ProbeJSON.string)))])),
                ("validity", .object([("start", .string(Self.time(cert.notValidBefore))), ("end", .string(Self.time(cert.notValidAfter)))])),
                ("serial_number", .string(cert.serialNumber.description)),
            ]
            var dnsNames: [ProbeJSON] = [], ipNames: [ProbeJSON] = []
            if let sans = try? cert.extensions.subjectAlternativeNames {
                for name in sans {
                    switch name {
                    case .dnsName(let dns): dnsNames.append(.string(dns))
                    case .ipAddress(let octets): ipNames.append(.string(Self.ipText(Array(octets.bytes))))
                    default: break
                    }
                }
            }
            parsed.append(("extensions", .object([("subject_alt_name", .object([("dns_names", .array(dnsNames)), ("ip_addresses", .array(ipNames))]))])))
            let raw = Data(certificateDER ?? []).base64EncodedString()
            log.append(("server_certificates", .object([("certificate", .object([("raw", .string(raw)), ("parsed", .object(parsed))]))])))
        }
        return .object(log)
    }

    /// RDNs most specific first, as Go's pkix.Name.String() prints them (`CN=x, OU=y, O=z, C=w`).
    static func dn(_ name: DistinguishedName) -> String {
        name.reversed().map { rdn in rdn.map { "\(label($0.type))=\($0.value)" }.joined(separator: "+") }.joined(separator: ", ")
    }

    static func label(_ oid: ASN1ObjectIdentifier) -> String {
        switch oid {
        case .RDNAttributeType.commonName: return "CN"
        case .RDNAttributeType.organizationName: return "O"
        case .RDNAttributeType.organizationalUnitName: return "OU"
        case .RDNAttributeType.countryName: return "C"
        case .RDNAttributeType.stateOrProvinceName: return "ST"
        case .RDNAttributeType.localityName: return "L"
        default: return oid.description
        }
    }

    static func commonNames(_ name: DistinguishedName) -> [String] {
        name.flatMap { $0 }.filter { $0.type == .RDNAttributeType.commonName }.map { "\($0.value)" }
    }

    static func time(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    static func ipText(_ bytes: [UInt8]) -> String {
        if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
        return stride(from: 0, to: bytes.count, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }.joined(separator: ":")
    }
}
