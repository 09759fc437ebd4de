#!/usr/bin/env python3
"""Run `quotecheck extract` as the map stage of an Apache Spark job and check
that it gives what one machine gives.

The seed articles become a JSON Lines corpus (one article per line), spread
over several partitions; each partition is piped through

    quotecheck extract --quiet --input-format jsonl --format jsonl --emit-keys -

with `RDD.pipe`, in Spark local mode. The collected lines must equal, line for
line, the output of the same command run on the whole corpus at once. Then the
quotes are grouped by their blocking keys (a shuffle), as a distributed audit
would group them, and the group sizes are printed.

Usage (from the repository root, after `cargo build --release`):

    pip install pyspark            # needs Java 17 or later
    python3 scripts/spark_pipe_check.py [--quotecheck target/release/quotecheck]
                                        [--partitions 3] [--seeds seeds]

Exit status 0 when the outputs are equal, 1 when they differ.
"""

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path


def corpus_lines(seeds: Path) -> list[str]:
    """The seed articles as JSON Lines records, sorted by file name."""
    lines = []
    for path in sorted(seeds.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        lines.append(json.dumps({"id": path.stem, "text": text}, ensure_ascii=False))
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quotecheck", default="target/release/quotecheck")
    parser.add_argument("--partitions", type=int, default=3)
    parser.add_argument("--seeds", default="seeds")
    args = parser.parse_args()

    quotecheck = str(Path(args.quotecheck).resolve())
    command = [quotecheck, "extract", "--quiet", "--input-format", "jsonl",
               "--format", "jsonl", "--emit-keys", "-"]
    lines = corpus_lines(Path(args.seeds))
    if not lines:
        print(f"no *.txt articles in {args.seeds}", file=sys.stderr)
        return 1

    single = subprocess.run(command, input="\n".join(lines) + "\n", capture_output=True,
                            text=True, check=True).stdout.splitlines()

    # Local mode on the loopback interface only: nothing here needs the
    # network, and a driver bound to a public address would listen on it.
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark import SparkConf, SparkContext

    conf = (SparkConf().setMaster("local[2]").setAppName("quotecheck-pipe-check")
            .set("spark.driver.host", "127.0.0.1")
            .set("spark.driver.bindAddress", "127.0.0.1")
            .set("spark.ui.enabled", "false")
            .set("spark.ui.showConsoleProgress", "false"))
    sc = SparkContext(conf=conf)
    sc.setLogLevel("ERROR")
    try:
        articles = sc.parallelize(lines, args.partitions)
        # One quotecheck process per partition: JSONL articles in, JSONL
        # quotes out. The environment is the executor's; quotecheck needs
        # nothing from it.
        quotes = articles.pipe(" ".join(command), env=dict(os.environ))
        distributed = quotes.collect()

        # The grouping step of a distributed audit: every quote under each
        # of its keys (the claim key for duplicates, each shingle for
        # candidate pairs), then one group per key.
        def keyed(line):
            record = json.loads(line)
            keys = ([("claim", record["claim_key"])] if record.get("claim_key") else [])
            keys += [("shingle", s) for s in record.get("shingles", [])]
            return [(k, line) for k in keys]

        groups = quotes.flatMap(keyed).groupByKey().mapValues(len)
        sizes = groups.values().collect()
    finally:
        sc.stop()

    same = distributed == single
    print(f"single machine: {len(single)} quote records; "
          f"Spark, {args.partitions} partitions: {len(distributed)}; "
          f"{'equal' if same else 'DIFFERENT'}")
    shared = [n for n in sizes if n >= 2]
    print(f"grouping: {len(sizes)} keys, {len(shared)} shared by two or more quotes "
          f"(largest group: {max(sizes, default=0)} quotes)")
    if not same:
        for a, b in zip(single, distributed):
            if a != b:
                print(f"first difference:\n  single: {a}\n  spark:  {b}", file=sys.stderr)
                break
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
