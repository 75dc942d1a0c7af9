#!/usr/bin/env python3
"""Pillow doing its best at fieldcrew's photo ingest job, for comparison.

Route: Image.open -> draft('RGB', OUTPUT SIZE) (libjpeg DCT scaling to the smallest
scale still at least the output size: 1/2 for 4000x3000 -> 1600x1200, portrait files
too) -> ImageOps.exif_transpose -> thumbnail((1600, 1600)) -> save(quality=80).
No watermark and no hashing: it does less work than fieldcrew's ingest.

  bench_pillow.py --runs N INPUT OUTPUT   in-process: median ms of N runs, output bytes
  bench_pillow.py --once INPUT OUTPUT     one run: baseline RSS (before the image) and peak RSS
  bench_pillow.py --serve INPUT OUTPUT    one run per line read from stdin, so a caller can
                                          alternate its own runs with these under the same load
  bench_pillow.py --classes WORK FIELDCREW_BIN [--rounds N] [--smoke]
                                          per file class (baseline 4:2:0, restart markers, Adobe,
                                          progressive, 4:4:4) at camera sizes made from real photos
                                          (scikit-image's sample data): fieldcrew (FIELDCREW_BIN, the
                                          ingest_once example, one process per file) and Pillow
                                          alternate; prints medians and ratios per class, and SSIM
                                          of both outputs against the photo decoded whole and shrunk

Prints one JSON object (per run with --serve, after a first one with the version).
"""

import argparse
import json
import os
import statistics
import sys
import time

import PIL
from PIL import Image, ImageOps


def rss_kib(field="VmRSS:"):
    """Current (VmRSS) or peak (VmHWM) resident set size, KiB."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field):
                return int(line.split()[1])
    return 0


LONG_EDGE = 1600


def output_size(width, height):
    """fieldcrew's output size for a stored width x height (long edge 1600, never enlarged)."""
    scale = min(1.0, LONG_EDGE / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def convert(src, dst):
    with Image.open(src) as image:
        image.draft("RGB", output_size(*image.size))
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
    if len(sys.argv) > 1 and sys.argv[1] == "--classes":
        classes_main(sys.argv[2:])
        return
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
        # VmHWM, not ru_maxrss: Linux carries ru_maxrss over exec from the parent.
        peak = rss_kib("VmHWM:")
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


# --- per file class -------------------------------------------------------

# Camera sizes (stored orientation) and the sample photo each is made from.
SIZES = [
    ((4000, 3000), "coffee.png"),
    ((4160, 3120), "chelsea.png"),
    ((4032, 3024), "motorcycle_left.png"),
    ((3024, 4032), "astronaut.png"),
]
CLASSES = ["baseline-420", "restart", "adobe", "progressive", "444"]
MB = 1_000_000
TARGET_WALL, TARGET_CPU = 0.6, 1.0
TARGET_MEMORY = {"progressive": 32 * MB}
TARGET_MEMORY_DEFAULT = 16 * MB


def sample_photos(work):
    """scikit-image's sample photos: from an installed skimage, else from its wheel
    (downloaded once with pip into WORK/wheel, nothing installed)."""
    import glob
    import zipfile
    try:
        import skimage
        return os.path.join(os.path.dirname(skimage.__file__), "data")
    except ImportError:
        pass
    data = os.path.join(work, "skimage-data")
    if not os.path.isdir(data):
        wheel_dir = os.path.join(work, "wheel")
        wheels = glob.glob(os.path.join(wheel_dir, "scikit_image-*.whl"))
        if not wheels:
            import subprocess
            subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                            "--only-binary=:all:", "-d", wheel_dir, "scikit-image"], check=True)
            wheels = glob.glob(os.path.join(wheel_dir, "scikit_image-*.whl"))
        os.makedirs(data, exist_ok=True)
        with zipfile.ZipFile(wheels[0]) as wheel:
            for name in wheel.namelist():
                if name.startswith("skimage/data/") and name.endswith((".png", ".jpg")):
                    with open(os.path.join(data, os.path.basename(name)), "wb") as out:
                        out.write(wheel.read(name))
    return data


