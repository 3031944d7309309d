import BotCensusCore

/// What the three mail formats share while reading one file or folder: the trust boundary built from
/// `--trusted-relays`, and the counts of the summary.
struct MailSession {
    private let builder: MessageEvent
    private(set) var messages = 0
    private(set) var records = 0
    private(set) var ignored = 0

    /// Throws when a `--trusted-relays` entry is neither a network nor a host name.
    init(options: ImportOptions) throws {
        builder = MessageEvent(boundary: TrustBoundary(relays: try TrustedRelays(options.trustedRelays)))
    }

    /// Ends one message: its event goes to `emit`; a bad message to `bad` at `place`, its reason after `prefix`.
    mutating func finish(_ reader: inout MessageReader, source: SourceRef, place: BadPlace, prefix: String,
                         emit: (Evidence) throws -> Void, bad: (BadPlace, String) throws -> Void) throws {
        messages += 1
        switch builder.build(&reader, source: source) {
        case .event(let e):
            records += 1
            try emit(.event(e))
        case .ignored:
            ignored += 1
        case .bad(let why):
            try bad(place, prefix + why)
        }
    }

    func summary(sha256: String) -> FileSummary {
        FileSummary(units: messages, records: records, ignored: ignored, sha256: sha256)
    }
}
