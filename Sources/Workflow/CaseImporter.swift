import BotCensusCore
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
        public init(format: String? = nil, importOptions: ImportOptions = ImportOptions(), strict: Bool = false, joinWindow: Double = 120) {
            self.format = format; self.importOptions = importOptions; self.strict = strict; self.joinWindow = joinWindow
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
    }

    public let store: CaseStore
    public let identifier: Identifier
    public var options: Options

    public init(store: CaseStore, identifier: Identifier, options: Options) {
        self.store = store
        self.identifier = identifier
        self.options = options
    }

    /// Imports one file. Bad lines go to `warn` (or end the import in strict mode, leaving the case as it was).
    public func importFile(_ path: String, warn: (String) -> Void) throws -> FileResult {
        let driver = try ImportDriver(path: path, formatName: options.format, options: options.importOptions, strict: options.strict)
        var summary = ImportDriver.Summary(format: driver.format.name)
        do {
            let inserted = try store.importFile(path: path) { writer in
                summary = try driver.run(report: { warn($0.description) }) { evidence in
                    switch evidence {
                    case .event(let e): try writer.insert(e)
                    case .syn(let s): try writer.insert(s)
                    case .observation(let o): try writer.insert(o, identity: identifier.identify(o))
                    case .clock(let c): try writer.insert(c)
                    }
                }
                return CaseStore.ImportCounts(format: summary.format, lines: summary.lines, records: summary.records,
                                              badLines: summary.badLines, sha256: summary.sha256)
            }
            _ = try store.joinSyns(window: options.joinWindow)
            return FileResult(path: path, format: summary.format, lines: summary.lines, records: summary.records,
                              inserted: inserted, ignored: summary.ignored, badLines: summary.badLines, alreadyImported: false)
        } catch let already as CaseStore.AlreadyImported {
            warn(already.description)
            return FileResult(path: path, format: summary.format, lines: summary.lines, records: summary.records,
                              inserted: 0, ignored: summary.ignored, badLines: summary.badLines, alreadyImported: true)
        }
    }
}
