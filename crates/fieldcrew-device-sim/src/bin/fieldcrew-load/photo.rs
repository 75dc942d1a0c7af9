//! A small photo for the load's uploads: a real baseline JPEG (a fuzz seed
//! of fieldcrew-jpeg, 19×13 grey) with a comment segment of random bytes
//! after its start marker, so each upload is a distinct file of about the
//! asked size whose header the server's check reads like a camera's.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use fieldcrew_core::{MediaId, OrderId};
use fieldcrew_protocol::tus;
use sha2::{Digest, Sha256};

const SEED: &[u8] = include_bytes!("../../../../fieldcrew-jpeg/fuzz/seeds/grey-19x13.jpg");
/// A comment segment holds at most 65,533 bytes after its length field.
const MAX_COMMENT: usize = 65_533;

pub struct Photo {
    pub id: MediaId,
    pub order: OrderId,
    pub bytes: Vec<u8>,
    pub sha256: String,
}

impl Photo {
    /// About `kib` KiB (at most 64), the comment random.
    pub fn new(rng: &mut fastrand::Rng, kib: usize, order: OrderId) -> Self {
        let comment_len = (kib * 1024).saturating_sub(SEED.len()).clamp(16, MAX_COMMENT);
        let mut bytes = Vec::with_capacity(SEED.len() + comment_len + 4);
        bytes.extend_from_slice(&SEED[..2]); // SOI
        bytes.extend_from_slice(&[0xFF, 0xFE]);
        bytes.extend_from_slice(&((comment_len + 2) as u16).to_be_bytes());
        bytes.extend((0..comment_len).map(|_| rng.u8(..)));
        bytes.extend_from_slice(&SEED[2..]);
        let sha256 = fieldcrew_core::hash::sha256_hex(&bytes);
        Photo { id: MediaId::new(), order, bytes, sha256 }
    }

    /// `Upload-Metadata`: comma-separated `key base64(value)` pairs.
    pub fn metadata(&self) -> String {
        let (id, order) = (self.id.to_string(), self.order.to_string());
        [
            (tus::META_MEDIA_ID, id.as_str()),
            (tus::META_SHA256, self.sha256.as_str()),
            (tus::META_ORDER_ID, order.as_str()),
            (tus::META_MIME, "image/jpeg"),
            (tus::META_KIND, "photo"),
        ]
        .iter()
        .map(|(key, value)| format!("{key} {}", STANDARD.encode(value)))
        .collect::<Vec<_>>()
        .join(",")
    }

    /// `Upload-Checksum` of the whole file (sent in one request).
    pub fn checksum(&self) -> String {
        format!("sha256 {}", STANDARD.encode(Sha256::digest(&self.bytes)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_photo_is_a_jpeg_of_about_the_asked_size_and_differs_from_the_last() {
        let mut rng = fastrand::Rng::with_seed(7);
        let order = OrderId::new();
        let (a, b) = (Photo::new(&mut rng, 16, order), Photo::new(&mut rng, 16, order));
        assert!(a.bytes.starts_with(&[0xFF, 0xD8, 0xFF, 0xFE]));
        assert!(a.bytes.ends_with(&SEED[SEED.len() - 2..]), "ends with the seed's end marker");
        assert_eq!(a.bytes.len(), 16 * 1024 + 4);
        assert_ne!(a.sha256, b.sha256);
        assert!(a.metadata().contains("mime aW1hZ2UvanBlZw=="), "{}", a.metadata());
    }
}
