import Analysis
import BotCensusCore
import Foundation
import Store

/// `evaluate`: a case's verdicts and census against the ground truth of the world that made its evidence
/// (truth.json, docs/TRUTH.md). The metrics are pure code in Analysis/Evaluation.
public struct CaseEvaluation {
    public let store: CaseStore

    public init(store: CaseStore) { self.store = store }

    /// A truth file that cannot be used: `path: reason`.
    public struct TruthFileError: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "\(path): \(reason)" }
    }

    /// Reads and checks truth.json.
    public static func readTruth(path: String) throws -> TruthWorld {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot read the file" : "no such file"
            throw TruthFileError(path: path, reason: reason)
        }
        return try decodeTruth(data, path: path)
    }

    public static func decodeTruth(_ data: Data, path: String) throws -> TruthWorld {
        let truth: TruthWorld
        do { truth = try JSONDecoder().decode(TruthWorld.self, from: data) } catch let error as DecodingError {
            throw TruthFileError(path: path, reason: describe(error))
        } catch {
            throw TruthFileError(path: path, reason: "not a truth file: \(error)")
        }
        if let problem = truth.problem() { throw TruthFileError(path: path, reason: problem) }
        return truth
    }

    /// Attributes the case (replacing its verdicts, as `attribute` does), takes its census and scores both.
    public func evaluate(truth: TruthWorld) throws -> Evaluation {
        let analysis = CaseAnalysis(store: store)
        let (verdicts, census) = try analysis.census()
        return Evaluation.evaluate(verdicts: verdicts, census: census, truth: truth)
    }

    static func describe(_ error: DecodingError) -> String {
        func at(_ path: [CodingKey]) -> String {
            guard !path.isEmpty else { return "" }
            let text = path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return " at " + (text.hasPrefix(".") ? String(text.dropFirst()) : text)
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing key '\(key.stringValue)'\(at(context.codingPath))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "wrong type\(at(context.codingPath)): \(context.debugDescription)"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not valid JSON" : "bad value\(at(context.codingPath)): \(context.debugDescription)"
        @unknown default: return "not a truth file"
        }
    }
}
