import BotCensusCore
import Foundation
import Fingerprint
import Ingest
import Store

/// `botcensus import`: streams evidence files into the case, one transaction per file, fingerprints what
/// answered as it arrives, then joins spam events to SYNs.
public struct CaseImporter {
    public struct Options: Sendable {
        public var format: String?
        public var importOptions: ImportOptions
        public var strict: Bool
        /// Seconds either side of a spam event within which a SYN of the same address joins it.
        public var joinWindow: Double
        /// A status line on stderr while a file imports (when stderr is a terminal).
        public var showProgress: Bool
        /// Join spam events to SYNs after each file. Off, the caller joins once after the last (`joinSyns()`),
        /// so every capture it names is in before an event is joined and the files' order changes nothing: a
        /// trap's log read before its own capture joined its events for good to another trap's SYNs of the
        /// same address (proof world-05: 628 of 16,564 events; 58, the events with no SYN of their own trap,
        /// when joined once).
        public var joinEachFile: Bool
        /// PostgreSQL: each event gets its SYN as its file's rows go into the case, instead of every event being
        /// written a second time by the join after the last file (ThingBot: 22 of the import's 57 s). Only right
        /// when every SYN is in before the first event: the files in `synsFirst` order. SQLite joins after either way.
        public var joinAsWritten: Bool
        public init(format: String? = nil, importOptions: ImportOptions = ImportOptions(), strict: Bool = false, joinWindow: Double = 120,
                    showProgress: Bool = false, joinEachFile: Bool = true, joinAsWritten: Bool = false) {
            self.format = format; self.importOptions = importOptions; self.strict = strict; self.joinWindow = joinWindow
            self.showProgress = showProgress; self.joinEachFile = joinEachFile; self.joinAsWritten = joinAsWritten
        }
    }

    public struct FileResult: Sendable {
        public var path: String
        public var format: String
        public var lines: Int
        public var records: Int
        public var inserted: Int
        public var ignored: Int
        public var badLines: Int
        public var alreadyImported: Bool

        /// `FILE: FORMAT: N lines, R records (I new), X ignored, B bad`, as `import` prints it.
        public var summaryLine: String {
            "\(path): \(format): \(lines) \(EvidenceFormats.unitName(format)), \(records) records (\(inserted) new), \(ignored) ignored, \(badLines) bad"
        }
    }

    public let store: CaseStore
    private let identifiers: LazyIdentifier
    public var options: Options

    public init(store: CaseStore, identifier: Identifier, options: Options) {
        self.init(store: store, options: options) { identifier }
    }

    /// Databases are loaded only when the first observation needs them: Nmap's probes take ~400 MB and
    /// a second, and a log or capture import needs none.
    public init(store: CaseStore, options: Options, loadIdentifier: @escaping () throws -> Identifier) {
        self.store = store
        self.identifiers = LazyIdentifier(loadIdentifier)
        self.options = options
    }

    /// A file of which not one line or unit could be read: the wrong format, named or detected.
    public struct NothingReadable: Error, CustomStringConvertible {
        public var path: String
        public var format: String
        public var badLines: Int
        public var first: String
        public var description: String {
            "\(path): nothing in it reads as \(format) (\(badLines) bad \(EvidenceFormats.unitName(format)); first: \(first)); is it a \(format) file?"
        }
    }

    /// Bad lines of one file printed before the rest are only counted (a wrong file must not flood the terminal).
    public static let shownBadLines = 20

    /// Imports one file. Bad lines go to `warn` (or end the import in strict mode, leaving the case as it was).
    public func importFile(_ path: String, warn: (String) -> Void) throws -> FileResult {
        var summary = ImportDriver.Summary(format: "")
        do {
            let inserted = try withoutActuallyEscaping(warn) { warn in
                try read(path, summary: &summary, warn: warn) { body in
                    try store.importFile(path: path, joinWindow: options.joinAsWritten ? options.joinWindow : nil, body)
                }
            }
            return try imported(path, summary, inserted: inserted)
        } catch let already as CaseStore.AlreadyImported {
            warn(already.description)
            return Self.alreadyImported(path, summary)
        }
    }

