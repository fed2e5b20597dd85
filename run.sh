#!/usr/bin/env bash
# ptlabs entry points.
#
#   ./run.sh demo     build, grade the reference solutions, write a report
#   ./run.sh test     build and run the whole test suite through ctest
#   ./run.sh build    install what is missing, configure and build into build/
#   ./run.sh deps     install what is missing, nothing else (Gradescope's setup.sh)
#   ./run.sh format   apply clang-format to the project's C++ files
#   ./run.sh bench    build, then print lab 03 and 04 timings and the sandbox's cost here
#
# Missing Debian packages are installed with apt-get (as root); without root or
# apt the script stops and prints the exact command to run. When everything is
# present the check costs one dpkg-query call.
set -euo pipefail
cd "$(dirname "$0")"

BUILD_DIR=${BUILD_DIR:-build}
PACKAGES=(
  cmake ninja-build g++ git clang-format pkgconf
  libgtest-dev libcxxopts-dev nlohmann-json3-dev libtomlplusplus-dev
  libcpp-httplib-dev cmark-gfm libcmark-gfm-dev libcmark-gfm-extensions-dev
  python3-dev bubblewrap zip unzip libarchive-dev
)
# Only the test suite needs these: a headless browser that renders the docs site
# and the HTML report, and tmux to drive `grader watch` as a person would.
TEST_PACKAGES=(chromium fonts-dejavu-core tmux python3-yaml)

say() { printf 'run.sh: %s\n' "$*" >&2; }

# missing_packages PACKAGE...: prints those not installed, one a line.
missing_packages() {
  dpkg-query -W -f='${Package} ${db:Status-Status}\n' "$@" 2>/dev/null |
    awk '$2 == "installed" { print $1 }' | sort >/tmp/ptlabs-installed.$$ || true
  printf '%s\n' "$@" | sort | comm -23 - /tmp/ptlabs-installed.$$
  rm -f /tmp/ptlabs-installed.$$
}

# ensure_packages [PACKAGE...]: installs what is missing of PACKAGES and the arguments.
ensure_packages() {
  local wanted=("${PACKAGES[@]}" "$@")
  if ! command -v dpkg-query >/dev/null; then
    say "this is not a Debian-like system; install the equivalents of: ${wanted[*]}"
    exit 1
  fi
  local missing
  missing=$(missing_packages "${wanted[@]}" | tr '\n' ' ')
  [ -z "${missing// /}" ] && return 0
  local command="apt-get update && apt-get install -y --no-install-recommends $missing"
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
    say "missing packages: $missing"
    say "install them with:  sudo sh -c '$command'"
    exit 1
  fi
  say "installing missing packages: $missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

# build [PACKAGE...]: installs what is missing (and the extra packages named), then builds.
build() {
  ensure_packages "$@"
  if [ ! -f "$BUILD_DIR/build.ninja" ]; then
    cmake -S . -B "$BUILD_DIR" -G Ninja -DPython3_EXECUTABLE=/usr/bin/python3 >/dev/null
  fi
  cmake --build "$BUILD_DIR"
}

cores() { nproc 2>/dev/null || echo 2; }

case "${1:-}" in
  build)
    build
    ;;
  deps)
    ensure_packages
    ;;
  test)
    if [ ! -d tests ]; then
      # The student kit: no framework tests, so the tests are the labs' public ones.
      build
      say "no tests/ here (a student kit): running every lab's public tests"
      exec ctest --test-dir "$BUILD_DIR" --label-regex '^lab[0-9]+$' -j "$(cores)" --output-on-failure
    fi
    build "${TEST_PACKAGES[@]}"
    # Every test but the students' own (label labNN), which fail on the skeletons by design.
    ctest --test-dir "$BUILD_DIR" --label-exclude '^lab[0-9]+$' -j "$(cores)" --output-on-failure
    ;;
  demo)
    build
    mkdir -p reports
    report=reports/demo-report.json
    status=0
    "$BUILD_DIR/bin/grader" grade --submission solutions --format json -o "$report" || status=$?
    if [ "$status" -le 1 ]; then
      say "graded the reference solutions; the JSON report is $report"
    fi
    exit "$status"
    ;;
  bench)
    build
    /usr/bin/python3 bench/bench.py "$BUILD_DIR"
    "$BUILD_DIR/bin/sandbox_overhead" 30
    ;;
  format)
    ensure_packages
    git ls-files '*.cpp' '*.hpp' | xargs clang-format -i
    ;;
  *)
    sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
    [ -z "${1:-}" ] && exit 2
    say "unknown command '$1'"
    exit 2
    ;;
esac
