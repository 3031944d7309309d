import BotCensusCore

/// A request the API or a page refuses (400: a bad parameter, named; 404: nothing there), with its JSON body.
struct QueryError: Error, Equatable, Sendable {
    enum Status: Int, Sendable { case badRequest = 400, notFound = 404 }

    var status: Status
    /// The query parameter or path part at fault (nil for not found).
    var parameter: String?
    var message: String

    static func bad(_ parameter: String, _ message: String) -> QueryError {
        QueryError(status: .badRequest, parameter: parameter, message: "\(parameter): \(message)")
    }

    /// `{"error":"limit: expected …","parameter":"limit"}`.
    var json: [UInt8] {
        var j = JSONLine()
        j.begin()
        j.string("error", message)
        j.string("parameter", parameter)
        j.end()
        return j.bytes
    }
}
