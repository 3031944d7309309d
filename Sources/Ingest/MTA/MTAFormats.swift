extension EvidenceFormats {
    /// MTA logs beside Postfix: Exim, Sendmail.
    /// Computed rather than stored: a stored global of metatypes is not concurrency-safe in Swift 6.
    static var mtaFormats: [any EvidenceFormat.Type] {
        [EximLogFormat.self, SendmailLogFormat.self]
    }
}
