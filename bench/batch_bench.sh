#!/usr/bin/env bash
# Benchmark of `grader batch`: N copies of the reference solutions graded as a
# class, reporting seconds per submission and the build-and-test cost per lab.
#
#   bench/batch_bench.sh [N] [LAB...]        default: 30 submissions, all labs
#
# Environment:
#   GRADER=build/bin/grader   the grader to run
#   JOBS=<usable cores>       --jobs
#   MODES="cold warm perf"    which runs to make:
#     cold   --no-perf, compiler cache off (PTLABS_CCACHE=0): every file compiled
#     warm   --no-perf, ccache on with a fresh cache: the first copy fills it and
#            the other N-1 (identical sources) hit it; a regrade costs this much
#     perf   with perf checks (ccache on); perf checks hold a lock, one at a time
#
# Prints the load average before and after each run: the machine may be shared.
set -euo pipefail
cd "$(dirname "$0")/.."

N=${1:-30}
shift || true
LABS=("$@")
GRADER=${GRADER:-build/bin/grader}
JOBS=${JOBS:-$(nproc)}
MODES=${MODES:-cold warm perf}
[ -x "$GRADER" ] || { echo "batch_bench: no grader at $GRADER; build first (./run.sh build)" >&2; exit 2; }

WORK=$(mktemp -d /tmp/ptlabs-batch-bench-XXXXXX)
trap 'rm -rf "$WORK"' EXIT

# The labs to put in each submission: the arguments, else every lab with a reference.
if [ ${#LABS[@]} -eq 0 ]; then
  for dir in solutions/*/; do LABS+=("$(basename "$dir")"); done
fi
LAB_ARGS=()
for lab in "${LABS[@]}"; do
  full=$(ls -d solutions/"$lab"*/ | head -1)
  LAB_ARGS+=(--lab "$(basename "$full")")
done

mkdir -p "$WORK/subs"
for i in $(seq -w 1 "$N"); do
  for lab in "${LABS[@]}"; do
    src=$(ls -d solutions/"$lab"*/ | head -1)
    mkdir -p "$WORK/subs/student$i/$(basename "$src")"
    # The student's files: every .cpp and .hpp of the reference (lab 03 has split.hpp).
    find "$src" -maxdepth 1 -type f \( -name '*.cpp' -o -name '*.hpp' \) ! -name task.hpp \
      -exec cp {} "$WORK/subs/student$i/$(basename "$src")/" \;
  done
done

echo "grader batch benchmark: $N submissions x labs ${LABS[*]}, --jobs $JOBS, $(nproc) cores"
echo "ccache: $(command -v ccache || echo 'not installed')"

run_mode() {
  local mode=$1 out="$WORK/out-$1" extra=() env=()
  case $mode in
    cold) extra=(--no-perf); env=(PTLABS_CCACHE=0) ;;
    warm) extra=(--no-perf); env=(CCACHE_DIR="$WORK/ccache") ;;
    perf) extra=(); env=(CCACHE_DIR="$WORK/ccache") ;;
    *) echo "unknown mode $mode" >&2; exit 2 ;;
  esac
  echo
  echo "== $mode: load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  local start end
  start=$(date +%s.%N)
  env "${env[@]}" "$GRADER" batch --submissions "$WORK/subs" --out "$out" --jobs "$JOBS" \
    "${LAB_ARGS[@]}" "${extra[@]}" >"$WORK/$mode.log" 2>&1 || {
    echo "batch failed:"; tail -20 "$WORK/$mode.log"; exit 1; }
  end=$(date +%s.%N)
  echo "   load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"
  python3 - "$out" "$start" "$end" "$N" "$JOBS" <<'EOF'
import csv, json, os, statistics, sys
out, start, end, n, jobs = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
wall = end - start
rows = list(csv.DictReader(open(os.path.join(out, "gradebook.csv"))))
statuses = {}
for r in rows:
    statuses[r["status"]] = statuses.get(r["status"], 0) + 1
print(f"   wall {wall:.1f} s for {n} submissions: {wall / n:.2f} s per submission "
      f"(x{jobs} jobs; one student alone {wall / n * jobs:.1f} s)   statuses {statuses}")
per_lab = {}
for student in os.listdir(os.path.join(out, "students")):
    report = json.load(open(os.path.join(out, "students", student, "report.json")))
    for lab in report["labs"]:
        tests = sum(t.get("seconds", 0) for t in lab["tests"])
        per_lab.setdefault(lab["id"], []).append((lab["build"]["seconds"], tests, lab["score"], lab["max_score"]))
verdicts = {}
for student in os.listdir(os.path.join(out, "students")):
    report = json.load(open(os.path.join(out, "students", student, "report.json")))
    for lab in report["labs"]:
        for p in lab.get("perf", []):
            key = f'{lab["id"]}: {p["name"]}'
            verdicts.setdefault(key, {}).setdefault(p["verdict"], 0)
            verdicts[key][p["verdict"]] += 1
for key, counts in sorted(verdicts.items()):
    print(f"   perf {key}: {counts}")
print(f"   {'lab':<16}{'build s':>9}{'tests s':>9}{'build+tests':>13}{'score':>9}   (medians over students)")
for lab, values in sorted(per_lab.items()):
    b = statistics.median(v[0] for v in values)
    t = statistics.median(v[1] for v in values)
    s = statistics.median(v[2] for v in values)
    m = values[0][3]
    print(f"   {lab:<16}{b:>9.2f}{t:>9.2f}{b + t:>13.2f}{s:>6.0f}/{m:<3.0f}")
EOF
}

for mode in $MODES; do run_mode "$mode"; done
