import BotCensusCore

/// Everything the HTML report shows, as values: the page is rendered from this alone (no clock, no case
/// file), so the same input gives the same bytes.
public struct CaseReportInput: Sendable {
    /// What the case is called on the page (its file name).
    public var caseName: String
    /// When the report was made (RFC 3339), given by the caller.
    public var generated: String
    public var version: String
    public var census: Census
    /// Every verdict of the case.
    public var verdicts: [Verdict]
    public var timeline: SpamTimeline
    /// What the senders said and what answered, for the addresses of the table.
    public var texts: [IPAddress: AddressTexts]
    /// The truth of a simulated or lab world, when one was given.
    public var truth: TruthFigures?
    /// The address table holds at most this many addresses (those with the most messages).
    public var rowCap: Int
    /// Where the method's links point (relative to the page): the project's docs folder.
    public var docsPath: String

    public static let defaultRowCap = 1000

    public init(caseName: String, generated: String, version: String, census: Census, verdicts: [Verdict],
                timeline: SpamTimeline, texts: [IPAddress: AddressTexts], truth: TruthFigures?,
                rowCap: Int = CaseReportInput.defaultRowCap, docsPath: String = "docs/") {
        self.caseName = caseName; self.generated = generated; self.version = version; self.census = census
        self.verdicts = verdicts; self.timeline = timeline; self.texts = texts; self.truth = truth
        self.rowCap = rowCap; self.docsPath = docsPath
    }

    /// The addresses of the table: the `rowCap` with the most messages (ties by address).
    public static func tableAddresses(_ verdicts: [Verdict], cap: Int) -> [Verdict] {
        Array(verdicts.sorted { ($0.messages, $1.ip) > ($1.messages, $0.ip) }.prefix(cap))
    }
}
