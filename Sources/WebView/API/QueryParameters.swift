import Foundation

/// A request's query parameters as (name, value) pairs, checked strictly: a parameter the endpoint does not
/// know, or one given twice, is refused by name (a typo such as `min_confidnce` must not silently widen the
/// answer). An empty value counts as not given, as an HTML form sends it.
struct QueryParameters: Sendable {
    private var values: [String: String] = [:]

    init(_ pairs: [(String, String)], allowed: [String]) throws(QueryError) {
        for (name, value) in pairs {
            guard allowed.contains(name) else {
                throw QueryError.bad(name, "unknown parameter (this endpoint takes \(allowed.joined(separator: ", ")))")
            }
            guard values[name] == nil else { throw QueryError.bad(name, "given more than once") }
            values[name] = value
        }
    }

    /// The value, trimmed; nil when absent or empty.
    func text(_ name: String) -> String? {
        guard let raw = values[name] else { return nil }
        let trimmed = raw.replacingOccurrences(of: "+", with: " ").trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? nil : trimmed
    }

    func int(_ name: String, default value: Int, in range: ClosedRange<Int>) throws(QueryError) -> Int {
        guard let text = text(name) else { return value }
        guard let n = Int(text), range.contains(n) else {
            throw QueryError.bad(name, "expected an integer from \(range.lowerBound) to \(range.upperBound == Int.max ? "any" : String(range.upperBound)), got '\(text)'")
        }
        return n
    }

    func probability(_ name: String) throws(QueryError) -> Double? {
        guard let text = text(name) else { return nil }
        guard let p = Double(text), p.isFinite, (0...1).contains(p) else {
            throw QueryError.bad(name, "expected a number from 0 to 1, got '\(text)'")
        }
        return p
    }

    func choice<T: RawRepresentable & CaseIterable>(_ name: String, _: T.Type) throws(QueryError) -> T? where T.RawValue == String {
        guard let text = text(name) else { return nil }
        guard let value = T(rawValue: text) else {
            throw QueryError.bad(name, "'\(text)' is not one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }
}
