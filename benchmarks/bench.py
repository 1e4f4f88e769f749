"""Benchmarks: start-up time of the command, and lint throughput on generated templates.

    python benchmarks/bench.py [--templates N] [--repeat R]

Prints figures; asserts nothing. Run it before and after a change that touches start-up or a
rule's hot path.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TEMPLATE = """---
id: bench-{n}
locale: {locale}
purpose: shipping-update
variables:
  order_id: {{example: 112-4567890-1234567}}
---
Hello, your order {{{{order_id}}}} left our warehouse today and arrives on Thursday.
If anything is wrong with the delivery, reply to this message and we will sort it out.

Best regards,
The team
"""
LOCALES = ("en-US", "de-DE", "fr-FR", "es-ES", "it-IT", "ja-JP")


def timed(command: list[str], cwd: Path, repeat: int) -> list[float]:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, capture_output=True, check=False)
        runs.append(time.perf_counter() - start)
    return runs


def report(name: str, runs: list[float], per: int = 1) -> None:
    median = statistics.median(runs)
    line = f"{name:38} median {median * 1000:8.1f} ms   min {min(runs) * 1000:8.1f} ms"
    if per > 1:
        line += f"   {median / per * 1000:6.2f} ms/template"
    print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--templates", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    replylint = [sys.executable, "-m", "replylint"]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        subprocess.run(["git", "init", "-q"], cwd=root, check=True)
        for n in range(args.templates):
            text = TEMPLATE.format(n=n, locale=LOCALES[n % len(LOCALES)])
            (root / f"t{n}.md").write_text(text, encoding="utf-8")
        report("python start-up", timed([sys.executable, "-c", "pass"], root, args.repeat))
        report("replylint --version", timed([*replylint, "--version"], root, args.repeat))
        report(
            "replylint check (1 template)", timed([*replylint, "check", "t0.md"], root, args.repeat)
        )
        report(
            f"replylint check ({args.templates} templates)",
            timed([*replylint, "check", "."], root, args.repeat),
            per=args.templates,
        )


if __name__ == "__main__":
    main()