    private static func alreadyImported(_ path: String, _ summary: ImportDriver.Summary) -> FileResult {
        FileResult(path: path, format: summary.format, lines: summary.lines, records: summary.records,
                   inserted: 0, ignored: summary.ignored, badLines: summary.badLines, alreadyImported: true)
    }

    /// After a file's rows are in the case.
    private func imported(_ path: String, _ summary: ImportDriver.Summary, inserted: Int) throws -> FileResult {
        if options.joinEachFile { _ = try store.joinSyns(window: options.joinWindow) }
        return FileResult(path: path, format: summary.format, lines: summary.lines, records: summary.records,
                          inserted: inserted, ignored: summary.ignored, badLines: summary.badLines, alreadyImported: false)
    }

    /// Reads the file at `path` through `load`, the store's import of it (whole, or staged to be merged later),
    /// which calls its body with the import's writer; `summary` holds what was read even when `load` throws.
    private func read<T>(_ path: String, summary: inout ImportDriver.Summary, warn: @escaping (String) -> Void,
                         load: ((ImportWriter) throws -> CaseStore.ImportCounts) throws -> T) throws -> T {
        var importOptions = options.importOptions
        let progress = options.showProgress ? TerminalProgress(label: path, totalBytes: CaseStore.fileSize(path)) : nil
        defer { progress?.finish() }
        if let progress { importOptions.bytesRead = { progress.bytes($0) } }
        var driver = try ImportDriver(path: path, formatName: options.format, options: importOptions, strict: options.strict)
        summary = ImportDriver.Summary(format: driver.format.name)
        if driver.format is PcapCaptureFormat.Type { driver.options.synLabeler = Self.p0fLabeler(warn: warn) }
        // Bad lines wait until a first record is read: a file of which nothing reads gets one line, not a flood.
        var shown = 0
        var held: [String] = []
        var firstBad: String?
        var accepted = false
        func report(_ bad: ImportDriver.BadLine) {
            if firstBad == nil { firstBad = bad.description }
            shown += 1
            guard shown <= Self.shownBadLines else { return }
            if accepted { warn(bad.description) } else { held.append(bad.description) }
        }
        func accept() {
            accepted = true
            for line in held { warn(line) }
            held = []
        }
        return try load { writer in
            // The file is read (and what answered fingerprinted) on a second thread while this one writes.
            summary = try ReadWritePipe.run(read: { emit in
                try driver.run(report: report) { evidence in
                    progress?.record()
                    if !accepted { accept() }
                    if case .observation(let o) = evidence {
                        try emit(Fingerprinted(evidence: evidence, identity: identifiers.get().identify(o)))
                    } else {
                        try emit(Fingerprinted(evidence: evidence, identity: nil))
                    }
                }
            }, write: { record in
                switch record.evidence {
                case .event(let e): try writer.insert(e)
                case .syn(let s): try writer.insert(s)
                case .observation(let o): try writer.insert(o, identity: record.identity)
                case .clock(let c): try writer.insert(c)
                }
            })
            if summary.records == 0 && summary.badLines > 0 {
                throw NothingReadable(path: path, format: summary.format, badLines: summary.badLines, first: firstBad ?? "")
            }
            accept()
            if summary.badLines > Self.shownBadLines {
                warn("\(path): \(summary.badLines - Self.shownBadLines) more bad lines not shown (\(summary.badLines) in all)")
            }
            return CaseStore.ImportCounts(format: summary.format, lines: summary.lines, records: summary.records,
                                          badLines: summary.badLines, sha256: summary.sha256)
        }
    }

