"""`make bench`: run every bench/bench_*.py in turn; each prints one JSON object a line.

Benchmarks that need PostgreSQL read BENCH_DATABASE_URL (default: a local database
`yangguang_bench` on 127.0.0.1, created when missing). Set BENCH_ONLY=name to run one file.
"""

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    only = os.environ.get("BENCH_ONLY", "")
    failed = 0
    for path in sorted(HERE.glob("bench_*.py")):
        if only and only not in path.stem:
            continue
        r = subprocess.run([sys.executable, str(path)], cwd=HERE.parent)
        if r.returncode:
            print(f'{{"bench": "{path.stem}", "error": "exit {r.returncode}"}}', flush=True)
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
