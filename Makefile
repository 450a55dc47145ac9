# prodshape — the two commands that do everything: `make demo` and `make test`.
# Each target installs what this machine lacks (scripts/setup/*.sh).

GO        ?= go
BIN       := bin/prodshape
PKGS      := ./...
# Tests run with the race detector; -p 2 matches the 2-core machines CI uses.
TESTFLAGS ?= -race -p 2 -timeout 9m
BENCHTIME ?= 1s

.PHONY: all build setup test vet bench bench-ci fuzz demo clean

all: build

build:
	$(GO) build -o $(BIN) ./cmd/prodshape

# setup installs the independent checkers and servers the tests start:
# PostgreSQL server binaries, kcat, Chromium, the AWS CLI. Each script is
# idempotent and does nothing when the tool is present.
setup:
	@for s in scripts/setup/*.sh; do bash "$$s" || exit 1; done

# staticcheck is pinned so a new release's checks never fail an old commit.
STATICCHECK_VERSION := v0.8.2
STATICCHECK := $(shell $(GO) env GOPATH)/bin/staticcheck

$(STATICCHECK):
	$(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

vet: $(STATICCHECK)
	$(GO) vet $(PKGS)
	$(STATICCHECK) $(PKGS)
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

test: setup vet
	$(GO) test $(TESTFLAGS) $(PKGS)
	$(MAKE) --no-print-directory bench-ci

# bench prints every benchmark's figures, ours beside the naive baselines in
# the same run. Quote these numbers, never a timed test.
bench:
	$(GO) test -run '^$$' -bench . -benchmem -benchtime $(BENCHTIME) $(PKGS)

# bench-ci runs each benchmark once so they keep compiling and working.
bench-ci:
	$(GO) test -run '^$$' -bench . -benchtime 1x $(PKGS) > /dev/null

fuzz:
	$(GO) test -run '^$$' -fuzz FuzzParse -fuzztime 30s ./scenarios
	$(GO) test -run '^$$' -fuzz FuzzParseGoal -fuzztime 15s ./analysis
	for f in FuzzParseSize FuzzParseDuration FuzzParseRate; do \
	  $(GO) test -run '^$$' -fuzz $$f -fuzztime 10s ./analysis/metrics || exit 1; done

# demo runs the built-in case studies on embedded defaults (no servers to
# start) and prints each verdict. A pivot is an answer, not a failure; only
# invalid scenarios (2) or runtime failures (3) fail the demo.
demo: build setup
	@bash scripts/demo.sh $(BIN)

clean:
	rm -rf bin runs
