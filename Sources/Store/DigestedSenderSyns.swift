import BotCensusCore

/// Reduces one address's SYNs to what the analysis keeps of them (`CaseStore.addressRecords(digesting:)`), so a
/// case's analysis holds its addresses rather than every SYN.
public protocol SenderSynDigester: Sendable {
    associatedtype Digest: Sendable
    /// Once, before any digest: every stack, hop distance and trap the SYNs show (a case has a few hundred stacks
    /// for 800,000 SYNs, so what is made per stack is made here, once).
    mutating func prepare(stacks: [SynStack], hosts: [(stack: SynStack, distance: Int?)], traps: [IPAddress])
    /// One address's SYNs, in row order. Called on every core at once.
    func digest(_ syns: [SenderSynRecord]) -> Digest
}

/// Every SYN a spam event was joined to, read in row order (SQLite's fastest) into 32 bytes each, then grouped
/// by address (a counting sort, which keeps row order within one) and handed to a digester an address at a
/// time on every core. Only the digests outlive the read: reading the SYNs into per-address records kept
/// about 160 bytes per SYN until the analysis ended (issue 15: memory grew with the messages).
struct DigestedSenderSyns<D: SenderSynDigester> {
    /// Digests by address ordinal (the order the addresses' first SYNs came in).
    private let digests: [D.Digest]
    private let ordinal: [IPAddress: Int]

    /// One SYN, its stack, trap and address as indices into the read's tables.
    private struct Row {
        var time: Double
        var address: UInt32
        var stack: UInt32
        var ipID: Int32          // -1: none
        var tsVal: UInt32
        var distance: Int16      // Int16.min: unknown (hop distances are 0–255)
        var trap: UInt16         // 0: none; else traps[trap - 1]
        var sport: UInt16
        var hasTSVal: Bool
    }

    init(_ q: CaseQuery, digester: D) throws {
        var stacks = SynStackTable()
        var stackIndex: [SynStack: UInt32] = [:], stackList: [SynStack] = []
        var trapIndex: [IPAddress: UInt16] = [:], trapList: [IPAddress] = []
        var ordinal: [IPAddress: Int] = [:]
        var rows: [Row] = []
        var hostPairs = Set<HostPair>()
        try q.eachSenderSyn(stacks: &stacks) { id, ip, syn in
            let address = ordinal[ip] ?? { ordinal[ip] = ordinal.count; return ordinal.count - 1 }()
            let stack = stackIndex[syn.stack] ?? {
                stackIndex[syn.stack] = UInt32(stackList.count); stackList.append(syn.stack); return UInt32(stackList.count - 1)
            }()
            var trap: UInt16 = 0
            if let dst = syn.dst {
                if let known = trapIndex[dst] { trap = known } else {
                    guard trapList.count < Int(UInt16.max) - 1 else { throw CaseStore.CorruptRow(table: "syns", id: id, reason: "more than 65,000 traps") }
                    trapList.append(dst); trap = UInt16(trapList.count); trapIndex[dst] = trap
                }
            }
            let distance = syn.distance.map { Int16(clamping: $0) } ?? Int16.min
            hostPairs.insert(HostPair(stack: stack, distance: distance))
            rows.append(Row(time: syn.time, address: UInt32(address), stack: stack, ipID: syn.ipID.map { Int32(clamping: $0) } ?? -1,
                            tsVal: syn.tsVal ?? 0, distance: distance, trap: trap, sport: UInt16(clamping: syn.sport), hasTSVal: syn.tsVal != nil))
        }
        // Grouped by address, row order kept within each (counting sort).
        var start = [Int](repeating: 0, count: ordinal.count + 1)
        for r in rows { start[Int(r.address) + 1] += 1 }
        for a in 0..<ordinal.count { start[a + 1] += start[a] }
        var place = start
        var order = [UInt32](repeating: 0, count: rows.count)
        for (i, r) in rows.enumerated() { order[place[Int(r.address)]] = UInt32(i); place[Int(r.address)] += 1 }

        var digester = digester
        digester.prepare(stacks: stackList,
                         hosts: hostPairs.sorted { ($0.stack, $0.distance) < ($1.stack, $1.distance) }
                            .map { (stackList[Int($0.stack)], $0.distance == Int16.min ? nil : Int($0.distance)) },
                         traps: trapList)
        let prepared = digester
        let table = (rows: rows, order: order, start: start, stacks: stackList, traps: trapList)
        digests = Array(0..<ordinal.count).parallelMap { a in
            let records = (table.start[a]..<table.start[a + 1]).map { k -> SenderSynRecord in
                let r = table.rows[Int(table.order[k])]
                return SenderSynRecord(time: r.time, sport: Int(r.sport), dst: r.trap == 0 ? nil : table.traps[Int(r.trap) - 1],
                                       distance: r.distance == Int16.min ? nil : Int(r.distance), ipID: r.ipID < 0 ? nil : Int(r.ipID),
                                       tsVal: r.hasTSVal ? r.tsVal : nil, stack: table.stacks[Int(r.stack)])
            }
            return prepared.digest(records)
        }
        self.ordinal = ordinal
    }

    private struct HostPair: Hashable { var stack: UInt32; var distance: Int16 }

    /// The digests of these addresses' SYNs (nil: it has none).
    func digests(of ips: [IPAddress]) -> [D.Digest?] {
        ips.map { ip in ordinal[ip].map { digests[$0] } }
    }
}
