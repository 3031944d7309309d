/// A p0f.fp `label = type:class:name:flavor` line: `s`pecific or `g`eneric, an OS class from `classes`
/// (or `!` for a userland tool such as NMap), a name and an optional flavor.
public struct P0fLabel: Sendable, Equatable {
    public var generic: Bool
    /// nil for `!` (a tool, not an operating system).
    public var osClass: String?
    /// As first spelled in the file: p0f looks names up case-insensitively and prints the first spelling.
    public var name: String
    public var flavor: String?
    public var line: Int
    /// `sys =` of a tool label: the classes (`@unix`) and names it runs on.
    public var systems: [String] = []

    public var isTool: Bool { osClass == nil }

    /// What p0f prints in its `os=` (or `app=`) field: name, a space and the flavor when there is one.
    public var text: String { flavor.map { "\(name) \($0)" } ?? name }

    /// Characters p0f allows in names besides letters and digits (its NAME_CHARS).
    static let nameCharacters = Set(" ./-_!?()".utf8)

    static func isNameByte(_ b: UInt8) -> Bool {
        (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || nameCharacters.contains(b)
    }

    /// Parses a label value (the name as written; the file parser maps it to its first spelling).
    static func parse(_ value: String, line: Int, classes: [String]) throws(P0fSignatureError) -> P0fLabel {
        let bytes = Array(value.utf8)
        guard bytes.count >= 2, bytes[0] == UInt8(ascii: "s") || bytes[0] == UInt8(ascii: "g"), bytes[1] == UInt8(ascii: ":") else {
            throw .init("label must start with s: or g:")
        }
        var i = 2
        let classStart = i
        while i < bytes.count, isAlnum(bytes[i]) || bytes[i] == UInt8(ascii: "!") { i += 1 }
        guard i > classStart, i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw .init("label has no class") }
        let classText = String(decoding: bytes[classStart..<i], as: UTF8.self)
        var osClass: String? = nil
        if classText != "!" {
            guard let known = classes.first(where: { $0.lowercased() == classText.lowercased() }) else {
                throw .init("unknown class '\(classText)' (classes: \(classes.joined(separator: ",")))")
            }
            osClass = known
        }
        i += 1
        let nameStart = i
        while i < bytes.count, isNameByte(bytes[i]) { i += 1 }
        guard i > nameStart, i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw .init("label has a malformed name") }
        let name = String(decoding: bytes[nameStart..<i], as: UTF8.self)
        let flavor = i + 1 < bytes.count ? String(decoding: bytes[(i + 1)...], as: UTF8.self) : nil
        return P0fLabel(generic: bytes[0] == UInt8(ascii: "g"), osClass: osClass, name: name, flavor: flavor, line: line)
    }

    static func isAlnum(_ b: UInt8) -> Bool { (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) }
}
