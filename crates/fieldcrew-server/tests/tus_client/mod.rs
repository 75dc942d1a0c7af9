//! A tus client for the tests: create, PATCH, HEAD and DELETE one upload
//! as a paired device.
#![allow(dead_code)]

use crate::common::Device;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use fieldcrew_domain::MediaId;
use reqwest::Response;

/// The start of a JPEG up to its first scan: SOI, an 8×8 grey baseline
/// frame header and a scan header. The server reads no further.
pub const JPEG_HEADER: [u8; 25] = [
    0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x08, 0x00, 0x08, 0x01, 0x01, 0x11, 0x00, 0xFF, 0xDA,
    0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00,
];

/// `len` bytes of a JPEG: its header, then scrambled scan data.
pub fn photo_bytes(len: usize) -> Vec<u8> {
    let mut bytes = JPEG_HEADER.to_vec();
    bytes.extend((bytes.len()..len).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8));
    bytes
}

pub fn metadata(id: MediaId, sha256: &str) -> String {
    [
        ("media_id", id.to_string()),
        ("sha256", sha256.to_string()),
        ("mime", "image/jpeg".into()),
        ("kind", "photo".into()),
    ]
    .iter()
    .map(|(k, v)| format!("{k} {}", STANDARD.encode(v)))
    .collect::<Vec<_>>()
    .join(",")
}

pub async fn create(device: &Device, id: MediaId, sha256: &str, len: usize) -> Response {
    create_with(device, id, sha256, len, &[]).await
}

/// tus creation-with-upload: the creation carries the file's first bytes
/// (none: a plain creation).
pub async fn create_with(device: &Device, id: MediaId, sha256: &str, len: usize, first: &[u8]) -> Response {
    let mut request = device
        .http
        .post(format!("{}/v1/uploads", device.base))
        .bearer_auth(&device.token)
        .header("tus-resumable", "1.0.0")
        .header("upload-length", len.to_string())
        .header("upload-metadata", metadata(id, sha256));
    if !first.is_empty() {
        request = request.header("content-type", "application/offset+octet-stream").body(first.to_vec());
    }
    request.send().await.unwrap()
}

pub async fn patch(
    device: &Device,
    location: &str,
    offset: usize,
    chunk: &[u8],
    checksum: Option<String>,
) -> Response {
    let mut request = device
        .http
        .patch(format!("{}{location}", device.base))
        .bearer_auth(&device.token)
        .header("tus-resumable", "1.0.0")
        .header("content-type", "application/offset+octet-stream")
        .header("upload-offset", offset.to_string())
        .body(chunk.to_vec());
    if let Some(sum) = checksum {
        request = request.header("upload-checksum", format!("sha256 {sum}"));
    }
    request.send().await.unwrap()
}

pub async fn offset(device: &Device, location: &str) -> usize {
    let response = head(device, location).await;
    assert_eq!(response.status(), 200, "HEAD {location}");
    response.headers()["upload-offset"].to_str().unwrap().parse().unwrap()
}

pub async fn delete(device: &Device, location: &str) -> Response {
    device
        .http
        .delete(format!("{}{location}", device.base))
        .bearer_auth(&device.token)
        .header("tus-resumable", "1.0.0")
        .send()
        .await
        .unwrap()
}

/// HEAD's answer as it is (`offset` wants a 200).
pub async fn head(device: &Device, location: &str) -> Response {
    device
        .http
        .head(format!("{}{location}", device.base))
        .bearer_auth(&device.token)
        .header("tus-resumable", "1.0.0")
        .send()
        .await
        .unwrap()
}
