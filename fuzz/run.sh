#!/bin/sh
# fuzz/run.sh [SECONDS] [BUILD_DIR] — builds the libFuzzer harnesses with
# clang and runs each for SECONDS (default 60; CI runs 30) on a corpus
# seeded from tests/ and rules/. New crashes land in BUILD_DIR/fuzz-out/;
# keep each fixed one in fuzz/regressions/<fuzzer>/ (replayed first).
set -eu
secs=${1:-60}
src=$(cd "$(dirname "$0")/.." && pwd)
build=${2:-$src/build-fuzz}
if [ ! -f "$build/build.ninja" ]; then
    CC=clang meson setup "$build" "$src" -Dfuzzers=true -Dtests=false \
        -Db_lundef=false -Db_sanitize=address,undefined \
        -Dc_args=-fsanitize=fuzzer-no-link
fi
targets="fuzz/fuzz-case fuzz/fuzz-checklist fuzz/fuzz-functions fuzz/fuzz-xpath fuzz/fuzz-tree fuzz/fuzz-verdicts fuzz/fuzz-archive-rules fuzz/fuzz-zipdir"
if grep -q 'fuzz/fuzz-archive:' "$build/build.ninja"; then
    targets="$targets fuzz/fuzz-archive"
fi
ninja -C "$build" $targets
out=$build/fuzz-out
mkdir -p "$out"

