import Hummingbird

/// Without a token the server answers only requests addressed to a loopback name (`127.x.x.x`, `[::1]`,
/// `localhost`, with any port): a web page elsewhere that rebinds its own DNS name to 127.0.0.1 cannot make a
/// browser on this machine read the case for it (DNS rebinding), because its requests carry its own name.
struct LoopbackHostMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let authority = request.head.authority, !LoopbackNames.isLoopback(authority) {
            return WebResponse.text(.misdirectedRequest, "421 Misdirected Request: without --token this server answers only requests to 127.0.0.1, [::1] or localhost.\n")
        }
        return try await next(request, context)
    }
}

/// Which Host header values name this machine's loopback (pure).
enum LoopbackNames {
    /// `host[:port]` names this machine's loopback.
    static func isLoopback(_ authority: String) -> Bool {
        var host = Substring(authority.lowercased())
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return false }
            host = host[host.index(after: host.startIndex)..<close]
            return host == "::1"
        }
        if let colon = host.lastIndex(of: ":") { host = host[..<colon] }
        if host == "localhost" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }
}
