"""`make bench`: run every bench/bench_*.py in turn; each prints one JSON object a line.

Benchmarks that need PostgreSQL read BENCH_DATABASE_URL (default: a local database per file on
127.0.0.1, created when missing). BENCH_ONLY=name[,name…] runs the files whose name contains one of
them; BENCH_SMOKE=1 uses small data sets and short rounds (a check that every benchmark still works).
The lines are also written to bench/out/bench-<time>.jsonl. The exit status is 1 when any benchmark
exits non-zero or prints a line with an `error` (bench.common.main also exits 1 after `errors` > 0).
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    only = [x for x in os.environ.get("BENCH_ONLY", "").split(",") if x]
    out_dir = HERE / "out"
    out_dir.mkdir(exist_ok=True)
    out_path = out_dir / time.strftime("bench-%Y%m%d-%H%M%S.jsonl")
    failed = []
    with open(out_path, "a", encoding="utf-8") as out:
        for path in sorted(HERE.glob("bench_*.py")):
            if only and not any(o in path.stem for o in only):
                continue
            proc = subprocess.Popen(
                [sys.executable, str(path)], cwd=HERE.parent, stdout=subprocess.PIPE, text=True, bufsize=1
            )
            bad_line = False
            for line in proc.stdout:
                print(line, end="", flush=True)
                out.write(line)
                out.flush()
                try:
                    bad_line |= bool(json.loads(line).get("error"))
                except (ValueError, AttributeError):
                    pass
            code = proc.wait()
            if code or bad_line:
                line = json.dumps({"bench": path.stem, "error": f"exit {code}" if code else "an error line"})
                print(line, flush=True)
                out.write(line + "\n")
                failed.append(path.stem)
    print(json.dumps({"results": str(out_path), "failed": failed}), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
