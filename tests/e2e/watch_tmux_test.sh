#!/usr/bin/env bash
# `grader watch` as a student meets it, in a real terminal: tmux runs it on a
# temporary checkout (the catalogue and lab 01's skeleton); the test waits for
# the first result (failing), saves the reference solution's files into the lab
# folder, waits for the re-check to show the lab passing, then presses Ctrl-C
# and expects watch to exit 0. Every wait is bounded; the tmux session and the
# temporary checkout are removed however the test ends.
#
# usage: watch_tmux_test.sh GRADER SOURCE_DIR
set -euo pipefail

grader=$1
source_dir=$2
session="ptlabs-watch-$$"
checkout=$(mktemp -d /tmp/ptlabs-watch-e2e-XXXXXX)

cleanup() {
  tmux kill-session -t "$session" 2>/dev/null || true
  rm -rf "$checkout"
}
trap cleanup EXIT

fail() {
  echo "FAIL: $1" >&2
  echo "---- pane ----" >&2
  tmux capture-pane -p -J -S -200 -t "$session" >&2 2>/dev/null || true
  exit 1
}

# Waits up to $2 seconds for the visible pane to show the extended regex $1.
wait_for() {
  local pattern=$1 deadline=$((SECONDS + $2))
  while ((SECONDS < deadline)); do
    if tmux capture-pane -p -J -t "$session" 2>/dev/null | grep -Eq -- "$pattern"; then
      return 0
    fi
    sleep 0.5
  done
  return 1
}

mkdir -p "$checkout/labs"
cp "$source_dir/labs/labs.toml" "$checkout/labs/"
cp -r "$source_dir/labs/01-spawn" "$checkout/labs/"

tmux new-session -d -s "$session" -x 200 -y 60 \
  "cd '$checkout' && '$grader' watch 01; echo \"watch exited with \$?\"; sleep 120"

wait_for "watching labs/01-spawn/ — save a file to re-check, Ctrl-C to quit" 180 ||
  fail "the first check did not finish"
wait_for "01-spawn is failing" 1 || fail "the skeleton was not reported failing"
wait_for "Hint 1 of 5" 1 || fail "the first check showed no hint"

# Save the reference solution the way an editor does an atomic save: write a
# temporary file beside the target, then rename it over the target.
for file in process.cpp thread.cpp; do
  cp "$source_dir/solutions/01-spawn/$file" "$checkout/labs/01-spawn/.$file.swp"
  mv "$checkout/labs/01-spawn/.$file.swp" "$checkout/labs/01-spawn/$file"
done

wait_for "re-checking after a save of (process|thread)\.cpp" 60 || fail "no re-check after the save"
wait_for "01-spawn passes" 180 || fail "the re-check did not show the lab passing"
wait_for "Score: 19/19" 1 || fail "the re-check did not run the graded checks"
if tmux capture-pane -p -J -t "$session" | grep -q "01-spawn is failing"; then
  fail "the screen was not cleared before the re-check"
fi

tmux send-keys -t "$session" C-c
wait_for "watch exited with 0" 30 || fail "Ctrl-C did not end watch with status 0"
echo "PASS: watch re-checked after a save and Ctrl-C exited 0"
