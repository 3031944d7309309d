import ArgumentParser
import Foundation

// Exit status contract: 0 success, 1 bad input or failed work (`file:line: reason` on stderr), 2 usage.
do {
    var command = try BotCensus.parseAsRoot()
    do {
        try command.run()
        Console.stdout.flush()
    } catch let error as ExitCode {
        Console.exit(error.rawValue)
    } catch {
        // Help and version requests arrive as errors too; usage errors exit 2, failed work 1.
        switch BotCensus.exitCode(for: error) {
        case .success: Console.stdout.flush(); BotCensus.exit(withError: error)
        case .validationFailure:
            Console.err(BotCensus.fullMessage(for: error))
            Console.exit(2)
        default:
            Console.err("botcensus: \(error)")
            Console.exit(1)
        }
    }
} catch {
    let code = BotCensus.exitCode(for: error)
    if code == .success {
        BotCensus.exit(withError: error)
    }
    Console.err(BotCensus.fullMessage(for: error))
    Console.exit(2)
}