def camera_picture(source, size):
    """The photo cropped to the camera's aspect, stretched to its size, with
    sensor-like noise, so the file's entropy resembles a camera file's."""
    from PIL import ImageChops
    with Image.open(source) as photo:
        picture = ImageOps.fit(photo.convert("RGB"), size, Image.LANCZOS)
    noise = Image.effect_noise(size, 10).point(lambda v: v - 128 + 128)
    bands = [ImageChops.add(band, noise, 1.0, -128) for band in picture.split()]
    return Image.merge("RGB", bands)


def adobe_ids_012(jpeg):
    """`jpeg` as some phone apps write it: no JFIF, an Adobe segment saying
    YCbCr (transform 1), component ids 0, 1, 2."""
    assert jpeg[2:4] == b"\xff\xe0"
    body = bytearray(jpeg[4 + int.from_bytes(jpeg[4:6], "big"):])
    sof, sos = body.index(b"\xff\xc0"), body.index(b"\xff\xda")
    for i in range(3):
        body[sof + 10 + 3 * i] = i
        body[sos + 5 + 2 * i] = i
    return b"\xff\xd8" + b"\xff\xee\x00\x0eAdobe\x00\x64\x00\x00\x00\x00\x01" + bytes(body)


def make_files(work, sizes):
    """WORK/photos/CLASS-WxH.jpg for each class and size; kept between runs."""
    import io
    photos = sample_photos(work)
    out_dir = os.path.join(work, "photos")
    os.makedirs(out_dir, exist_ok=True)
    files = []
    for (size, source) in sizes:
        names = {c: os.path.join(out_dir, f"{c}-{size[0]}x{size[1]}.jpg") for c in CLASSES}
        files += [(c, names[c]) for c in CLASSES]
        if all(os.path.exists(n) for n in names.values()):
            continue
        picture = camera_picture(os.path.join(photos, source), size)
        options = {
            "baseline-420": dict(subsampling=2),
            "restart": dict(subsampling=2, restart_marker_rows=1),
            "adobe": dict(subsampling=2),
            "progressive": dict(subsampling=2, progressive=True),
            "444": dict(subsampling=0),
        }
        for name, extra in options.items():
            buffer = io.BytesIO()
            picture.save(buffer, "JPEG", quality=92, **extra)
            data = buffer.getvalue()
            if name == "adobe":
                data = adobe_ids_012(data)
            with open(names[name], "wb") as f:
                f.write(data)
    return files


def loadavg():
    """The 1, 5 and 15 minute load averages: ratios on a busy machine are noisy."""
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "unknown"


def median(values):
    return statistics.median(values) if values else float("nan")


def reference_luma(path, size):
    """The photo decoded whole (no draft) and shrunk to `size` with Lanczos: what
    a shrunk photo should look like, as tests/photo_sharpness.rs makes it."""
    with Image.open(path) as image:
        image = ImageOps.exif_transpose(image.convert("RGB"))
        return image.resize(size, Image.LANCZOS).convert("L")


