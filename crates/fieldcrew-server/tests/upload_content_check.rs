//! A finished upload must be the image it says it is: a photo a readable
//! JPEG within the pixel limit, a signature a PNG. Anything else is refused
//! with a JSON error once the whole file has arrived, and nothing of it is
//! kept: no media file, no upload to resume.

mod common;
mod tus_client;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use common::{Device, pair};
use fieldcrew_domain::MediaId;
use fieldcrew_domain::hash::sha256_hex;
use fieldcrew_protocol::error::ErrorBody;
use fieldcrew_server::test_support::TestServer;
use tus_client::{JPEG_HEADER, head, patch, photo_bytes};

/// Creates an upload of `bytes` as `kind`/`mime` and sends it in one PATCH;
/// the PATCH's status and error body.
async fn upload(
    device: &Device,
    id: MediaId,
    kind: &str,
    mime: &str,
    bytes: &[u8],
) -> (u16, Option<ErrorBody>) {
    let meta = [
        ("media_id", id.to_string()),
        ("sha256", sha256_hex(bytes)),
        ("mime", mime.into()),
        ("kind", kind.into()),
    ]
    .iter()
    .map(|(k, v)| format!("{k} {}", STANDARD.encode(v)))
    .collect::<Vec<_>>()
    .join(",");
    let created = device
        .http
        .post(format!("{}/v1/uploads", device.base))
        .bearer_auth(&device.token)
        .header("tus-resumable", "1.0.0")
        .header("upload-length", bytes.len().to_string())
        .header("upload-metadata", meta)
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201, "{kind} {mime}");
    let location = created.headers()["location"].to_str().unwrap().to_string();
    let response = patch(device, &location, 0, bytes, None).await;
    let status = response.status().as_u16();
    (status, response.json().await.ok())
}

/// Refused with `status`, a message containing `says`, and nothing kept.
async fn assert_refused(
    server: &TestServer,
    device: &Device,
    kind: &str,
    mime: &str,
    bytes: &[u8],
    status: u16,
    says: &str,
) {
    let id = MediaId::new();
    let (got, body) = upload(device, id, kind, mime, bytes).await;
    assert_eq!(got, status, "{says}");
    let body = body.expect("a JSON error body");
    assert!(body.message.contains(says), "{}", body.message);
    assert_eq!(server.media_bytes(id), None, "no media file");
    assert_eq!(head(device, &format!("/v1/uploads/{id}")).await.status(), 404, "no upload left to resume");
    let parts = std::fs::read_dir(server.state.uploads_dir()).map(|d| d.count()).unwrap_or(0);
    assert_eq!(parts, 0, "no part file left");
}

/// A JPEG header declaring `width`×`height`.
fn jpeg_declaring(width: u16, height: u16) -> Vec<u8> {
    let mut bytes = JPEG_HEADER.to_vec();
    bytes[7..9].copy_from_slice(&height.to_be_bytes());
    bytes[9..11].copy_from_slice(&width.to_be_bytes());
    bytes.extend([0x12; 100]);
    bytes
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = (data.len() as u32).to_be_bytes().to_vec();
    out.extend(kind);
    out.extend(data);
    out.extend(crc32(&out[4..]).to_be_bytes());
    out
}

/// A PNG's signature, header and a (not decoded) data chunk.
fn png(width: u32, height: u32) -> Vec<u8> {
    let mut header = width.to_be_bytes().to_vec();
    header.extend(height.to_be_bytes());
    header.extend([8, 0, 0, 0, 0]);
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend(chunk(b"IHDR", &header));
    bytes.extend(chunk(b"IDAT", &[0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]));
    bytes.extend(chunk(b"IEND", &[]));
    bytes
}

#[tokio::test]
async fn a_corrupt_jpeg_is_refused_and_nothing_is_kept() {
    let server = TestServer::start().await;
    let phone = pair(&server, &server.crew_code, &server.pin).await;
    let mut corrupt = vec![0xFF, 0xD8, 0xFF, 0xE0];
    corrupt.extend((0..2000u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8));
    assert_refused(&server, &phone, "photo", "image/jpeg", &corrupt, 422, "damaged").await;
    // Cut off before its image data.
    assert_refused(&server, &phone, "photo", "image/jpeg", &JPEG_HEADER[..15], 422, "damaged").await;
}

#[tokio::test]
async fn heic_or_png_bytes_declared_as_jpeg_are_refused() {
    let server = TestServer::start().await;
    let phone = pair(&server, &server.crew_code, &server.pin).await;
    let mut heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic".to_vec();
    heic.extend([0u8; 500]);
    assert_refused(&server, &phone, "photo", "image/jpeg", &heic, 415, "HEIC").await;
    assert_refused(
        &server,
        &phone,
        "photo",
        "image/jpeg",
        &png(64, 64),
        415,
        "a PNG, not the declared image/jpeg",
    )
    .await;
}

#[tokio::test]
async fn a_jpeg_declaring_more_pixels_than_the_limit_is_refused() {
    let server = TestServer::start().await;
    let phone = pair(&server, &server.crew_code, &server.pin).await;
    assert_refused(&server, &phone, "photo", "image/jpeg", &jpeg_declaring(65535, 65535), 422, "65535×65535")
        .await;
    // Within the limit it is a photo like any other.
    let id = MediaId::new();
    let fine = jpeg_declaring(4000, 3000);
    assert_eq!(upload(&phone, id, "photo", "image/jpeg", &fine).await.0, 204);
    assert_eq!(server.media_bytes(id), Some(fine));
}

#[tokio::test]
async fn a_signature_is_a_png_and_nothing_else() {
    let server = TestServer::start().await;
    let phone = pair(&server, &server.crew_code, &server.pin).await;
    let id = MediaId::new();
    let signature = png(600, 240);
    assert_eq!(upload(&phone, id, "signature", "image/png", &signature).await.0, 204);
    assert_eq!(server.media_bytes(id), Some(signature.clone()));

    assert_refused(&server, &phone, "signature", "image/png", &photo_bytes(3000), 415, "a JPEG").await;
    let mut broken = signature;
    broken[20] ^= 0x01; // the header's checksum no longer matches
    assert_refused(&server, &phone, "signature", "image/png", &broken, 422, "checksum").await;
    assert_refused(&server, &phone, "signature", "image/png", &png(65535, 65535), 422, "pixels").await;
}