seed() {  # seed NAME FILES...: copy seeds into a fresh corpus folder
    name=$1; shift
    corpus=$out/corpus-$name
    mkdir -p "$corpus"
    for f in "$@"; do
        [ -f "$f" ] && cp "$f" "$corpus/$(basename "$(dirname "$f")")-$(basename "$f")"
    done
    [ -d "$src/fuzz/regressions/$name" ] && cp "$src/fuzz/regressions/$name"/* "$corpus/" 2>/dev/null
    echo "$corpus"
}

python3 "$src/tests/hostile/gen.py" small "$out/hostile" >/dev/null
cases=$(find "$src/tests" -name '*.xml' -size -64k ! -path '*/checklists/*' | head -400)
checklists=$(grep -rl 'urn:casereview:checklist:1' "$src/rules" "$src/tests" 2>/dev/null | head -200)
verdicts=$(grep -rl 'urn:casereview:verdicts:1' "$src/tests" --include='*.xml' 2>/dev/null | head -50)
# small archives of each kind from the example cases (none are committed
# under tests/: the batch tests build theirs at run time)
mkdir -p "$out/archives"
python3 - "$src/examples/cases" "$out/archives" <<'PY'
import io, os, sys, tarfile, zipfile
src, dst = sys.argv[1], sys.argv[2]
names = sorted(n for n in os.listdir(src) if n.endswith('.xml'))[:3]
with zipfile.ZipFile(os.path.join(dst, 'seed.zip'), 'w', zipfile.ZIP_DEFLATED) as z:
    for n in names:
        z.write(os.path.join(src, n), 'cases/' + n)
for mode, ext in (('w', 'tar'), ('w:gz', 'tar.gz')):
    with tarfile.open(os.path.join(dst, 'seed.' + ext), mode) as t:
        for n in names:
            t.add(os.path.join(src, n), 'cases/' + n)
PY
# fuzz-xpath: every expression of test-fastpath.c's tables, behind its
# two selector bytes (the six documents in turn, every context node)
python3 - "$src/tests/core/test-fastpath.c" "$out/xpath" <<'PY'
import os, re, sys
src, dst = sys.argv[1], sys.argv[2]
text = open(src, encoding='utf-8').read()
esc = {'n': b'\n', 't': b'\t', 'r': b'\r', '"': b'"', "'": b"'", '\\': b'\\'}
def unquote(lit):  # a C string literal's body to bytes
    out, i = b'', 0
    while i < len(lit):
        if lit[i] != '\\':
            out += lit[i].encode('utf-8'); i += 1
        elif lit[i + 1] == 'x':
            m = re.match(r'[0-9a-fA-F]+', lit[i + 2:])
            out += bytes([int(m.group(0), 16)]); i += 2 + len(m.group(0))
        else:
            out += esc[lit[i + 1]]; i += 2
    return out
exprs = []
tok = re.compile(r'"((?:[^"\\]|\\.)*)"|/\*.*?\*/|,|\s+', re.S)
for body in re.findall(r'static const char \*const (?:exprs|covered|declined)'
                       r'\[\] = \{(.*?)\n\};', text, re.S):
    cur = None
    for m in tok.finditer(body):
        if m.group(1) is not None:   # adjacent literals concatenate
            cur = (cur or b'') + unquote(m.group(1))
        elif m.group(0) == ',' and cur is not None:
            exprs.append(cur); cur = None
    if cur is not None:
        exprs.append(cur)
os.makedirs(dst, exist_ok=True)
for i, e in enumerate(dict.fromkeys(exprs)):
    with open(os.path.join(dst, 'fastpath-%04d' % i), 'wb') as f:
        f.write(bytes([i % 6, 0x80]) + e)
PY
# fuzz-archive-rules: an <archive-rules> body, NUL, case, NUL, case...
# from each tests/cases/archive folder, and the shipped rules' archive
# rules over a few example cases
python3 - "$src" "$out/archive-rules" <<'PY'
import glob, os, re, sys
src, dst = sys.argv[1], sys.argv[2]
os.makedirs(dst, exist_ok=True)
def body(path):
    m = re.search(rb'<archive-rules>(.*)</archive-rules>',
                  open(path, 'rb').read(), re.S)
    return m.group(1) if m else None
examples = sorted(glob.glob(os.path.join(src, 'examples/cases/*.xml')))[:4]
seeds = [(os.path.join(d, 'checklist.xml'),
          sorted(glob.glob(os.path.join(d, 'case-*.xml')))[:8])
         for d in sorted(glob.glob(os.path.join(src, 'tests/cases/archive/*')))]
seeds += [(r, examples) for r in sorted(glob.glob(os.path.join(src, 'rules/*.xml')))]
for path, cases in seeds:
    b = body(path)
    if b is None:
        continue
    name = os.path.basename(os.path.dirname(path)) + '-' + os.path.basename(path)
    with open(os.path.join(dst, name), 'wb') as f:
        f.write(b'\0'.join([b] + [open(c, 'rb').read() for c in cases]))
    # the same rules over facts a caller gives ("@name=value" lines)
    given = [b'@cause=A\nfine=1000\nofficer=o1\nofficer=o2\nfined=true',
             b'@cause=A\nfine=1e400\ndecided=2024-02-29\nofficer=o1',
             b'@cause= A \nfine=-0\ndecided=2024\xe5\xb9\xb43\xe6\x9c'
             b'\x885\xe6\x97\xa5\nfined=false\ncounted=true']
    with open(os.path.join(dst, 'given-' + name), 'wb') as f:
        f.write(b'\0'.join([b] + given))
PY
archives=$( (find "$src/tests" -name '*.zip' -o -name '*.tar' -o -name '*.tar.gz' -o -name '*.tgz'; ls "$out"/archives/*) | head -50)

status=0
run() {  # run NAME CORPUS [OPTIONS...]
    name=$1; corpus=$2; shift 2
    if [ -d "$src/fuzz/regressions/$name" ]; then
        "$build/fuzz/$name" -runs=0 "$src/fuzz/regressions/$name" || status=1
    fi
    "$build/fuzz/$name" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
        -max_len=262144 -artifact_prefix="$out/$name-" -print_final_stats=1 \
        "$@" "$corpus" > "$out/$name.log" 2>&1 || status=1
    tail -n 12 "$out/$name.log" | grep -E 'stat::number_of_executed_units|stat::new_units_added|ERROR|SUMMARY' || true
    echo "$name: $(grep -c '' "$out/$name.log") log lines, exit so far $status"
}

run fuzz-case "$(seed fuzz-case $cases "$out"/hostile/*.xml)"
run fuzz-tree "$(seed fuzz-tree $cases "$out"/hostile/*.xml)" \
    -dict="$src/fuzz/fuzz-tree.dict"
run fuzz-checklist "$(seed fuzz-checklist $checklists)" \
    -dict="$src/fuzz/fuzz-checklist.dict"
run fuzz-verdicts "$(seed fuzz-verdicts $verdicts)" \
    -dict="$src/fuzz/fuzz-verdicts.dict"
run fuzz-archive-rules "$(seed fuzz-archive-rules "$out"/archive-rules/*)" \
    -dict="$src/fuzz/fuzz-archive-rules.dict"
run fuzz-functions "$(seed fuzz-functions)"
run fuzz-xpath "$(seed fuzz-xpath "$out"/xpath/*)" -max_len=302 \
    -dict="$src/fuzz/fuzz-xpath.dict"
if [ -x "$build/fuzz/fuzz-archive" ]; then
    run fuzz-archive "$(seed fuzz-archive $archives)"
fi
run fuzz-zipdir "$(seed fuzz-zipdir $(echo "$archives" | grep -i '\.zip$'))"
exit $status