def ssim(output, reference):
    """SSIM on luma over 8x8 windows side by side, averaged (image-compare's
    MSSIMSimple, which the test uses), on the top 80 % of the rows: fieldcrew's
    stamp band (under 18 % of a 1600x1200 photo) is left out of both."""
    import numpy
    with Image.open(output) as image:
        a = numpy.asarray(image.convert("L"), dtype=numpy.float64)
    b = numpy.asarray(reference, dtype=numpy.float64)
    rows, cols = (a.shape[0] * 8 // 10) // 8 * 8, a.shape[1] // 8 * 8
    windows = [x[:rows, :cols].reshape(rows // 8, 8, cols // 8, 8).swapaxes(1, 2).reshape(-1, 64) for x in (a, b)]
    (x, y), (c1, c2) = windows, ((0.01 * 255) ** 2, (0.03 * 255) ** 2)
    mx, my = x.mean(axis=1), y.mean(axis=1)
    vx, vy = x.var(axis=1), y.var(axis=1)
    cov = ((x - mx[:, None]) * (y - my[:, None])).mean(axis=1)
    return float((((2 * mx * my + c1) * (2 * cov + c2)) / ((mx ** 2 + my ** 2 + c1) * (vx + vy + c2))).mean())


def classes_main(argv):
    import subprocess
    parser = argparse.ArgumentParser(prog="bench_pillow.py --classes")
    parser.add_argument("work")
    parser.add_argument("fieldcrew_bin")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args(argv)
    sizes = SIZES[:1] if args.smoke else SIZES
    rounds = 1 if args.smoke else args.rounds
    files = make_files(args.work, sizes)
    # Named per process: two bench runs at once (helpers share a work tree)
    # must not read each other's outputs.
    dst = os.path.join(args.work, f"pillow-out-{os.getpid()}.jpg")
    fc_out = os.path.join(args.work, f"fieldcrew-out-{os.getpid()}.jpg")
    print(f"Pillow {PIL.__version__}; {rounds} alternating warm rounds per file (fieldcrew's ingest_photo_file "
          f"in its own process, Pillow in this one, each after one run not counted); draft size = output size; "
          f"memory: peak above baseline of the first run in a fresh process")
    print(f"load average at start: {loadavg()}")
    print(f"{'file':34} {'route':18} {'fc ms':>7} {'fc cpu':>7} {'pil ms':>7} {'pil cpu':>7} "
          f"{'wall x':>6} {'cpu x':>6} {'fc MB+':>6} {'pil MB+':>7} {'fc SSIM':>7} {'pil SSIM':>8}")
    # The whole-corpus figure: per file, median fieldcrew/Pillow over its rounds; then the
    # median of those over all files of all classes.
    per_file_wall, per_file_cpu = [], []
    per_class = {c: {"wall": [], "cpu": [], "memory": [], "fc": [], "pil": [], "fc_cpu": [], "pil_cpu": [],
                     "routes": set(), "pil_memory": [], "out_bytes": [], "fc_ssim": [], "pil_ssim": []}
                 for c in CLASSES}
    for (klass, path) in files:
        fc, pil = [], []
        # A fresh fieldcrew process per file: its first ingest gives the
        # memory above baseline (and a cold time, not used); then warm runs
        # alternate with Pillow's warm in-process runs.
        server = subprocess.Popen([args.fieldcrew_bin, path, fc_out], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  text=True)
        first = json.loads(server.stdout.readline())
        if "error" in first:
            raise SystemExit(f"{path}: fieldcrew: {first['error']}")
        convert(path, dst)  # Pillow's warm-up
        for _ in range(rounds):
            server.stdin.write("\n")
            server.stdin.flush()
            fc.append(json.loads(server.stdout.readline()))
            wall, cpu = time.perf_counter(), time.process_time()
            convert(path, dst)
            pil.append(((time.perf_counter() - wall) * 1e3, (time.process_time() - cpu) * 1e3))
        server.stdin.close()
        server.wait()
        # Against the same reference: the first fieldcrew output, Pillow's last.
        reference = reference_luma(path, (first["width"], first["height"]))
        fc_ssim, pil_ssim = ssim(fc_out, reference), ssim(dst, reference)
        once = subprocess.run([sys.executable, __file__, "--once", path, dst], capture_output=True, text=True)
        pil_memory = json.loads(once.stdout)
        pil_above = (pil_memory["peak_kib"] - pil_memory["baseline_kib"]) * 1024 / MB
        fc_wall, fc_cpu = median([r["wall_ms"] for r in fc]), median([r["cpu_ms"] for r in fc])
        pil_wall, pil_cpu = median([p[0] for p in pil]), median([p[1] for p in pil])
        above = (first["peak_kib"] - first["baseline_kib"]) * 1024
        per_file_wall.append(median([r["wall_ms"] / p[0] for r, p in zip(fc, pil)]))
        per_file_cpu.append(median([r["cpu_ms"] / p[1] for r, p in zip(fc, pil) if p[1] > 0]))
        c = per_class[klass]
        c["wall"] += [r["wall_ms"] / p[0] for r, p in zip(fc, pil)]
        c["cpu"] += [r["cpu_ms"] / p[1] for r, p in zip(fc, pil) if p[1] > 0]
        c["memory"].append(above)
        c["pil_memory"].append(pil_above * MB)
        c["out_bytes"] += [r["out_bytes"] for r in fc]
        c["fc"].append(fc_wall)
        c["pil"].append(pil_wall)
        c["fc_cpu"].append(fc_cpu)
        c["pil_cpu"].append(pil_cpu)
        c["routes"].update(r["route"] for r in fc)
        c["fc_ssim"].append(fc_ssim)
        c["pil_ssim"].append(pil_ssim)
        print(f"{os.path.basename(path):34} {fc[0]['route']:18} {fc_wall:7.1f} {fc_cpu:7.1f} {pil_wall:7.1f} "
              f"{pil_cpu:7.1f} {fc_wall / pil_wall:6.2f} {fc_cpu / pil_cpu:6.2f} {above / MB:6.1f} {pil_above:7.1f} "
              f"{fc_ssim:7.4f} {pil_ssim:8.4f}",
              flush=True)
    for out in (dst, fc_out):
        os.remove(out)
    print()
    print(f"load average at end: {loadavg()}")
    print(f"per class (median over sizes and rounds; ratio = median of per-round fieldcrew/Pillow; "
          f"targets wall <= {TARGET_WALL}, CPU <= {TARGET_CPU}, memory above baseline <= 16 MB, progressive 32 MB)")
    print(f"{'class':14} {'fc ms':>7} {'pil ms':>7} {'wall x':>7} {'fc cpu':>7} {'pil cpu':>7} {'cpu x':>6} "
          f"{'MB+ min-max':>12} {'pil MB+':>8} {'max out KB':>10} {'fc SSIM':>7} {'pil SSIM':>8}  verdict")
    for klass in CLASSES:
        c = per_class[klass]
        wall, cpu, memory = median(c["wall"]), median(c["cpu"]), max(c["memory"])
        limit = TARGET_MEMORY.get(klass, TARGET_MEMORY_DEFAULT)
        missed = [name for name, bad in [("wall", wall > TARGET_WALL), ("CPU", cpu > TARGET_CPU),
                                         ("memory", memory > limit)] if bad]
        verdict = "met" if not missed else "MISSED " + ", ".join(missed)
        print(f"{klass:14} {median(c['fc']):7.1f} {median(c['pil']):7.1f} {wall:7.2f} {median(c['fc_cpu']):7.1f} "
              f"{median(c['pil_cpu']):7.1f} {cpu:6.2f} {min(c['memory']) / MB:5.1f}-{memory / MB:<6.1f} "
              f"{median(c['pil_memory']) / MB:8.1f} {max(c['out_bytes']) / 1000:10.1f} {median(c['fc_ssim']):7.4f} "
              f"{median(c['pil_ssim']):8.4f}  {verdict} "
              f"({'/'.join(sorted(c['routes']))})")

    wall, cpu = median(per_file_wall), median(per_file_cpu)
    missed = [name for name, bad in [("wall", wall > TARGET_WALL), ("CPU", cpu > TARGET_CPU)] if bad]
    print(f"{'whole corpus':14} median over {len(per_file_wall)} files of the per-file ratio: wall {wall:.2f} "
          f"(<= {TARGET_WALL}), CPU {cpu:.2f} (<= {TARGET_CPU})  "
          f"{'met' if not missed else 'MISSED ' + ', '.join(missed)}")


if __name__ == "__main__":
    main()
