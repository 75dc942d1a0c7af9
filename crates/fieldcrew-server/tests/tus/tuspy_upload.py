"""Uploads a file to fieldcrew with the stock tus client (tuspy), stopping
after two chunks as if the connection dropped, then resuming with a fresh
uploader that finds the stored upload URL. Arguments: base_url token file
media_id sha256 order_id [sha256]."""

import hashlib
import sys
import tempfile

from tusclient import client
from tusclient.uploader import Uploader
from tusclient.storage import filestorage

base_url, token, path, media_id, sha256, order_id = sys.argv[1:7]
# tuspy checksums with sha1 by default (tus 1.0 makes sha1 mandatory);
# a seventh argument `sha256` switches to the phone's algorithm.
if sys.argv[7:8] == ["sha256"]:
    Uploader.CHECKSUM_ALGORITHM_PAIR = ("sha256", hashlib.sha256)
storage = filestorage.FileStorage(tempfile.mktemp(suffix=".json"))
tus = client.TusClient(f"{base_url}/v1/uploads", headers={"Authorization": f"Bearer {token}"})
metadata = {"media_id": media_id, "sha256": sha256, "order_id": order_id, "mime": "image/jpeg", "kind": "photo"}


def uploader():
    return tus.uploader(
        file_path=path, chunk_size=64 * 1024, metadata=metadata,
        store_url=True, url_storage=storage, upload_checksum=True,
    )


first = uploader()
first.upload_chunk()
first.upload_chunk()
interrupted_at = first.offset

resumed = uploader()
assert resumed.url == first.url, "the upload URL was not reused"
assert resumed.get_offset() == interrupted_at, "the server lost the offset"
resumed.upload()
print(f"resumed at {interrupted_at} of {resumed.get_file_size()}")
