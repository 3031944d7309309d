import Foundation

/// Work started on a thread of its own whose result the starter waits for: the next file of an import read
/// while the one before it merges (`CaseImporter.importFiles`). The starter always waits (`wait`) before it
/// lets go of what the work uses.
final class BackgroundWork<T>: @unchecked Sendable {
    private var result: Result<T, any Error>?
    private var work: (() throws -> T)?
    private let done = DispatchSemaphore(value: 0)

    init(_ work: @escaping () throws -> T) {
        self.work = work
        let thread = Thread { [self] in
            result = Result { try self.work!() }
            self.work = nil
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    func wait() -> Result<T, any Error> {
        done.wait()
        done.signal()    // a second wait returns at once
        return result!
    }
}
