# The two commands of README.md: `make demo` and `make test`. Each does all the set-up it needs.
SWIFT ?= swift

.PHONY: setup build demo test bench clean-case

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

clean-case:
	rm -f botcensus.db botcensus.db-wal botcensus.db-shm botcensus-demo.db botcensus-demo.db-wal botcensus-demo.db-shm
