# Airlock — build, run and test.
#
#   make run     build and start Airlock on the embedded defaults (ARGS="…" passes arguments)
#   make test    install what the tests need, build, and run every test

SWIFT ?= swift
ARGS ?=

.PHONY: all build run test deps clean

all: build

deps:
	@scripts/install-dependencies.sh

build: deps
	$(SWIFT) build

run: build
	@$(SWIFT) run --skip-build airlock $(ARGS)

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

clean:
	$(SWIFT) package clean
