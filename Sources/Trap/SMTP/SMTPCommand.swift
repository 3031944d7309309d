/// One command line read as RFC 5321 §4.1 spells it, leniently where senders are sloppy (a missing `<>` around
/// an address, lowercase verbs, a space after `FROM:`) and strictly where a reply code depends on it.
enum SMTPCommand: Equatable {
    case helo(String)
    case ehlo(String)
    case mail(path: String, parameters: [String: String])
    case rcpt(path: String, parameters: [String: String])
    case data
    case bdat(size: Int, last: Bool)
    case rset
    case noop
    case quit
    case vrfy
    case expn
    case help
    case starttls
    case auth(mechanism: String, initial: String?)
    /// A verb we know used wrongly: the reply to give.
    case malformed(SMTPReply)
    case unknown(verb: String)

    /// Parses one line (without CR LF).
    static func parse(_ line: [UInt8]) -> SMTPCommand {
        // Split and trim on the bytes: Character-wise String work was a twentieth of the trap's CPU under load.
        var end = line.count
        while end > 0 && line[end - 1] == 0x20 { end -= 1 }
        let verbEnd = line[..<end].firstIndex(of: 0x20) ?? end
        var argumentStart = verbEnd
        while argumentStart < end && line[argumentStart] == 0x20 { argumentStart += 1 }
        let verb = String(decoding: line[..<verbEnd].map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }, as: UTF8.self)
        let argument = String(decoding: line[argumentStart..<end], as: UTF8.self)
        switch verb {
        case "HELO", "EHLO":
            guard !argument.isEmpty else { return .malformed(.heloSyntax) }
            return verb == "HELO" ? .helo(argument) : .ehlo(argument)
        case "MAIL":
            guard let (path, parameters) = pathArgument(argument, keyword: "FROM:") else { return .malformed(.mailSyntax) }
            return .mail(path: path, parameters: parameters)
        case "RCPT":
            guard let (path, parameters) = pathArgument(argument, keyword: "TO:"), !path.isEmpty else { return .malformed(.rcptSyntax) }
            return .rcpt(path: path, parameters: parameters)
        case "DATA": return argument.isEmpty ? .data : .malformed(.noParameters)
        case "BDAT":
            let words = argument.split(separator: " ")
            guard let first = words.first, let size = Int(first), size >= 0, words.count <= 2,
                  words.count == 1 || words[1].uppercased() == "LAST" else { return .malformed(.bdatSyntax) }
            return .bdat(size: size, last: words.count == 2)
        case "RSET": return argument.isEmpty ? .rset : .malformed(.noParameters)
        case "NOOP": return .noop
        case "QUIT": return .quit
        case "VRFY": return .vrfy
        case "EXPN": return .expn
        case "HELP": return .help
        case "STARTTLS": return argument.isEmpty ? .starttls : .malformed(.noParameters)
        case "AUTH":
            let words = argument.split(separator: " ", omittingEmptySubsequences: true)
            guard let mechanism = words.first else { return .malformed(SMTPReply(501, "5.5.4", "Syntax: AUTH mechanism")) }
            return .auth(mechanism: mechanism.uppercased(), initial: words.count > 1 ? String(words[1]) : nil)
        default:
            return .unknown(verb: String(verb.prefix(32)))
        }
    }

    /// `FROM:<a@b> SIZE=10 BODY=8BITMIME`: the path without brackets and the ESMTP parameters (upper-cased
    /// keywords). Nil when the keyword is missing or the brackets do not close.
    static func pathArgument(_ argument: String, keyword: String) -> (String, [String: String])? {
        guard argument.utf8.count >= keyword.utf8.count,
              zip(argument.utf8, keyword.utf8).allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0) == $1 }) else { return nil }
        var rest = Substring(argument.dropFirst(keyword.count)).drop { $0 == " " }
        let path: String
        if rest.first == "<" {
            guard let close = rest.firstIndex(of: ">") else { return nil }
            path = String(rest[rest.index(after: rest.startIndex)..<close])
            rest = rest[rest.index(after: close)...]
        } else {
            let end = rest.firstIndex(of: " ") ?? rest.endIndex
            path = String(rest[..<end])
            rest = rest[end...]
        }
        var parameters: [String: String] = [:]
        for word in rest.split(separator: " ") {
            if let eq = word.firstIndex(of: "=") {
                parameters[word[..<eq].uppercased()] = String(word[word.index(after: eq)...])
            } else {
                parameters[word.uppercased()] = ""
            }
        }
        return (path, parameters)
    }
}
