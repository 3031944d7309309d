/// Finds literals that any match of a regex must contain, so a banner that contains none of them can skip
/// the regex. The answer is a set: "at least one of these (lowercased ASCII) strings occurs in every match",
/// or nil when nothing safe can be said. It errs only toward nil: a wrong literal would lose matches.
///
/// Understood: literal characters and escapes, `.`, anchors, classes `[…]`, groups of every kind,
/// alternation, quantifiers. Non-ASCII characters end a literal (case folding beyond ASCII is not modelled).
public enum RequiredLiterals {
    public static let minimumLength = 2

    public static func of(_ pattern: String) -> Set<[UInt8]>? {
        var parser = Parser(chars: Array(pattern.utf8))
        guard let node = parser.alternation(), parser.atEnd else { return nil }
        return node.requirement
    }

    /// What a piece of regex guarantees.
    struct Piece {
        /// Literal text this piece always matches exactly (nil when it is not a fixed string).
        var exact: [UInt8]?
        /// At least one of these occurs in any match of the piece.
        var requirement: Set<[UInt8]>?
    }

    struct Parser {
        let chars: [UInt8]
        var i = 0
        init(chars: [UInt8]) { self.chars = chars }
        var atEnd: Bool { i >= chars.count }

        /// branch ( '|' branch )*
        mutating func alternation() -> Piece? {
            var branches: [Piece] = []
            guard let first = sequence() else { return nil }
            branches.append(first)
            while i < chars.count, chars[i] == UInt8(ascii: "|") {
                i += 1
                guard let next = sequence() else { return nil }
                branches.append(next)
            }
            if branches.count == 1 { return first }
            // Every branch must guarantee something, else the whole guarantees nothing.
            var union = Set<[UInt8]>()
            for b in branches {
                guard let r = b.requirement else { return Piece(exact: nil, requirement: nil) }
                union.formUnion(r)
            }
            // A literal that contains another of the set adds nothing: the shorter one triggers anyway.
            let minimal = union.filter { long in !union.contains { $0 != long && long.count > $0.count && contains(long, $0) } }
            return Piece(exact: nil, requirement: minimal)
        }

        /// A sequence of quantified atoms up to `|` or `)`; literal runs are joined across atoms.
        mutating func sequence() -> Piece? {
            var best: Set<[UInt8]>?
            var run: [UInt8] = []
            var whole: [UInt8]? = []
            func consider(_ r: Set<[UInt8]>?) {
                guard let r, !r.isEmpty else { return }
                if best == nil || score(r) > score(best!) { best = r }
            }
            func endRun() {
                if run.count >= RequiredLiterals.minimumLength { consider([run]) }
                run = []
            }
            while i < chars.count, chars[i] != UInt8(ascii: "|"), chars[i] != UInt8(ascii: ")") {
                guard let atom = atom() else { return nil }
                let (minimum, maximum) = quantifier()
                if minimum == 0 {
                    endRun(); whole = nil
                    continue
                }
                if let text = atom.exact {
                    if minimum == 1 && maximum == 1 {
                        run += text
                        whole? += text
                    } else {
                        // `ab+c`: the atom occurs at least once; the text around it does not join.
                        run += text
                        endRun()
                        whole = nil
                    }
                } else {
                    endRun()
                    whole = nil
                    consider(atom.requirement)
                }
            }
            endRun()
            if let whole, whole.count >= RequiredLiterals.minimumLength { consider([whole]) }
            return Piece(exact: whole, requirement: best)
        }

        /// Higher is more selective: the shortest literal of the set counts, a set of many counts less.
        func score(_ r: Set<[UInt8]>) -> Int {
            (r.map(\.count).min() ?? 0) * 4 - r.count
        }

