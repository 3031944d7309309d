/// The campaign key of one message, computed while its body streams past: the first text part
/// (`text/plain` or `text/html`, not an attachment) is found through nested multiparts, its transfer
/// encoding and charset are decoded, and its text goes through the `TemplateNormalizer`. Everything after
/// that part is skipped. State: the boundary stack (at most `maxDepth`), one part header block (capped) and
/// the normaliser's word: bounded whatever the body size.
struct CampaignDigest {
    static let maxDepth = 8
    static let partHeaderLimit = 16 << 10

    private enum State {
        /// Lines outside any part we want: a preamble, an epilogue, a non-text part.
        case skip
        case partHeaders(HeaderBlock)
        case text(TransferDecoder, MailCharset?)
        /// The first text part has been read.
        case done
    }

    private var state: State
    /// `--boundary` of each open multipart, outermost first.
    private var boundaries: [[UInt8]] = []
    private var normalizer: TemplateNormalizer

    /// `contentType` and `encoding`: the message's top-level headers.
    init(contentType: ContentType, encoding: TransferEncoding, recipientWords: [[UInt8]]) {
        normalizer = TemplateNormalizer(personal: recipientWords)
        state = .skip
        state = enter(contentType, encoding: encoding, disposition: nil)
    }

    /// What to do with the body of an entity of this type.
    private mutating func enter(_ type: ContentType, encoding: TransferEncoding, disposition: ArraySlice<UInt8>?) -> State {
        if type.isMultipart {
            guard let boundary = type.boundary, boundaries.count < CampaignDigest.maxDepth else { return .skip }
            boundaries.append(Array("--".utf8) + boundary)
            return .skip
        }
        let attachment = disposition.map { ReceivedTokens.hasPrefix($0, "attachment") } ?? false
        guard type.isText, !attachment else { return .skip }
        return .text(TransferDecoder(encoding), type.charset.flatMap { MailCharset(label: $0) })
    }

    /// One body line, without its line break.
    mutating func feed(_ line: UnsafeRawBufferPointer) {
        if case .done = state { return }
        if !boundaries.isEmpty, line.count >= 2, line[0] == UInt8(ascii: "-"), line[1] == UInt8(ascii: "-"), boundary(line) { return }
        switch state {
        case .skip, .done:
            return
        case .text(var decoder, let charset):
            decoder.feed(line) { normalizer.feed($0, charset: charset) }
            state = .text(decoder, charset)
        case .partHeaders(var block):
            state = .skip // drop the enum's reference so `block` grows in place
            if line.isEmpty {
                let type = ContentType(header: block.value("content-type"))
                state = enter(type, encoding: TransferEncoding(header: block.value("content-transfer-encoding")),
                              disposition: block.value("content-disposition"))
                return
            }
            switch block.add(line, number: 0) {
            case .added: state = .partHeaders(block)
            case .notHeader, .overflow: state = .skip // a broken part header: not a text part we can trust
            }
        }
    }

    /// Handles a `--boundary` or `--boundary--` line of any open multipart; false when the line is none.
    private mutating func boundary(_ line: UnsafeRawBufferPointer) -> Bool {
        for level in boundaries.indices.reversed() {
            let b = boundaries[level]
            guard line.count >= b.count, line.prefix(b.count).elementsEqual(b) else { continue }
            var rest = line[b.count...]
            let closing = rest.starts(with: [UInt8(ascii: "-"), UInt8(ascii: "-")])
            if closing { rest = rest.dropFirst(2) }
            guard rest.allSatisfy({ $0 == 32 || $0 == 9 }) else { continue }
            if case .text = state { state = .done; return true }
            boundaries.removeSubrange((level + 1)...)
            if closing {
                boundaries.removeLast()
                state = .skip
            } else {
                state = .partHeaders(HeaderBlock(limit: CampaignDigest.partHeaderLimit))
            }
            return true
        }
        return false
    }

    /// The campaign key; nil when the message has no text part or its text holds no word.
    mutating func finish() -> String? { normalizer.finish() }
}
