#!/usr/bin/env python3
"""Pillow doing its best at fieldcrew's photo ingest job, for comparison.

Route: Image.open -> draft('RGB', (1600, 1200)) (libjpeg DCT scaling, a real 1/2-scale
decode for 4000x3000) -> ImageOps.exif_transpose -> thumbnail((1600, 1600)) -> save(quality=80).
No watermark and no hashing: it does less work than fieldcrew's ingest.

  bench_pillow.py --runs N INPUT OUTPUT   in-process: median ms of N runs, output bytes
  bench_pillow.py --once INPUT OUTPUT     one run: baseline RSS (before the image) and peak RSS
  bench_pillow.py --serve INPUT OUTPUT    one run per line read from stdin, so a caller can
                                          alternate its own runs with these under the same load

Prints one JSON object (per run with --serve, after a first one with the version).
"""

import argparse
import json
import os
import resource
import statistics
import sys
import time

import PIL
from PIL import Image, ImageOps


def rss_kib():
    """Current resident set size, KiB."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def convert(src, dst):
    with Image.open(src) as image:
        image.draft("RGB", (1600, 1200))
        image = ImageOps.exif_transpose(image)
        image.thumbnail((1600, 1600))
        image.save(dst, quality=80)


def serve(src, dst):
    """Wall and CPU ms of one conversion per stdin line; CPU is this process's, all threads."""
    print(json.dumps({"pillow": PIL.__version__}), flush=True)
    for _ in sys.stdin:
        wall, cpu = time.perf_counter(), time.process_time()
        convert(src, dst)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        print(json.dumps({
            "ms": wall * 1000.0,
            "cpu_ms": cpu * 1000.0,
            "out_bytes": os.path.getsize(dst),
        }), flush=True)


def main():
    parser = argparse.ArgumentParser()
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--runs", type=int)
    mode.add_argument("--once", action="store_true")
    mode.add_argument("--serve", action="store_true")
    parser.add_argument("input")
    parser.add_argument("output")
    args = parser.parse_args()

    if args.once:
        baseline = rss_kib()
        convert(args.input, args.output)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
        print(json.dumps({"baseline_kib": baseline, "peak_kib": peak}))
        return

    if args.serve:
        serve(args.input, args.output)
        return

    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        convert(args.input, args.output)
        times.append((time.perf_counter() - start) * 1000.0)
    print(json.dumps({
        "ms_median": statistics.median(times),
        "out_bytes": os.path.getsize(args.output),
        "pillow": PIL.__version__,
    }))


if __name__ == "__main__":
    main()
