#!/bin/sh
# Builds the libFuzzer harnesses (Fuzz/) and runs each on a seeded corpus (docs/fuzzing.md).
#   scripts/fuzz.sh RUNS [HARNESS…]   e.g. 1000000 for `make fuzz`, a few thousand for `make test`
# FUZZ_SEED fixes libFuzzer's random seed (make test does, so its smoke run is the same every time).
# FUZZ_SANITIZERS=fuzzer drops AddressSanitizer for long runs of the pure-Swift harnesses (three to
# four times the inputs a second; a trap still stops the run), default fuzzer,address.
# Everything it makes goes to .build/fuzz: the binary, the corpora, and crash inputs in artifacts/.
# Exits non-zero when a harness finds a crash; the input that crashes is named in the output.
set -eu
runs=${1:?usage: scripts/fuzz.sh RUNS [HARNESS...]}
shift
harnesses=${*:-rules phrasings plan transcript tasks coach}
out=.build/fuzz
SWIFT=${SWIFT:-swift}

# lld, not gold: gold fails on the sanitizers' debug information ("internal error in format_file_lineno").
# The C in the core (Yams' libyaml) is instrumented too, so libFuzzer sees its branches and ASan its memory.
sanitizers=${FUZZ_SANITIZERS:-fuzzer,address}
# Keyed by the list of source files: a build folder made before a file was added to the core did
# not see it ("cannot find 'ExampleWorld' in scope"), so a new list gets a fresh folder.
kind=$out/build-$(echo "$sanitizers" | tr , -)
build=$kind-$(find Sources -name '*.swift' | sort | cksum | cut -d' ' -f1)
for old in "$kind" "$kind"-*; do [ "$old" = "$build" ] || rm -rf "$old"; done
$SWIFT build -c release --package-path Fuzz --scratch-path $build \
    -Xswiftc -sanitize=$sanitizers -Xswiftc -use-ld=lld -Xcc -fsanitize=$(echo "$sanitizers" | sed 's/fuzzer/fuzzer-no-link/')
binary=$build/release/momentum-fuzz
python3 scripts/fuzz-corpus.py $out/seeds
mkdir -p $out/artifacts

failed=""
printf '%-11s %12s %9s  %s\n' harness inputs seconds result
for harness in $harnesses; do
    # New inputs go to corpus/ (the first folder) and carry over to the next run; seeds/ is rebuilt.
    mkdir -p $out/corpus/$harness
    log=$out/$harness.log
    start=$(date +%s)
    # Swift's own backtracer would fight ASan over the crash; libFuzzer reports it instead. Leaks are
    # not checked: it reports the ICU state of Foundation's NSRegularExpression on Linux, even in a static let.
    if ASAN_OPTIONS=detect_leaks=0 SWIFT_BACKTRACE=enable=no MOMENTUM_FUZZ=$harness MOMENTUM_FUZZ_RULES=rules \
        $binary -runs="$runs" ${FUZZ_SEED:+-seed=$FUZZ_SEED} -max_len=8192 -timeout=10 -rss_limit_mb=2048 -detect_leaks=0 -print_final_stats=1 \
        -dict=Fuzz/dictionaries/$harness.dict -artifact_prefix=$out/artifacts/$harness- \
        $out/corpus/$harness $out/seeds/$harness >"$log" 2>&1; then
        result=ok
    else
        result="CRASH: $(grep -o "artifact_prefix.*Test unit written to [^ ]*\|Test unit written to [^ ]*" "$log" | tail -1 | sed 's/.*written to //') (see $log)"
        failed="$failed $harness"
    fi
    inputs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    printf '%-11s %12s %9s  %s\n' "$harness" "${inputs:-?}" "$(($(date +%s) - start))" "$result"
done
[ -z "$failed" ] || { echo "Crashes in:$failed. Each becomes a regression test in Tests/MomentumCoreTests (docs/fuzzing.md)."; exit 1; }
