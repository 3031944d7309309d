/// Words that personalise a spam for its recipient ("Dear Alice", "alice.smith, your account…"), taken from
/// the `To:` header — display names and local parts, never domains — so the campaign template can replace
/// them by `<name>`. Role addresses and short words are left out: replacing `info` in a body only for
/// recipients called info@ would split one campaign in two.
enum RecipientWords {
    static let maxWords = 8

    private static let roles: Set<String> = [
        "info", "sales", "admin", "contact", "support", "office", "mail", "email", "webmaster", "postmaster",
        "abuse", "hello", "team", "user", "test", "noreply", "service", "billing", "help", "news", "marketing",
        "undisclosed", "recipients", "customer", "client", "account", "accounts", "you", "your", "dear", "the", "and",
    ]

    static func from(to value: ArraySlice<UInt8>?) -> [[UInt8]] {
        guard let value else { return [] }
        let text = EncodedWords.decode(value).lowercased()
        var words: [[UInt8]] = []
        for recipient in text.split(separator: ",") {
            var display = Substring(""), address = recipient
            if let open = recipient.firstIndex(of: "<") {
                display = recipient[..<open]
                address = recipient[recipient.index(after: open)...].prefix { $0 != ">" }
            }
            let local = address.split(separator: "@").first ?? ""
            for part in [display, local] {
                for w in part.split(whereSeparator: { !($0.isLetter) }) {
                    let bytes = Array(w.utf8)
                    guard w.count >= 3, !roles.contains(String(w)), !words.contains(bytes) else { continue }
                    words.append(bytes)
                    if words.count == maxWords { return words }
                }
            }
        }
        return words
    }
}
