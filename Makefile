# The two commands: `make run` and `make test`. Both install what is missing first.
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := libedit-dev libsqlite3-dev pkg-config tmux

.PHONY: run test deps build release bench clean

deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing:$$missing"; \
	    $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $$missing >/dev/null || { echo "Could not install$$missing; install them yourself (apt-get install$$missing) and run make again."; exit 1; }; \
	  else echo "Please install:$$missing (libedit and SQLite development files), then run make again."; exit 1; fi; \
	fi
	@command -v $(SWIFT) >/dev/null 2>&1 || { echo "Swift 6 is needed: see https://www.swift.org/install/ and run make again."; exit 1; }

release: deps
	$(SWIFT) build -c release --static-swift-stdlib --product momentum
	@! ldd .build/release/momentum 2>/dev/null | grep -q 'libswift\|libFoundation' || { echo "momentum links the Swift runtime dynamically; it should be static (--static-swift-stdlib)."; exit 1; }

build: deps
	$(SWIFT) build

run: release
	.build/release/momentum

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	.build/debug/momentum rules test
	.build/debug/momentum rules lint
	.build/debug/momentum replay transcripts
	.build/debug/momentum-bench --smoke

# The peers it compares with, installed where this machine can: Taskwarrior and tasksh (apt), jrnl (pip).
bench: release
	-@command -v task >/dev/null 2>&1 && command -v tasksh >/dev/null 2>&1 || { command -v apt-get >/dev/null 2>&1 && $(SUDO) apt-get install -y -qq taskwarrior tasksh >/dev/null; } || echo "Taskwarrior/tasksh not installed: their columns stay empty."
	-@command -v jrnl >/dev/null 2>&1 || { command -v pip3 >/dev/null 2>&1 && pip3 install --quiet --user jrnl; } || echo "jrnl not installed: its column stays empty."
	$(SWIFT) build -c release --static-swift-stdlib --product momentum-bench
	PATH="$$PATH:$$HOME/.local/bin" .build/release/momentum-bench --write docs/BENCHMARKS.md

clean:
	rm -rf .build