    /// Imports `paths` in order, each as `importFile` does, and hands each file's result to `each`, in order, on
    /// the calling thread. On PostgreSQL the next file is read and staged on a second connection while the one
    /// before it merges, which the server does alone: one file's reading overlaps another's merge, never two
    /// merges (each file's merge sees the files before it, as one after the other would).
    public func importFiles(_ paths: [String], warn: @escaping (String) -> Void, each: (String, Result<FileResult, any Error>) -> Void) {
        guard paths.count > 1, let lanes = try? store.importLanes() else {
            for path in paths { each(path, Result { try importFile(path, warn: warn) }) }
            return
        }
        let window = options.joinAsWritten ? options.joinWindow : nil
        func stage(_ k: Int) -> BackgroundWork<(CaseStore.StagedImport, ImportDriver.Summary)> {
            BackgroundWork {
                var summary = ImportDriver.Summary(format: "")
                let staged = try read(paths[k], summary: &summary, warn: warn) { body in
                    try store.stageImport(path: paths[k], on: lanes[k % lanes.count], joinWindow: window, body)
                }
                return (staged, summary)
            }
        }
        var next: BackgroundWork<(CaseStore.StagedImport, ImportDriver.Summary)>? = stage(0)
        for k in paths.indices {
            let staged = next!.wait()
            // The next file's lane is free: its last import was merged in the previous round.
            next = k + 1 < paths.count ? stage(k + 1) : nil
            each(paths[k], Result {
                let (pending, summary) = try staged.get()
                do {
                    return try imported(paths[k], summary, inserted: try store.finishImport(pending))
                } catch let already as CaseStore.AlreadyImported {
                    warn(already.description)
                    return Self.alreadyImported(paths[k], summary)
                }
            })
        }
    }

    /// `files` with those whose format carries SYNs first, each group in the order given: the order in which
    /// `joinAsWritten` is right. A file whose format cannot be told stays with the rest (its import says why).
    public static func synsFirst(_ files: [String], format: String?) -> [String] {
        let carriesSyns = files.map {
            (try? ImportDriver(path: $0, formatName: format, options: ImportOptions(), strict: false))?.format.carriesSyns ?? false
        }
        return zip(files, carriesSyns).filter { $0.1 }.map(\.0) + zip(files, carriesSyns).filter { !$0.1 }.map(\.0)
    }

    /// Joins every event without a SYN to the nearest SYN of its address (after files imported with
    /// `joinEachFile` off). Returns how many events hold a SYN.
    @discardableResult
    public func joinSyns() throws -> Int {
        try store.joinSyns(window: options.joinWindow)
    }

    /// SYNs read from captures get p0f's label, distance and params, as a p0f log of the same traffic would
    /// give them, when Debian's p0f.fp is installed (botcensus reads it at run time and never ships it).
    public static func p0fLabeler(warn: (String) -> Void, path: String = P0fDatabase.defaultPath) -> SynLabeler? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let matcher: P0fSynMatcher
        do {
            matcher = P0fSynMatcher(database: try P0fDatabase(contentsOf: path))
        } catch {
            warn("\(error); capture SYNs are imported without p0f labels")
            return nil
        }
        return SynLabeler { segment in
            let m = matcher.match(segment)
            // As the p0f log importer reads p0f's lines: tools are `app=` (no os label); a random-TTL tool's
            // `dist=<= N` is only a bound, so the raw_sig's own guess stands.
            let guess = m.observed.guessedDistance
            let distance = m.record?.signature.randomTTL == true ? (guess > P0fNotation.maxDistance ? nil : guess) : m.distance
            return SynLabel(osLabel: m.labelIsApplication ? nil : m.label, distance: distance, params: m.params)
        }
    }
}

/// A record as read, with what it answered identified as (observations only).
struct Fingerprinted {
    var evidence: Evidence
    var identity: DeviceIdentity?
}

/// An `Identifier` built on first use (by the one thread that reads a file).
final class LazyIdentifier {
    private let load: () throws -> Identifier
    private var value: Identifier?
    init(_ load: @escaping () throws -> Identifier) { self.load = load }
    func get() throws -> Identifier {
        if let value { return value }
        let loaded = try load()
        value = loaded
        return loaded
    }
}
