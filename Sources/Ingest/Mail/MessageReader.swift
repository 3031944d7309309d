import BotCensusCore

/// One message read line by line: its header block (kept, capped at `headerLimit`), then its body, which
/// only passes through the campaign digest. Memory: one message's headers plus the digest's bounded state.
struct MessageReader {
    static let headerLimit = 256 << 10

    /// Line where the message starts (the mbox `From ` line, else its first header).
    let startLine: Int
    /// Time of the envelope (mbox `From ` line, Maildir file name): the last resort for the event time.
    let envelopeTime: Timestamp?
    private(set) var headers = HeaderBlock(limit: MessageReader.headerLimit)
    /// Why the message cannot be read, when it cannot.
    private(set) var problem: String?
    private var inHeaders = true
    private var digest: CampaignDigest?

    init(startLine: Int, envelopeTime: Timestamp?) {
        self.startLine = startLine
        self.envelopeTime = envelopeTime
    }

    mutating func feed(_ line: UnsafeRawBufferPointer, number: Int) {
        if inHeaders {
            if line.isEmpty { endHeaders(); return }
            switch headers.add(line, number: number) {
            case .added:
                return
            case .notHeader:
                // No empty line before the body (or garbage in the header): the header ends here, as mail
                // readers take it, and this line is the first of the body.
                endHeaders()
            case .overflow:
                problem = "header longer than \(MessageReader.headerLimit >> 10) KiB (line \(number))"
                inHeaders = false
                return
            }
        }
        digest?.feed(line)
    }

    private mutating func endHeaders() {
        inHeaders = false
        guard problem == nil else { return }
        digest = CampaignDigest(contentType: ContentType(header: headers.value("content-type")),
                                encoding: TransferEncoding(header: headers.value("content-transfer-encoding")),
                                recipientWords: RecipientWords.from(to: headers.value("to")))
    }

    /// Ends the message; returns its campaign key.
    mutating func finish() -> String? {
        if inHeaders { endHeaders() }
        return digest?.finish()
    }
}
