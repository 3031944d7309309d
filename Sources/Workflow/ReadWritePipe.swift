import Foundation

/// Reads a file on a thread of its own while the calling thread writes what it read, in order: an import
/// parsed, labelled and fingerprinted each record and then inserted it, one after the other on one core,
/// and each half took about as long as the other. Records cross in batches, at most `depth` batches ahead,
/// so memory stays bounded whatever the file's size.
///
/// A reading error reaches the writer after the records read before it; a writing error stops the reader
/// at its next batch. Either way both threads are done when `run` returns.
enum ReadWritePipe {
    struct Cancelled: Error {}

    static func run<Item, R>(batchSize: Int = 1024, depth: Int = 8,
                             read: (_ emit: (Item) throws -> Void) throws -> R,
                             write: (Item) throws -> Void) throws -> R {
        let queue = Batches<Item>(depth: depth)
        let outcome = Outcome<R>()
        let done = DispatchSemaphore(value: 0)
        return try withoutActuallyEscaping(read) { read in
            // The reader runs only until `done` is signalled, which `run` waits for before it returns; it lets go
            // of `read` before that, as `withoutActuallyEscaping` checks.
            let reader = UncheckedBox(read)
            let thread = Thread {
                var batch: [Item] = []
                batch.reserveCapacity(batchSize)
                defer { reader.value = nil; done.signal() }
                guard let read = reader.value else { return }
                do {
                    let result = try read { item in
                        batch.append(item)
                        if batch.count == batchSize {
                            try queue.put(batch)
                            batch.removeAll(keepingCapacity: true)
                        }
                    }
                    if !batch.isEmpty { try queue.put(batch) }
                    outcome.result = result
                    queue.finish(nil)
                } catch {
                    queue.finish(error)
                }
            }
            thread.stackSize = 8 << 20
            thread.start()
            do {
                while let batch = try queue.take() {
                    for item in batch { try write(item) }
                }
            } catch {
                queue.cancel()
                done.wait()
                throw error
            }
            done.wait()
            guard let result = outcome.result else { throw Cancelled() }
            return result
        }
    }

    private final class Outcome<R>: @unchecked Sendable {
        var result: R?
    }

    private final class UncheckedBox<T>: @unchecked Sendable {
        var value: T?
        init(_ value: T) { self.value = value }
    }

    /// The batches between the two threads.
    private final class Batches<Item>: @unchecked Sendable {
        private let condition = NSCondition()
        private var waiting: [[Item]] = []
        private var finished = false
        private var failure: Error?
        private var cancelled = false
        private let depth: Int

        init(depth: Int) { self.depth = depth }

        /// Reader: waits while `depth` batches wait; throws once the writer gave up.
        func put(_ batch: [Item]) throws {
            condition.lock()
            defer { condition.unlock() }
            while waiting.count >= depth && !cancelled { condition.wait() }
            if cancelled { throw Cancelled() }
            waiting.append(batch)
            condition.broadcast()
        }

        /// Reader: no more batches; `error` ends the writer after the batches before it.
        func finish(_ error: Error?) {
            condition.lock()
            finished = true
            failure = error
            condition.broadcast()
            condition.unlock()
        }

        /// Writer: the next batch, nil at the end; throws the reader's error.
        func take() throws -> [Item]? {
            condition.lock()
            defer { condition.unlock() }
            while waiting.isEmpty && !finished { condition.wait() }
            if !waiting.isEmpty {
                condition.broadcast()
                return waiting.removeFirst()
            }
            if let failure { throw failure }
            return nil
        }

        /// Writer: stop the reader.
        func cancel() {
            condition.lock()
            cancelled = true
            condition.broadcast()
            condition.unlock()
        }
    }
}
