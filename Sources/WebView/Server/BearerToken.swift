import Hummingbird

/// `Authorization: Bearer TOKEN` on every request when the server has a token (401 otherwise). The token is
/// compared in constant time: the comparison reads every byte of the longer of the two whatever they hold,
/// so the time taken says nothing about how much of a guess was right.
struct BearerTokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: [UInt8]

    init(token: String) { self.token = Array(token.utf8) }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization], let presented = BearerToken.credentials(header),
              BearerToken.constantTimeEqual(Array(presented.utf8), token) else {
            return WebResponse.text(.unauthorized, "401 Unauthorized: this server needs Authorization: Bearer TOKEN (the --token it was started with).\n",
                                    extra: [.wwwAuthenticate: "Bearer realm=\"botcensus\""])
        }
        return try await next(request, context)
    }
}

/// Reading and comparing the token (pure).
enum BearerToken {
    /// The credentials of `Bearer CREDENTIALS` (the scheme is case-insensitive, RFC 7235 §2.1).
    static func credentials(_ header: String) -> Substring? {
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return parts[1].drop { $0 == " " }
    }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference: UInt8 = a.count == b.count ? 0 : 1
        for i in 0..<max(a.count, b.count) {
            difference |= (i < a.count ? a[i] : 0) ^ (i < b.count ? b[i] : 0)
        }
        return difference == 0
    }
}