        /// One atom: a literal byte, an escape, a class, `.`, an anchor, or a group.
        mutating func atom() -> Piece? {
            let c = chars[i]
            switch c {
            case UInt8(ascii: "("):
                i += 1
                if i < chars.count, chars[i] == UInt8(ascii: "?") {
                    i += 1
                    guard i < chars.count else { return nil }
                    switch chars[i] {
                    case UInt8(ascii: ":"), UInt8(ascii: ">"), UInt8(ascii: "|"): i += 1
                    case UInt8(ascii: "="), UInt8(ascii: "!"), UInt8(ascii: "<"), UInt8(ascii: "#"), UInt8(ascii: "P"),
                         UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: "R"), UInt8(ascii: "&"):
                        // Lookaround, named groups, comments, conditionals: skip the group, promise nothing.
                        guard skipGroup() else { return nil }
                        return Piece(exact: nil, requirement: nil)
                    default:
                        // Inline options `(?i)`, `(?i-s:…)`.
                        while i < chars.count, chars[i] != UInt8(ascii: ")"), chars[i] != UInt8(ascii: ":") { i += 1 }
                        guard i < chars.count else { return nil }
                        if chars[i] == UInt8(ascii: ")") { i += 1; return Piece(exact: [], requirement: nil) }
                        i += 1
                    }
                }
                guard let inner = alternation(), i < chars.count, chars[i] == UInt8(ascii: ")") else { return nil }
                i += 1
                return inner
            case UInt8(ascii: "["):
                guard skipClass() else { return nil }
                return Piece(exact: nil, requirement: nil)
            case UInt8(ascii: "."):
                i += 1
                return Piece(exact: nil, requirement: nil)
            case UInt8(ascii: "^"), UInt8(ascii: "$"):
                i += 1
                return Piece(exact: [], requirement: nil)
            case UInt8(ascii: "\\"):
                return escape()
            case UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "?"), UInt8(ascii: "{"):
                // A quantifier with nothing before it: PCRE treats `{` literally in some places; give up.
                if c == UInt8(ascii: "{") { i += 1; return Piece(exact: [c], requirement: nil) }
                return nil
            default:
                i += 1
                if c >= 0x80 { return Piece(exact: nil, requirement: nil) }
                return Piece(exact: [lower(c)], requirement: nil)
            }
        }

        mutating func escape() -> Piece? {
            i += 1
            guard i < chars.count else { return nil }
            let e = chars[i]
            i += 1
            switch e {
            case UInt8(ascii: "d"), UInt8(ascii: "D"), UInt8(ascii: "w"), UInt8(ascii: "W"), UInt8(ascii: "s"), UInt8(ascii: "S"),
                 UInt8(ascii: "h"), UInt8(ascii: "H"), UInt8(ascii: "v"), UInt8(ascii: "V"), UInt8(ascii: "R"), UInt8(ascii: "N"),
                 UInt8(ascii: "X"), UInt8(ascii: "C"):
                return Piece(exact: nil, requirement: nil)
            case UInt8(ascii: "b"), UInt8(ascii: "B"), UInt8(ascii: "A"), UInt8(ascii: "z"), UInt8(ascii: "Z"), UInt8(ascii: "G"),
                 UInt8(ascii: "K"):
                return Piece(exact: [], requirement: nil)
            case UInt8(ascii: "t"): return Piece(exact: [9], requirement: nil)
            case UInt8(ascii: "n"): return Piece(exact: [10], requirement: nil)
            case UInt8(ascii: "r"): return Piece(exact: [13], requirement: nil)
            case UInt8(ascii: "f"): return Piece(exact: [12], requirement: nil)
            case UInt8(ascii: "e"): return Piece(exact: [27], requirement: nil)
            case UInt8(ascii: "a"): return Piece(exact: [7], requirement: nil)
            case UInt8(ascii: "0"):
                // Octal escape; rare in banners, so stop the literal rather than decode it.
                while i < chars.count, chars[i] >= 48, chars[i] <= 55 { i += 1 }
                return Piece(exact: nil, requirement: nil)
            case UInt8(ascii: "x"):
                var digits: [UInt8] = []
                if i < chars.count, chars[i] == UInt8(ascii: "{") {
                    i += 1
                    while i < chars.count, chars[i] != UInt8(ascii: "}") { digits.append(chars[i]); i += 1 }
                    guard i < chars.count else { return nil }
                    i += 1
                } else {
                    while i < chars.count, digits.count < 2, isHex(chars[i]) { digits.append(chars[i]); i += 1 }
                }
                guard let v = Int(String(decoding: digits, as: UTF8.self), radix: 16) else { return nil }
                // A byte above ASCII means a different thing in byte and UTF modes; promise nothing.
                return v < 0x80 ? Piece(exact: [lower(UInt8(v))], requirement: nil) : Piece(exact: nil, requirement: nil)
            case UInt8(ascii: "Q"), UInt8(ascii: "E"), UInt8(ascii: "p"), UInt8(ascii: "P"), UInt8(ascii: "g"), UInt8(ascii: "k"),
                 UInt8(ascii: "c"), UInt8(ascii: "o"), UInt8(ascii: "u"):
                return nil
            default:
                if e >= 49 && e <= 57 { return Piece(exact: nil, requirement: nil) } // backreference
                if isAlphanumeric(e) { return nil }                                   // unknown letter escape
                return Piece(exact: [lower(e)], requirement: nil)                     // escaped punctuation
            }
        }

        /// `?`, `*`, `+`, `{n}`, `{n,}`, `{n,m}` (with lazy/possessive suffix): (min, max); max -1 = unbounded.
        mutating func quantifier() -> (Int, Int) {
            guard i < chars.count else { return (1, 1) }
            var result: (Int, Int)
            switch chars[i] {
            case UInt8(ascii: "?"): result = (0, 1); i += 1
            case UInt8(ascii: "*"): result = (0, -1); i += 1
            case UInt8(ascii: "+"): result = (1, -1); i += 1
            case UInt8(ascii: "{"):
                var j = i + 1
                var low = 0, high = -1, sawDigit = false, comma = false
                var value = 0
                while j < chars.count, chars[j] != UInt8(ascii: "}") {
                    let d = chars[j]
                    if d >= 48 && d <= 57 { value = value * 10 + Int(d - 48); sawDigit = true }
                    else if d == UInt8(ascii: ","), !comma { comma = true; low = sawDigit ? value : 0; value = 0; sawDigit = false }
                    else { return (1, 1) } // not a quantifier: a literal `{`
                    j += 1
                }
                guard j < chars.count else { return (1, 1) }
                if comma { high = sawDigit ? value : -1 } else { low = value; high = value }
                i = j + 1
                result = (low, high)
            default: return (1, 1)
            }
            if i < chars.count, chars[i] == UInt8(ascii: "?") || chars[i] == UInt8(ascii: "+") { i += 1 }
            return result
        }

        mutating func skipClass() -> Bool {
            i += 1
            if i < chars.count, chars[i] == UInt8(ascii: "^") { i += 1 }
            if i < chars.count, chars[i] == UInt8(ascii: "]") { i += 1 }
            while i < chars.count {
                if chars[i] == UInt8(ascii: "\\") { i += 2; continue }
                if chars[i] == UInt8(ascii: "["), i + 1 < chars.count, chars[i + 1] == UInt8(ascii: ":") {
                    // POSIX class `[:alpha:]` inside a class.
                    i += 2
                    while i + 1 < chars.count, !(chars[i] == UInt8(ascii: ":") && chars[i + 1] == UInt8(ascii: "]")) { i += 1 }
                    i += 2
                    continue
                }
                if chars[i] == UInt8(ascii: "]") { i += 1; return true }
                i += 1
            }
            return false
        }

        /// Skips to the `)` closing the group whose `(` was already consumed.
        mutating func skipGroup() -> Bool {
            var depth = 1
            while i < chars.count {
                switch chars[i] {
                case UInt8(ascii: "\\"): i += 2; continue
                case UInt8(ascii: "["): if !skipClass() { return false }; continue
                case UInt8(ascii: "("): depth += 1
                case UInt8(ascii: ")"):
                    depth -= 1
                    if depth == 0 { i += 1; return true }
                default: break
                }
                i += 1
            }
            return false
        }

        func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
            guard needle.count <= haystack.count else { return false }
            for start in 0...(haystack.count - needle.count) where Array(haystack[start..<start + needle.count]) == needle { return true }
            return false
        }

        func lower(_ c: UInt8) -> UInt8 { c >= 65 && c <= 90 ? c + 32 : c }
        func isHex(_ c: UInt8) -> Bool { (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102) }
        func isAlphanumeric(_ c: UInt8) -> Bool { (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) }
    }
}
