//! A stored photo ready to show: its identity and an inline data URL (the
//! webview has no file access to the data dir).

use base64::Engine;
use fieldcrew_core::MediaId;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PhotoView {
    pub media: Option<MediaId>,
    pub sha256: String,
    pub data_url: String,
}

impl PhotoView {
    pub fn new(media: Option<MediaId>, sha256: String, jpeg: &[u8]) -> Self {
        let data_url =
            format!("data:image/jpeg;base64,{}", base64::engine::general_purpose::STANDARD.encode(jpeg));
        Self { media, sha256, data_url }
    }
}
