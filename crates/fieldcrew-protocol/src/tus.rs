//! Media upload with tus 1.0 (core, creation, checksum sha256, termination).

/// Collection path: `POST` creates, `OPTIONS` discovers.
pub const PATH: &str = "/v1/uploads";
pub const VERSION: &str = "1.0.0";
pub const EXTENSIONS: &str = "creation,creation-with-upload,checksum,termination,fieldcrew-overlap";
/// fieldcrew's extension `fieldcrew-overlap`: a PATCH carrying this header
/// (value `1`) may start below the upload's offset. The server checks that
/// the bytes it already holds equal the body's first ones, skips them and
/// appends the rest; bytes that differ answer 409 and change nothing. So a
/// phone resumes after a cut without asking `HEAD` first. Without the
/// header a PATCH keeps plain tus semantics (409 on any other offset). The
/// server names the extension on every upload answer with this header too.
pub const RESUME_OVERLAP: &str = "Fieldcrew-Resume-Overlap";
pub const CHECKSUM_ALGORITHMS: &str = "sha256";
/// Chunk size the client uses by default: small enough for 2G.
pub const DEFAULT_CHUNK: usize = 64 * 1024;
/// `Upload-Metadata` keys the server requires on creation.
pub const META_MEDIA_ID: &str = "media_id";
pub const META_SHA256: &str = "sha256";
pub const META_ORDER_ID: &str = "order_id";
pub const META_MIME: &str = "mime";
pub const META_KIND: &str = "kind";
