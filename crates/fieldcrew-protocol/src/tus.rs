//! Media upload with tus 1.0 (core, creation, checksum sha256, termination).

/// Collection path: `POST` creates, `OPTIONS` discovers.
pub const PATH: &str = "/v1/uploads";
pub const VERSION: &str = "1.0.0";
pub const EXTENSIONS: &str = "creation,creation-with-upload,checksum,termination";
pub const CHECKSUM_ALGORITHMS: &str = "sha256";
/// Chunk size the client uses by default: small enough for 2G.
pub const DEFAULT_CHUNK: usize = 64 * 1024;
/// `Upload-Metadata` keys the server requires on creation.
pub const META_MEDIA_ID: &str = "media_id";
pub const META_SHA256: &str = "sha256";
pub const META_ORDER_ID: &str = "order_id";
pub const META_MIME: &str = "mime";
pub const META_KIND: &str = "kind";
