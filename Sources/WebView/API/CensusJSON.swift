import BotCensusCore
import Report

/// `/api/census`: the census contract, the same bytes as `botcensus census --format json` prints.
enum CensusJSON {
    static func render(_ census: Census) throws -> [UInt8] {
        Array((try JSONOutput.encode(census) + "\n").utf8)
    }
}
