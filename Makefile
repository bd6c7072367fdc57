# The two commands of the README:
#   make demo   builds, then scores the bundled example archive (penalty,
#               inspection, coercive-measure and licensing cases) with the
#               four shipped checklists, each case by its kind's (results,
#               summary, report)
#   make test   builds, then runs every test (C, data-driven, Python)
# Both install the Debian packages they need first (scripts/install-deps.sh).
BUILD ?= build
OUT ?= $(BUILD)/demo

.PHONY: all deps build demo test clean

all: build

deps:
	@./scripts/install-deps.sh

build: deps
	@[ -f $(BUILD)/build.ninja ] || meson setup $(BUILD) --buildtype=release
	@ninja -C $(BUILD)

demo: build
	@mkdir -p $(OUT)
	$(BUILD)/cli/casereview batch -c rules/penalty-general.xml \
	    -c rules/inspection-enterprise.xml -c rules/coercive-seizure.xml \
	    -c rules/licensing-general.xml \
	    -o $(OUT)/results.jsonl --csv $(OUT)/results.csv \
	    --summary $(OUT)/summary.json --report $(OUT)/report.html \
	    --xlsx $(OUT)/results.xlsx examples/export-2024.zip; test $$? -le 1
	@echo "结果：$(OUT)/results.jsonl  汇总：$(OUT)/summary.json  报告：$(OUT)/report.html  工作簿：$(OUT)/results.xlsx"

test: build
	meson test -C $(BUILD) --print-errorlogs

clean:
	rm -rf $(BUILD)
