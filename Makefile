# The two commands of README.md: `make demo` and `make test`. Each does all the set-up it needs.
SWIFT ?= swift

.PHONY: setup build demo test bench bench-ingest bench-analysis clean-case

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

clean-case:
	rm -f botcensus.db botcensus.db-wal botcensus.db-shm botcensus-demo.db botcensus-demo.db-wal botcensus-demo.db-shm
