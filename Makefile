# Airlock — build, run and test.
#
#   make run     build and start Airlock on the embedded defaults (ARGS="…" passes arguments)
#   make test    install what the tests need, build, and run every test (with a throwaway
#                PostgreSQL server for the PostgreSQL tests)
#   make model   install the local model (the first time compiles llama.cpp, about 10 minutes)
#   make bench   run the benchmarks (Benchmarks/, release build) and print p50/p99/allocations
#   make peers   measure Airlock beside elia and oterm in tmux (installs them in a throwaway venv)
#   make reliability  crash, switch, full-disk, fuzzing and flood cases, bounded in time

SWIFT ?= swift
ARGS ?=

.PHONY: all build model run test deps clean bench peers reliability

all: build

deps:
	@scripts/install-dependencies.sh

build: deps
	$(SWIFT) build

model: build
	@$(SWIFT) run --skip-build airlock model setup

run: model
	@$(SWIFT) run --skip-build airlock $(ARGS)

test: deps model
	$(SWIFT) build --build-tests
	@scripts/with-postgres.sh $(SWIFT) test --skip-build

bench: deps
	@scripts/bench.sh

peers: deps
	@scripts/peers.sh

reliability: deps
	@scripts/reliability.sh

clean:
	$(SWIFT) package clean
