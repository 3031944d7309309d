import GRDB

/// Versioned schema of the case store. A migration is never edited once released: add a new one.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: evidence, identities, verdicts") { db in
            try db.execute(sql: """
                CREATE TABLE imports (
                    id INTEGER PRIMARY KEY,
                    path TEXT NOT NULL,
                    sha256 TEXT NOT NULL UNIQUE,
                    format TEXT NOT NULL,
                    imported_at REAL NOT NULL,
                    lines INTEGER NOT NULL,
                    records INTEGER NOT NULL,
                    inserted INTEGER NOT NULL,
                    bad_lines INTEGER NOT NULL
                );
                CREATE TABLE syns (
                    id INTEGER PRIMARY KEY,
                    ip TEXT NOT NULL,
                    sport INTEGER NOT NULL,
                    dst TEXT,
                    dport INTEGER,
                    time REAL NOT NULL,
                    os_label TEXT,
                    dist INTEGER,
                    params TEXT,
                    raw_sig TEXT NOT NULL,
                    import_id INTEGER NOT NULL REFERENCES imports(id),
                    line INTEGER NOT NULL,
                    UNIQUE (ip, sport, time, raw_sig)
                );
                CREATE INDEX syns_by_ip_time ON syns(ip, time);
                -- `ordinal` tells apart identical lines of one file (two connections in one second) while
                -- the same line in an overlapping file (a rotated log) is recognised and not added again.
                CREATE TABLE events (
                    id INTEGER PRIMARY KEY,
                    ip TEXT NOT NULL,
                    time REAL NOT NULL,
                    kind TEXT NOT NULL,
                    queue_id TEXT NOT NULL DEFAULT '',
                    ordinal INTEGER NOT NULL DEFAULT 0,
                    hostname TEXT,
                    helo TEXT,
                    campaign TEXT,
                    syn_id INTEGER REFERENCES syns(id),
                    import_id INTEGER NOT NULL REFERENCES imports(id),
                    line INTEGER NOT NULL,
                    UNIQUE (ip, time, kind, queue_id, ordinal)
                );
                CREATE INDEX events_by_ip ON events(ip, time);
                CREATE TABLE observations (
                    id INTEGER PRIMARY KEY,
                    ip TEXT NOT NULL,
                    port INTEGER NOT NULL,
                    time REAL NOT NULL,
                    protocol TEXT NOT NULL,
                    fields TEXT NOT NULL,
                    import_id INTEGER NOT NULL REFERENCES imports(id),
                    line INTEGER NOT NULL,
                    UNIQUE (ip, port, time, protocol)
                );
                CREATE INDEX observations_by_ip ON observations(ip);
                CREATE TABLE identities (
                    observation_id INTEGER PRIMARY KEY REFERENCES observations(id) ON DELETE CASCADE,
                    class TEXT NOT NULL,
                    vendor TEXT,
                    product TEXT,
                    version TEXT,
                    os TEXT NOT NULL,
                    signature TEXT NOT NULL,
                    database TEXT NOT NULL,
                    field TEXT NOT NULL
                );
                CREATE TABLE verdicts (
                    ip TEXT PRIMARY KEY,
                    verdict TEXT NOT NULL,
                    naive_class TEXT NOT NULL,
                    sender_class TEXT NOT NULL,
                    confidence REAL NOT NULL,
                    json TEXT NOT NULL,
                    computed_at REAL NOT NULL
                );
                """)
        }
        migrator.registerMigration("v2: raw-mail facts, packet facts, TCP clock samples") { db in
            try db.execute(sql: """
                ALTER TABLE events ADD COLUMN message_id TEXT;
                ALTER TABLE events ADD COLUMN subject TEXT;
                ALTER TABLE events ADD COLUMN mailer TEXT;
                ALTER TABLE events ADD COLUMN sent_at REAL;
                CREATE INDEX events_by_campaign ON events(campaign);
                ALTER TABLE syns ADD COLUMN ipid INTEGER;
                ALTER TABLE syns ADD COLUMN ts_val INTEGER;
                CREATE TABLE tcp_clock (
                    id INTEGER PRIMARY KEY,
                    ip TEXT NOT NULL,
                    sport INTEGER NOT NULL,
                    dst TEXT NOT NULL,
                    dport INTEGER NOT NULL,
                    time REAL NOT NULL,
                    ts_val INTEGER NOT NULL,
                    import_id INTEGER NOT NULL REFERENCES imports(id),
                    UNIQUE (ip, sport, dst, dport, time, ts_val)
                );
                CREATE INDEX tcp_clock_by_ip ON tcp_clock(ip, time);
                """)
        }
        // Two connections from one address in one second, handled by different smtpd processes, are two events:
        // the identity of an event now holds the session (the process or client port the log names). It is kept
        // as one 64-bit key (`EventKey`, a stable hash of ip, time, kind, queue id, session and ordinal; a
        // collision is detected and probed past on insert) under a UNIQUE index: a B-tree of integers instead of
        // long text keys makes import several times less index work. Nothing reads events by (ip, time) through
        // an index (the SYN join probes `syns`), so that index goes too.
        migrator.registerMigration("v3: session in the event key") { db in
            try db.execute(sql: """
                CREATE TABLE events_v3 (
                    id INTEGER PRIMARY KEY,
                    dedup INTEGER NOT NULL UNIQUE,
                    ip TEXT NOT NULL,
                    time REAL NOT NULL,
                    kind TEXT NOT NULL,
                    queue_id TEXT NOT NULL DEFAULT '',
                    session TEXT NOT NULL DEFAULT '',
                    ordinal INTEGER NOT NULL DEFAULT 0,
                    hostname TEXT,
                    helo TEXT,
                    campaign TEXT,
                    syn_id INTEGER REFERENCES syns(id),
                    import_id INTEGER NOT NULL REFERENCES imports(id),
                    line INTEGER NOT NULL,
                    message_id TEXT,
                    subject TEXT,
                    mailer TEXT,
                    sent_at REAL
                );
                """)
            // Events of a case written by v1/v2 get their key computed here, as the importer computes it.
            let old = try Row.fetchCursor(db, sql: """
                SELECT id, ip, time, kind, queue_id, ordinal, hostname, helo, campaign, syn_id, import_id, line,
                       message_id, subject, mailer, sent_at FROM events ORDER BY id
                """)
            let insert = try db.makeStatement(sql: """
                INSERT OR IGNORE INTO events_v3 (id, dedup, ip, time, kind, queue_id, session, ordinal, hostname, helo, campaign, syn_id,
                                       import_id, line, message_id, subject, mailer, sent_at)
                VALUES (?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            while let r = try old.next() {
                var key = EventKey(ip: r["ip"], time: r["time"], kind: r["kind"], queue: r["queue_id"], session: "", ordinal: r["ordinal"])
                // The old rows were unique by their fields, so a taken key is a collision: probe on.
                repeat {
                    try insert.execute(arguments: [r["id"], key.value, r["ip"], r["time"], r["kind"], r["queue_id"], r["ordinal"],
                                                   r["hostname"], r["helo"], r["campaign"], r["syn_id"], r["import_id"], r["line"],
                                                   r["message_id"], r["subject"], r["mailer"], r["sent_at"]])
                    if db.changesCount == 1 { break }
                    key.probe()
                } while true
            }
            try db.execute(sql: """
                DROP TABLE events;
                ALTER TABLE events_v3 RENAME TO events;
                CREATE INDEX events_by_campaign ON events(campaign) WHERE campaign IS NOT NULL;
                """)
        }
        // One stored analysis per case state: attribute, census and evaluate read it instead of each
        // re-attributing; any import changes the state and so invalidates it.
        migrator.registerMigration("v4: stored analysis") { db in
            try db.execute(sql: """
                CREATE TABLE analysis (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    state TEXT NOT NULL,
                    census TEXT,
                    computed_at REAL NOT NULL
                );
                """)
        }
        // The trap writes into the case beside imports: its sessions (peer, HELO, TLS, AUTH attempts, the SYN
        // the kernel saved) and its messages (envelope, spool file). A message relayed by a trusted MTA and
        // the same message in that MTA's log carry one (queue id, client address): a partial unique index
        // makes it one event whichever comes first. Raw mail without a queue id keeps its Message-ID in
        // `queue_id` (equal to `message_id`), which says nothing about identity, so it stays outside.
        migrator.registerMigration("v5: trap sessions and messages; one event per MTA queue id") { db in
            try db.execute(sql: """
                DELETE FROM events WHERE kind = 'message' AND queue_id != '' AND message_id IS NOT queue_id
                    AND id NOT IN (SELECT min(id) FROM events WHERE kind = 'message' AND queue_id != ''
                                   AND message_id IS NOT queue_id GROUP BY queue_id, ip);
                CREATE UNIQUE INDEX events_one_per_queue_id ON events(queue_id, ip)
                    WHERE kind = 'message' AND queue_id != '' AND message_id IS NOT queue_id;
                CREATE TABLE trap_sessions (
                    id TEXT PRIMARY KEY,
                    trap TEXT NOT NULL,
                    import_id INTEGER NOT NULL REFERENCES imports(id),
                    ip TEXT NOT NULL,
                    port INTEGER NOT NULL,
                    local TEXT NOT NULL,
                    local_port INTEGER NOT NULL,
                    started REAL NOT NULL,
                    ended REAL,
                    helo TEXT,
                    tls TEXT,
                    auth TEXT,
                    syn_id INTEGER REFERENCES syns(id),
                    syn_status TEXT NOT NULL,
                    commands INTEGER NOT NULL DEFAULT 0,
                    messages INTEGER NOT NULL DEFAULT 0,
                    close_reason TEXT
                );
                CREATE INDEX trap_sessions_by_ip ON trap_sessions(ip, started);
                CREATE TABLE trap_messages (
                    event_id INTEGER PRIMARY KEY REFERENCES events(id),
                    queue_id TEXT NOT NULL UNIQUE,
                    session_id TEXT NOT NULL REFERENCES trap_sessions(id),
                    mail_from TEXT NOT NULL,
                    rcpt_to TEXT NOT NULL,
                    size INTEGER NOT NULL,
                    spool TEXT NOT NULL,
                    sha256 TEXT NOT NULL,
                    received REAL NOT NULL
                );
                CREATE INDEX trap_messages_by_session ON trap_messages(session_id);
                """)
        }
        // Small trapped messages share append-only segment files: the row names the segment and the offset of
        // the message's first byte (NULL for a message in a file of its own).
        migrator.registerMigration("v6: trap messages in spool segments") { db in
            try db.execute(sql: "ALTER TABLE trap_messages ADD COLUMN spool_offset INTEGER")
        }
        // v3 rebuilt the events table and dropped its index by address with the old table, so every read of one
        // address's events (the web view's timeline) scanned them all. Back, with the kind, so the analysis's
        // per-address counts read the index alone. PostgreSQL's schema has had it since v1.
        migrator.registerMigration("v7: events by address again") { db in
            try db.execute(sql: CaseStore.eventsByIP)     // the one text `bulkLoad` and an open build it again from
        }
        return migrator
    }
}
