"""Writes the seed corpus (seeds/*.jpg): small JPEGs of the layouts cameras
and apps write, from generated pixels. Run from this directory:
python3 make_seeds.py (needs Pillow). The files are checked in; this is how
they were made."""
import io
import random
from PIL import Image

random.seed(7)


def picture(width, height):
    image = Image.new("RGB", (width, height))
    pixels = image.load()
    for y in range(height):
        for x in range(width):
            block = (x * 3 // width + y * 2 // max(height, 1)) % 3
            base = [(90 + y, 120, 200 - x), (180, 170 - x, 150), (40, 60 + x, 50)][block]
            noise = random.randint(-12, 12)
            line = -60 if x % 16 < 2 or y % 16 < 2 else 0
            pixels[x, y] = tuple(max(0, min(255, c + noise + line)) for c in base)
    return image


def save(name, image, **options):
    out = io.BytesIO()
    image.save(out, "JPEG", **options)
    with open(f"seeds/{name}.jpg", "wb") as f:
        f.write(out.getvalue())


save("420-33x25", picture(33, 25), quality=90, subsampling=2)
save("444-24x16", picture(24, 16), quality=92, subsampling=0)
save("422-40x24", picture(40, 24), quality=85, subsampling=1)
save("grey-19x13", picture(19, 13).convert("L"), quality=90)
save("1x1", picture(1, 1), quality=75, subsampling=2)
save("420-restart-48x32", picture(48, 32), quality=90, subsampling=2, restart_marker_blocks=1)
save("420-restart-rows-64x48", picture(64, 48), quality=80, subsampling=2, restart_marker_rows=1)
save("progressive-32x24", picture(32, 24), quality=90, subsampling=2, progressive=True)
save("optimized-40x30", picture(40, 30), quality=70, subsampling=2, optimize=True)
# Adobe APP14 (transform 1, YCbCr) and ids 0, 1, 2 without JFIF, as some phone apps write.
plain = io.BytesIO()
picture(32, 32).save(plain, "JPEG", quality=88, subsampling=2)
data = plain.getvalue()
app0_length = int.from_bytes(data[4:6], "big")
body = data[4 + app0_length:]
adobe = b"\xff\xee\x00\x0eAdobe\x00\x64\x00\x00\x00\x00\x01"
sof = body.index(b"\xff\xc0")
sos = body.index(b"\xff\xda")
body = bytearray(body)
for i in range(3):
    body[sof + 10 + 3 * i] = i
    body[sos + 5 + 2 * i] = i
with open("seeds/adobe-ids012-32x32.jpg", "wb") as f:
    f.write(b"\xff\xd8" + adobe + bytes(body))
# Progressive as the own decoder now takes it: with restart markers, grey, 4:4:4.
save("progressive-restart-40x24", picture(40, 24), quality=88, subsampling=2, progressive=True,
     restart_marker_blocks=2)
save("progressive-grey-24x16", picture(24, 16).convert("L"), quality=90, progressive=True)
save("progressive-444-24x16", picture(24, 16), quality=92, subsampling=0, progressive=True)
