import Analysis
import BotCensusCore
import Store

/// The analysis for a reader that must not write the case (`serve` opens it read-only): the stored verdicts
/// and census when they are of the case as it is now, else the pipeline's result computed in memory and kept
/// nowhere. The reader caches by `state()`, the same stamp the stored analysis carries.
extension CaseAnalysis {
    /// The case state as the stored analysis is stamped with it: any import or trap write changes it.
    public func state() throws -> String { try store.caseState(settings: settings) }

    /// Verdicts and census of the case; `stored` says whether they were read back (else computed now).
    public func censusWithoutStoring() throws -> (verdicts: [Verdict], census: Census, stored: Bool) {
        if reuseStored, let stored = try store.storedAnalysis(state: try state()), let census = stored.census {
            return (stored.verdicts, census, true)
        }
        var computing = self
        computing.options.census = true
        let result = try computing.run()
        return (result.verdicts, result.census ?? CensusEstimator().estimate(result.verdicts), false)
    }
}
