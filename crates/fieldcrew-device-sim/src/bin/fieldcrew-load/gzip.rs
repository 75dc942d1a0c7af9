//! Push bodies gzip-compressed as the app's sync client sends them (its
//! helper is private to fieldcrew-sync).

use flate2::Compression;
use flate2::write::GzEncoder;
use std::io::Write;

pub fn compress_json<T: serde::Serialize>(value: &T) -> Vec<u8> {
    let json = serde_json::to_vec(value).expect("wire types always serialise");
    let mut encoder = GzEncoder::new(Vec::with_capacity(json.len() / 4), Compression::default());
    encoder.write_all(&json).expect("writing to a Vec does not fail");
    encoder.finish().expect("writing to a Vec does not fail")
}
