"""CPython's own pools on lab 03's workload, for comparison with the embedded kernel.

Counts primes in [0, HI) with the same trial-division loop as the python kernel
(labs/common/src/python_kernel.cpp), cut into 16 * W pieces dealt round-robin,
through concurrent.futures.ThreadPoolExecutor and ProcessPoolExecutor.

usage: python3 cpython_pools.py HI W REPEATS
prints one JSON line: {"serial": s, "threads": s, "processes": s} (median seconds)
"""
import concurrent.futures
import json
import statistics
import sys
import time


def count_primes(lo, hi):
    count = 0
    n = max(lo, 2)
    while n < hi:
        if n < 4:
            count += 1
        elif n % 2:
            d = 3
            while d * d <= n:
                if n % d == 0:
                    break
                d += 2
            else:
                count += 1
        n += 1
    return count


def pieces(hi, workers):
    count = 16 * workers
    return [(hi * p // count, hi * (p + 1) // count) for p in range(count)]


def count_share(args):
    hi, w, workers = args
    return sum(count_primes(a, b) for a, b in pieces(hi, workers)[w::workers])


def timed(run):
    start = time.perf_counter()
    result = run()
    return time.perf_counter() - start, result


def main():
    hi, workers, repeats = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    expected = None
    times = {"serial": [], "threads": [], "processes": []}
    # Pools are created outside the clock, as the embedded kernel's interpreter is.
    with concurrent.futures.ThreadPoolExecutor(workers) as threads, \
            concurrent.futures.ProcessPoolExecutor(workers) as processes:
        list(processes.map(count_share, [(10, w, workers) for w in range(workers)]))
        jobs = [(hi, w, workers) for w in range(workers)]
        for _ in range(repeats):
            for name, run in (("serial", lambda: count_primes(0, hi)),
                              ("threads", lambda: sum(threads.map(count_share, jobs))),
                              ("processes", lambda: sum(processes.map(count_share, jobs)))):
                seconds, result = timed(run)
                expected = result if expected is None else expected
                if result != expected:
                    sys.exit(f"{name} counted {result}, expected {expected}")
                times[name].append(seconds)
    print(json.dumps({name: statistics.median(values) for name, values in times.items()}))


if __name__ == "__main__":
    main()
