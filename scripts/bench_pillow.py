#!/usr/bin/env python3
"""Pillow doing its best at fieldcrew's photo ingest job, for comparison.

Route: Image.open -> draft('RGB', (1600, 1200)) (libjpeg DCT scaling, a real 1/2-scale
decode for 4000x3000) -> ImageOps.exif_transpose -> thumbnail((1600, 1600)) -> save(quality=80).
No watermark and no hashing: it does less work than fieldcrew's ingest.

  bench_pillow.py --runs N INPUT OUTPUT   in-process: median ms of N runs, output bytes
  bench_pillow.py --once INPUT OUTPUT     one run: baseline RSS (before the image) and peak RSS

Prints one JSON object.
"""

import argparse
import json
import os
import resource
import statistics
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


def main():
    parser = argparse.ArgumentParser()
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--runs", type=int)
    mode.add_argument("--once", action="store_true")
    parser.add_argument("input")
    parser.add_argument("output")
    args = parser.parse_args()

    if args.once:
        baseline = rss_kib()
        convert(args.input, args.output)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
        print(json.dumps({"baseline_kib": baseline, "peak_kib": peak}))
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
