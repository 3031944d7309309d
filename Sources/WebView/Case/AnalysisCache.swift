import Foundation
import Store
import Synchronization
import Workflow

/// The newest snapshot, keyed by the case state (`CaseAnalysis.state()`: imports, the last row of each
/// evidence table, the settings). A request whose state matches takes it; one after a write — an import,
/// the trap's next message, the prober's next observation — reads or computes the analysis again. The lock is
/// held while computing, so concurrent requests after a write wait for one analysis instead of each running one.
final class AnalysisCache: Sendable {
    private let current = Mutex<CaseSnapshot?>(nil)

    func snapshot(of store: CaseStore) throws -> CaseSnapshot {
        try current.withLock { cached in
            let analysis = CaseAnalysis(store: store)
            let state = try analysis.state()
            if let cached, cached.state == state { return cached }
            let started = Date()
            let result = try analysis.censusWithoutStoring()
            let snapshot = CaseSnapshot(state: state, verdicts: result.verdicts, census: result.census, stored: result.stored,
                                        milliseconds: Int(Date().timeIntervalSince(started) * 1000))
            cached = snapshot
            return snapshot
        }
    }
}
