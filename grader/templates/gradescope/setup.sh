#!/usr/bin/env bash
# ptlabs autograder for Gradescope: setup.sh (written by `grader gradescope package`).
#
# Gradescope runs this once, as root, while it builds the autograder image, with
# the zip unpacked in /autograder/source. It installs the Debian packages that are
# missing (apt-get; nothing when all are there), then builds only the grader and
# the hidden suites of the labs in this package (@LABS@) into
# /autograder/source/build. No reference solution is in this package.
set -euo pipefail
cd "$(dirname "$0")"
chmod +x run.sh run_autograder
./run.sh deps
cmake -S . -B build -G Ninja -DPython3_EXECUTABLE=/usr/bin/python3 -DPTLABS_WERROR=OFF >/dev/null
cmake --build build --target grader
echo "setup.sh: the grader is build/bin/grader; labs: @LABS@"
