"""Every benchmark in one run, then one table of every figure.

    benchmarks/run.sh all [--only cycle,rest] [--quick]

Runs each benchmark in turn on the same site, one process each (as `benchmarks/run.sh NAME` does),
its own output going to a log file under /tmp, and collects the figures each one appends with
`--summary`; prints the table at the end with the machine it ran on. A benchmark that fails is named
under the table with the end of its log; the others still run.
"""

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time

from summary import print_table, read

HERE = os.path.dirname(os.path.abspath(__file__))
# name -> (arguments of a full run, arguments of a --quick run)
BENCHMARKS = {
	"cycle": (["--repeat", "5", "--profile", "none"], ["--repeat", "2", "--profile", "none"]),
	"pricing": ([], []),
	"reports": ([], ["--repeat", "1"]),  # 2,000,000 invoice lines (written once, in about 6 minutes)
	"print_pdf": ([], []),
	"subscriptions": (
		["--subscriptions", "1000", "--workers", "0,1,2"],
		["--subscriptions", "200", "--workers", "0,2"],
	),
	"rest": (["--seconds", "5"], ["--seconds", "2"]),
	"form": ([], ["--repeat", "5"]),
}


def parse_args() -> argparse.Namespace:
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--site", required=True)
	parser.add_argument("--only", help="comma-separated names among: " + ", ".join(BENCHMARKS))
	parser.add_argument("--quick", action="store_true", help="smaller runs, to check the command works")
	return parser.parse_args()


def machine() -> str:
	with open("/proc/meminfo") as f:
		memory = int(f.readline().split()[1]) / 1024 / 1024
	cpu = next(
		(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")),
		platform.processor(),
	)
	load = os.getloadavg()[0]
	return f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB, Python {platform.python_version()}, load {load:.1f} at the start"


def run_one(name: str, extra: list[str], site: str, summary: str) -> tuple[bool, float, str]:
	log = os.path.join(tempfile.gettempdir(), f"sales-flow-bench-{name}.log")
	start = time.perf_counter()
	with open(log, "w") as out:
		done = subprocess.run(
			[sys.executable, os.path.join(HERE, f"{name}.py"), "--site", site, "--summary", summary, *extra],
			stdout=out,
			stderr=subprocess.STDOUT,
		)
	return done.returncode == 0, time.perf_counter() - start, log


def main() -> None:
	args = parse_args()
	names = args.only.split(",") if args.only else list(BENCHMARKS)
	unknown = set(names) - set(BENCHMARKS)
	if unknown:
		sys.exit(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
	header = machine()
	failures: list[tuple[str, str]] = []
	with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
		summary = f.name
	for name in names:
		full, quick = BENCHMARKS[name]
		print(f"{name} ...", end=" ", flush=True)
		ok, seconds, log = run_one(name, quick if args.quick else full, args.site, summary)
		print(f"{'done' if ok else 'FAILED'} in {seconds:.0f} s (log: {log})", flush=True)
		if not ok:
			with open(log) as f:
				failures.append((name, "".join(f.readlines()[-15:])))
	print_table(read(summary), f"sales_flow benchmarks on {args.site}: {header}")
	os.unlink(summary)
	for name, tail in failures:
		print(f"\n{name} FAILED; the end of its log:\n{tail}")
	sys.exit(1 if failures else 0)


if __name__ == "__main__":
	main()
