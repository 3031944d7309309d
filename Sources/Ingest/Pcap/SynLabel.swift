import BotCensusCore

/// What a SYN matcher (p0f.fp, in `Fingerprint`) says about one SYN, in the fields a p0f log carries.
/// Ingest cannot depend on the signature databases, so the importer hands a labeller in (see
/// `ImportOptions.synLabeler`) and capture SYNs come out labelled like p0f's own log lines.
public struct SynLabel: Sendable, Equatable {
    /// p0f's `os=`; nil for `???` (and for tools, which p0f prints as `app=`).
    public var osLabel: String?
    /// p0f's `dist=`; nil when it is only a bound (`<= N`, random-TTL tools) and the raw_sig has no guess.
    public var distance: Int?
    /// p0f's `params=`.
    public var params: String

    public init(osLabel: String?, distance: Int?, params: String) {
        self.osLabel = osLabel; self.distance = distance; self.params = params
    }
}

/// Labels decoded SYNs. Sendable (an immutable `@Sendable` closure), so `ImportOptions` stays Sendable.
public final class SynLabeler: Sendable {
    public let label: @Sendable (TCPSegment) -> SynLabel

    public init(_ label: @escaping @Sendable (TCPSegment) -> SynLabel) { self.label = label }
}
