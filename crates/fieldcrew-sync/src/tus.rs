//! The tus 1.0 header values the upload needs.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use fieldcrew_core::store::MediaRow;
use fieldcrew_protocol::tus;
use sha2::{Digest, Sha256};

pub(crate) const TUS_RESUMABLE: &str = "Tus-Resumable";
pub(crate) const UPLOAD_LENGTH: &str = "Upload-Length";
pub(crate) const UPLOAD_METADATA: &str = "Upload-Metadata";
pub(crate) const UPLOAD_OFFSET: &str = "Upload-Offset";
pub(crate) const UPLOAD_CHECKSUM: &str = "Upload-Checksum";
pub(crate) const OFFSET_OCTET_STREAM: &str = "application/offset+octet-stream";

/// `Upload-Metadata`: comma-separated `key base64(value)` pairs.
pub(crate) fn metadata(media: &MediaRow) -> String {
    let order = media.order_id.map(|o| o.to_string()).unwrap_or_default();
    let id = media.id.to_string();
    [
        (tus::META_MEDIA_ID, id.as_str()),
        (tus::META_SHA256, media.sha256.as_str()),
        (tus::META_ORDER_ID, order.as_str()),
        (tus::META_MIME, media.mime.as_str()),
        (tus::META_KIND, media.kind.as_str()),
    ]
    .iter()
    .filter(|(_, value)| !value.is_empty())
    .map(|(key, value)| format!("{key} {}", STANDARD.encode(value)))
    .collect::<Vec<_>>()
    .join(",")
}

/// `Upload-Checksum` of one chunk.
pub(crate) fn checksum(chunk: &[u8]) -> String {
    format!("sha256 {}", STANDARD.encode(Sha256::digest(chunk)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use fieldcrew_core::store::{MediaKind, MediaState};
    use fieldcrew_core::{MediaId, OrderId};

    #[test]
    fn metadata_pairs_are_base64_values_and_a_missing_order_is_left_out() {
        let mut media = MediaRow {
            id: MediaId::new(),
            sha256: "ab".repeat(32),
            size: 3,
            mime: "image/jpeg".into(),
            kind: MediaKind::Signature,
            order_id: Some(OrderId::new()),
            state: MediaState::Local,
        };
        let pairs: Vec<String> = metadata(&media).split(',').map(String::from).collect();
        assert_eq!(pairs.len(), 5);
        assert!(pairs.contains(&format!("kind {}", STANDARD.encode("signature"))));
        assert!(pairs.contains(&format!("media_id {}", STANDARD.encode(media.id.to_string()))));
        media.order_id = None;
        assert!(!metadata(&media).contains("order_id"));
    }

    #[test]
    fn the_checksum_is_the_base64_sha256_of_the_chunk() {
        // sha256("abc") = ba7816bf...; base64 of the raw digest:
        assert_eq!(checksum(b"abc"), "sha256 ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=");
    }
}
