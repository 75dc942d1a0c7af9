"""Schemathesis hooks for fieldcrew: tus chunks are raw bytes."""

import schemathesis


@schemathesis.serializer("application/offset+octet-stream")
def tus_chunk(ctx, value):
    """A tus PATCH body goes as it is; anything generated that is not bytes goes as its text."""
    if isinstance(value, bytes):
        return value
    return b"" if value is None else str(value).encode()
