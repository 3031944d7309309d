import Testing
@testable import Workflow

/// The import's two threads: every record arrives once and in order; a reading error arrives after the
/// records read before it; a writing error stops the reader within the batches already ahead.
struct ReadWritePipeTests {
    struct Stop: Error, Equatable { var at: Int }

    @Test func everyRecordArrivesOnceInOrder() throws {
        var written: [Int] = []
        let result = try ReadWritePipe.run(batchSize: 7, depth: 2, read: { emit in
            for i in 0..<100_003 { try emit(i) }
            return "read"
        }, write: { written.append($0) })
        #expect(result == "read")
        #expect(written == Array(0..<100_003))
    }

    @Test func aReadingErrorComesAfterWhatWasRead() {
        var written: [Int] = []
        #expect(throws: Stop(at: 5_000)) {
            try ReadWritePipe.run(batchSize: 64, depth: 4, read: { emit in
                for i in 0..<5_000 { try emit(i) }
                throw Stop(at: 5_000)
            }, write: { written.append($0) })
        }
        // Records of a partial batch before the error are not written: the write transaction rolls back anyway.
        #expect(written == Array(0..<(5_000 / 64 * 64)))
    }

    @Test func aWritingErrorStopsTheReader() {
        let read = Counter()
        #expect(throws: Stop(at: 1_000)) {
            try ReadWritePipe.run(batchSize: 100, depth: 3, read: { emit in
                for i in 0..<1_000_000 { read.n += 1; try emit(i) }
                return 0
            }, write: { if $0 == 1_000 { throw Stop(at: 1_000) } })
        }
        // The writer failed in batch 11; the reader could fill at most the queue and one batch more before it stopped.
        #expect(read.n <= 1_100 + 100 * 3 + 100)
    }

    final class Counter: @unchecked Sendable { var n = 0 }
}
