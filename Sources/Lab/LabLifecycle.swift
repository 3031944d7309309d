import Fingerprint
import Foundation

/// Bringing a lab up and down as a whole, for `lab up`/`lab down` and `demo --live` alike: the network (not
/// for the reduced lab on loopback), the device UIs, and the planned truth; on any failure, what was started
/// is taken down again.
public enum LabLifecycle {
    /// `start`: when the lab's story begins (truth.json's start).
    public static func up(_ world: LabWorld, folder: String, start: Double) throws {
        do {
            if !world.loopback { try LabNetwork.up(world) }
            try LabDevices.start(world, texts: LabDevices.texts(world, database: try SignatureDatabase.builtIn()), folder: folder)
            try LabTruth.write(world, sent: nil, start: start, end: start + 3600, to: folder)
        } catch {
            down(loopback: world.loopback, folder: folder)
            throw error
        }
    }

    /// Ends the lab's processes and removes its namespaces; for the reduced lab, ends the device UIs `folder`
    /// names. Returns how many namespaces or UIs it ended.
    @discardableResult
    public static func down(loopback: Bool, folder: String?) -> Int {
        guard loopback else { return LabNetwork.down() }
        return folder.map { LabDevices.stop(folder: $0) } ?? 0
    }
}
