# Lang Portal. `make help` lists the targets.

.DEFAULT_GOAL := help
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c

BIN  := bin/langportal
HTMX := static/htmx.min.js
WANAKANA := static/wanakana.min.js
GO_SOURCES := $(shell find . -name '*.go' -not -path './static/node_modules/*') go.mod go.sum

.PHONY: help
help: ## List the targets.
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {name[++n] = $$1; text[n] = $$2; if (length($$1) > width) width = length($$1)} \
		END {for (i = 1; i <= n; i++) printf "  %-" width "s  %s\n", name[i], text[i]}' $(MAKEFILE_LIST)

.PHONY: run
run: build ## Build and serve on http://127.0.0.1:8080 with ./langportal.db.
	./$(BIN) serve

.PHONY: build
build: $(BIN) ## Build the binary into bin/langportal.

EMBEDDED := $(filter-out $(HTMX) $(WANAKANA),$(shell find db/migrations db/seed static -type f -not -path 'static/node_modules/*'))

# The list of the files the binary is built from, rewritten only when it
# changes: a deleted file (a migration, say) rebuilds the binary, which the
# prerequisites alone cannot notice.
SOURCE_LIST := bin/.sources
$(SOURCE_LIST): FORCE
	@mkdir -p bin
	@printf '%s\n' $(sort $(GO_SOURCES) $(EMBEDDED)) > $@.new
	@if cmp -s $@.new $@; then rm $@.new; else mv $@.new $@; fi

.PHONY: FORCE
FORCE:

$(BIN): $(HTMX) $(WANAKANA) $(GO_SOURCES) $(EMBEDDED) $(SOURCE_LIST)
	go build -o $(BIN) .

# htmx comes from npm, pinned to exactly 2.0.11 in static/package-lock.json.
$(HTMX): static/package.json static/package-lock.json
	cd static && npm ci --no-audit --no-fund --loglevel=error
	test "$$(node -p 'require("./static/node_modules/htmx.org/package.json").version')" = 2.0.11
	cp static/node_modules/htmx.org/dist/htmx.min.js $@

# wanakana (romaji to kana as the learner types, in Typing) comes from the
# same lock file, pinned to exactly 5.3.1; its source map is not shipped, so
# its last line, which names the map, is left out.
$(WANAKANA): static/package.json static/package-lock.json
	cd static && npm ci --no-audit --no-fund --loglevel=error
	test "$$(node -p 'require("./static/node_modules/wanakana/package.json").version')" = 5.3.1
	grep -v '^//# sourceMappingURL=' static/node_modules/wanakana/wanakana.min.js > $@

.PHONY: generate
generate: ## Regenerate the templ components (views/*_templ.go).
	go tool templ generate -path views

.PHONY: check-generated
check-generated: ## Fail when views/*_templ.go is not what templ generates from views/*.templ.
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; cp -r views "$$tmp/"; \
	go tool templ generate -log-level error -path "$$tmp/views"; \
	diff -r -q views "$$tmp/views" || { echo "views: generated code is out of date: run 'make generate'"; exit 1; }

.PHONY: test
test: $(HTMX) $(WANAKANA) check-generated ## Check generated code, vet, and run every test with the race detector.
	go vet ./...
	@# The tests' notes (such as "browser tests skipped") are printed at the
	@# end: go test shows a passing package's output only with -v.
	@notes=$$(mktemp); trap 'rm -f "$$notes"' EXIT; status=0; \
	echo "go test -race -count=1 ./..."; \
	LANGPORTAL_TEST_NOTES=$$notes go test -race -count=1 ./... || status=$$?; \
	cat "$$notes"; exit $$status

.PHONY: screenshots
screenshots: $(HTMX) $(WANAKANA) ## Screenshot every page (light and dark, desktop and phone) into screenshots/.
	rm -rf screenshots && mkdir -p screenshots
	LANGPORTAL_SCREENSHOTS=$(CURDIR)/screenshots go test -count=1 -run 'Screenshots|Journey|LaunchAndReview|ReviewUntilAllDone|TypingRound|TypingListening|EnglishFirstRoundOf10' .
	@echo "screenshots: $$(ls screenshots | wc -l) PNG files in screenshots/"

LOAD_TIME ?= 5s
.PHONY: bench
bench: $(HTMX) $(WANAKANA) ## Benchmarks of the store and handlers, load runs against the real binary (LOAD_TIME each), bulk commands beside a writer.
	LANGPORTAL_REBUILD_REVIEWS=1000000 go test -run '^$$' -bench . -benchmem -timeout 30m ./db ./web
	LANGPORTAL_LOAD=1 LANGPORTAL_LOAD_TIME=$(LOAD_TIME) go test -count=1 -timeout 30m -v \
		-run '^(TestLoadWrites|TestLoadReads|TestStartup|TestLoadImportAndBackup)$$' .
	LANGPORTAL_BIG_WORDS=400000 LANGPORTAL_BIG_REVIEWS=1000000 go test -count=1 -timeout 30m -v \
		-run '^TestCommandsBesideAWriter$$' .

FUZZTIME ?= 30s
.PHONY: fuzz
fuzz: $(HTMX) $(WANAKANA) ## Run each fuzz target for FUZZTIME (default 30s).
	for target in FuzzDecodeJSON FuzzDecodeForm FuzzHandlers; do \
		go test ./web -run '^$$' -fuzz "^$$target$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 5s || exit 1; \
	done

CRASH_CYCLES ?= 30
.PHONY: crash
crash: $(HTMX) $(WANAKANA) ## kill -9 the server CRASH_CYCLES times (default 30) under writes; report acknowledged vs lost.
	LANGPORTAL_CRASH_CYCLES=$(CRASH_CYCLES) go test -count=1 -v -run '^TestCrashLosesNoAcknowledgedWrite$$' . | grep -E 'acknowledged|^(ok|FAIL|---)'

.PHONY: lint
lint: $(HTMX) $(WANAKANA) ## Check formatting (Go and templ) and vet.
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); echo "gofmt needed"; exit 1; }
	go tool templ fmt -fail views
	go vet ./...

.PHONY: migration
migration: ## Create the next pair of migration files: make migration name=add_something.
	@test -n "$(name)" || { echo "usage: make migration name=what_it_does"; exit 1; }
	@last=$$(ls db/migrations | sed -n 's/^\([0-9]\{6\}\)_.*/\1/p' | sort | tail -1); \
	next=$$(printf '%06d' $$((10#$${last:-0} + 1))); \
	touch db/migrations/$${next}_$(name).up.sql db/migrations/$${next}_$(name).down.sql; \
	echo "created db/migrations/$${next}_$(name).{up,down}.sql"

.PHONY: clean
clean: ## Remove the binary, the installed front-end packages and the screenshots.
	rm -rf bin static/node_modules $(HTMX) $(WANAKANA) screenshots
