# Console: when the photo store (a folder or S3) fails
media_store_unavailable = The photo store can not be reached right now; try again later. No photo is lost.
media_store_failed = The photo store failed; ask the administrator to check the media store settings (media_url, [media_s3]).
