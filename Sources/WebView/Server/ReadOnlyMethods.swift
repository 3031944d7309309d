import Hummingbird

/// Only GET and HEAD reach the routes: any other method is 405 with `Allow: GET, HEAD`, whatever the path,
/// so no request can ask the server to change anything (it could not: the case is open read-only).
struct ReadOnlyMethodsMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .get || request.method == .head else {
            return WebResponse.text(.methodNotAllowed, "405 Method Not Allowed: botcensus serve is read-only (GET and HEAD).\n",
                                    extra: [.allow: "GET, HEAD"])
        }
        return try await next(request, context)
    }
}
