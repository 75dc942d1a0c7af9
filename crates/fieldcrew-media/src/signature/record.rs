//! The signature record: who signed, hashes of the strokes and the image,
//! and the hash of the content they signed for (computed by
//! `fieldcrew_domain::signature`, so app and server agree on it).

use super::render::render_png;
use super::strokes::{Stroke, strokes_sha256};
use crate::config::SignatureStyle;
use crate::error::SignatureError;
use fieldcrew_domain::hash::sha256_hex;
use fieldcrew_domain::signature::SignedContent;
use fieldcrew_domain::{EventKind, MediaId};
use serde::{Deserialize, Serialize};

/// The mime type of every signature image.
pub const SIGNATURE_MIME: &str = "image/png";

/// What a signature event records, less the stored image's id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignatureRecord {
    pub signer_name: String,
    pub strokes_sha256: String,
    pub image_sha256: String,
    pub content_hash: String,
}

/// A rendered signature ready to store: the PNG goes to
/// `Store::put_media(Some(order), MediaKind::Signature, SIGNATURE_MIME, &png)`,
/// then `record.into_event(media_row.id)` is the event to record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenderedSignature {
    pub png: Vec<u8>,
    pub record: SignatureRecord,
}

/// Renders the strokes and binds them, the image and the signer to `content`.
pub fn sign(
    signer_name: &str,
    strokes: &[Stroke],
    content: &SignedContent<'_>,
    style: &SignatureStyle,
) -> Result<RenderedSignature, SignatureError> {
    if signer_name.trim().is_empty() {
        return Err(SignatureError::NoSignerName);
    }
    let png = render_png(strokes, style)?;
    let record = SignatureRecord {
        signer_name: signer_name.to_string(),
        strokes_sha256: strokes_sha256(strokes),
        image_sha256: sha256_hex(&png),
        content_hash: content.content_hash(),
    };
    Ok(RenderedSignature { png, record })
}

/// Whether the signature still covers `current`: false once the cause, the
/// responsibility decision or the photos changed after signing.
pub fn verify(record: &SignatureRecord, current: &SignedContent<'_>) -> bool {
    current.is_covered_by(&record.content_hash)
}

impl SignatureRecord {
    /// The event to record once the PNG is stored as `image`.
    pub fn into_event(self, image: MediaId) -> EventKind {
        EventKind::CustomerSignature {
            signer_name: self.signer_name,
            strokes_sha256: self.strokes_sha256,
            image,
            image_sha256: self.image_sha256,
            content_hash: self.content_hash,
        }
    }

    /// The record inside a recorded signature event, to `verify` it later.
    pub fn from_event(kind: &EventKind) -> Option<SignatureRecord> {
        match kind {
            EventKind::CustomerSignature {
                signer_name, strokes_sha256, image_sha256, content_hash, ..
            } => Some(SignatureRecord {
                signer_name: signer_name.clone(),
                strokes_sha256: strokes_sha256.clone(),
                image_sha256: image_sha256.clone(),
                content_hash: content_hash.clone(),
            }),
            _ => None,
        }
    }
}
