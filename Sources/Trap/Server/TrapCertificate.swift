import Crypto
import Foundation
import NIOSSL
import SwiftASN1
import X509

/// The certificate STARTTLS and implicit-TLS listeners present. Bots that insist on TLS deliver only when it
/// is offered, and they do not check it, so without `--tls-cert` the trap makes a self-signed P-256
/// certificate for its hostname on first start and keeps it in the spool folder (the same one next time).
enum TrapCertificate {
    struct Loaded {
        var certificate: NIOSSLCertificate
        var key: NIOSSLPrivateKey
        /// Where it came from, for the start-up line.
        var origin: String
    }

    static func load(certPath: String?, keyPath: String?, spoolRoot: String, hostname: String) throws -> Loaded {
        if let certPath, let keyPath {
            return try read(certPath: certPath, keyPath: keyPath, origin: certPath)
        }
        let folder = spoolRoot + "/tls"
        let cert = folder + "/self-signed.pem", key = folder + "/self-signed.key"
        if !FileManager.default.fileExists(atPath: cert) || !FileManager.default.fileExists(atPath: key) {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let (certPEM, keyPEM) = try makeSelfSigned(hostname: hostname)
            // The key first, readable by the trap's user only.
            guard FileManager.default.createFile(atPath: key, contents: Data(keyPEM.utf8), attributes: [.posixPermissions: 0o600]),
                  FileManager.default.createFile(atPath: cert, contents: Data(certPEM.utf8)) else {
                throw TrapError("\(folder): cannot write the self-signed certificate")
            }
            return try read(certPath: cert, keyPath: key, origin: "\(cert) (self-signed, made now)")
        }
        return try read(certPath: cert, keyPath: key, origin: "\(cert) (self-signed)")
    }

    private static func read(certPath: String, keyPath: String, origin: String) throws -> Loaded {
        do {
            let certificate = try NIOSSLCertificate(file: certPath, format: .pem)
            let key = try NIOSSLPrivateKey(file: keyPath, format: .pem)
            return Loaded(certificate: certificate, key: key, origin: origin)
        } catch {
            throw TrapError("\(certPath), \(keyPath): cannot load the TLS certificate and key (\(error))")
        }
    }

    static func makeSelfSigned(hostname: String) throws -> (certificate: String, key: String) {
        let key = P256.Signing.PrivateKey()
        let name = try DistinguishedName { CommonName(hostname) }
        let now = Date()
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(key.publicKey),
            notValidBefore: now.addingTimeInterval(-86_400), notValidAfter: now.addingTimeInterval(10 * 365 * 86_400),
            issuer: name, subject: name, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                SubjectAlternativeNames([.dnsName(hostname)])
                KeyUsage(digitalSignature: true)
                try ExtendedKeyUsage([.serverAuth])
            },
            issuerPrivateKey: .init(key))
        return (try certificate.serializeAsPEM().pemString, key.pemRepresentation)
    }

    static func serverContext(_ loaded: Loaded) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: [.certificate(loaded.certificate)],
                                                                     privateKey: .privateKey(loaded.key))
        // Bots run old TLS stacks; a trap that refuses them learns nothing.
        configuration.minimumTLSVersion = .tlsv1
        return try NIOSSLContext(configuration: configuration)
    }
}

/// A trap start-up or configuration error: one line naming what is wrong.
public struct TrapError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
