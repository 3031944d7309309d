# The two commands of README.md: `make demo` and `make test`. Each does all the set-up it needs.
SWIFT ?= swift

.PHONY: setup build demo test bench bench-ingest bench-analysis bench-postgres bench-scale bench-identify bench-case bench-trap bench-probe install clean-case

setup:
	@bash scripts/setup.sh

build: setup
	$(SWIFT) build

demo: build
	$(SWIFT) run --skip-build botcensus demo --case ./botcensus-demo.db

test: setup
	python3 scripts/check-signatures.py
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# Benchmarks print tables (never timed assertions): fingerprint engines and the literal prefilter.
bench: setup
	$(SWIFT) build -c release --product botcensus-bench
	.build/release/botcensus-bench ../shared/recog/xml

# Evidence parsing beside mawk and tcpdump on the same generated files (a 2 GiB Postfix log and a
# 1-million-packet pcap, kept in BENCH_DIR and reused), and the import's peak memory.
BENCH_DIR ?= /tmp/botcensus-bench
bench-ingest: setup
	$(SWIFT) build -c release --product botcensus-bench
	$(SWIFT) build -c release --product botcensus
	.build/release/botcensus-bench ingest $(BENCH_DIR)

# Attribute + census on the reduced-scale ThingBot world (~1.65 M spam events, ~100 k addresses), built
# once in BENCH_DIR; time and peak memory beside the 2014 method's count by the sqlite3 shell.
bench-analysis: setup
	$(SWIFT) build -c release --product botcensus-bench
	$(SWIFT) build -c release --product botcensus
	.build/release/botcensus-bench analysis $(BENCH_DIR)

# `import` and `census` on the same ThingBot world into a new SQLite case and a new database of a PostgreSQL
# server of the benchmark's own (root: the server runs as Debian's postgres user), beside psql's \copy of the
# same events and each shell's distinct-address count; the world is built once in BENCH_DIR.
bench-postgres: setup
	$(SWIFT) build -c release --product botcensus-bench
	$(SWIFT) build -c release --product botcensus
	.build/release/botcensus-bench postgres $(BENCH_DIR)

# `import` and `census --recompute --stage-times` on the ThingBot world at 1x, 3x and 10x its households (SCALE_FACTORS),
# into SQLite and, for SCALE_POSTGRES's factors, into PostgreSQL (root, as bench-postgres); worlds built once in BENCH_DIR.
SCALE_FACTORS ?= 1,3,10
SCALE_POSTGRES ?= 1,3
bench-scale: setup
	$(SWIFT) build -c release --product botcensus-bench
	$(SWIFT) build -c release --product botcensus
	.build/release/botcensus-bench scale $(BENCH_DIR) --factors $(SCALE_FACTORS) --postgres $(SCALE_POSTGRES)

# `identify` as users run it (release binary, child processes): Recog http_servers banners on stdin beside
# Recog's Ruby matcher (when ruby, ruby-nokogiri and a recog-ruby checkout in RECOG_RUBY are there), and a
# 500,000-SYN capture beside `p0f -r`; inputs generated once in BENCH_DIR.
bench-identify: setup
	$(SWIFT) build -c release --product botcensus-bench
	$(SWIFT) build -c release --product botcensus
	.build/release/botcensus-bench identify $(BENCH_DIR) --recog ../shared/recog/xml

# `import` and `export events` as users run them on a 700,000-connection Postfix log (bursts of concurrent
# sessions from one address), beside `sqlite3 -json` on the same case; the log is generated once in BENCH_DIR.
bench-case: setup
	$(SWIFT) build -c release --product botcensus-bench
	$(SWIFT) build -c release --product botcensus
	.build/release/botcensus-bench case $(BENCH_DIR)

# `botcensus trap` (release; fsync and a case row before every 250) beside Postfix's smtp-sink (keeps nothing)
# under the same smtp-source load, a new connection per message; accept latency sampled during the load.
bench-trap: setup
	$(SWIFT) build -c release --product botcensus-bench
	$(SWIFT) build -c release --product botcensus
	.build/release/botcensus-bench trap $(BENCH_DIR)

bench-probe: setup
	$(SWIFT) build -c release --product botcensus-bench
	$(SWIFT) build -c release --product botcensus
	.build/release/botcensus-bench probe $(BENCH_DIR)

# The release binary on PATH: `make install` (PREFIX=/usr/local), or `make install PREFIX=$HOME/.local`.
# Use it (not the debug build of `make demo`) on real data: the release build is several times faster.
PREFIX ?= /usr/local
install: setup
	$(SWIFT) build -c release --product botcensus
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 .build/release/botcensus $(DESTDIR)$(PREFIX)/bin/botcensus
	@# Signatures and demo evidence travel as resource bundles beside the binary.
	@for r in .build/release/*.resources; do if [ -e "$$r" ]; then cp -R "$$r" $(DESTDIR)$(PREFIX)/bin/; fi; done; \
	echo "installed $(DESTDIR)$(PREFIX)/bin/botcensus"

clean-case:
	rm -f botcensus.db botcensus.db-wal botcensus.db-shm botcensus-demo.db botcensus-demo.db-wal botcensus-demo.db-shm
