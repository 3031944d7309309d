import Foundation

/// Two reads of one case at once, on two cores: `other` on a thread of its own while `body` runs here. Each
/// value is handed over once, after its thread is done (the wait orders the write before the read).
enum Concurrently {
    static func run<A, B>(_ other: @escaping @Sendable () throws -> A, while body: () throws -> B) throws -> (A, B) {
        let box = ResultBox<A>()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread { box.result = Result { try other() }; done.signal() }
        thread.stackSize = 8 << 20
        thread.start()
        let mine = Result { try body() }
        done.wait()
        return (try box.result!.get(), try mine.get())
    }

    private final class ResultBox<A>: @unchecked Sendable {
        var result: Result<A, any Error>?
    }
}
