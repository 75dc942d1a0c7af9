//! Push bodies go gzip-compressed: JSON evidence shrinks several times,
//! which matters on 2G.

use flate2::Compression;
use flate2::write::GzEncoder;
use std::io::BufWriter;

/// The JSON goes straight into the encoder (buffered: serde writes in
/// small pieces), never whole in memory.
pub(crate) fn compress_json<T: serde::Serialize>(value: &T) -> Vec<u8> {
    let encoder = GzEncoder::new(Vec::with_capacity(16 * 1024), Compression::default());
    let mut json = BufWriter::with_capacity(32 * 1024, encoder);
    serde_json::to_writer(&mut json, value).expect("wire types always serialise");
    let encoder = json.into_inner().map_err(|e| e.into_error()).expect("writing to a Vec does not fail");
    encoder.finish().expect("writing to a Vec does not fail")
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::read::GzDecoder;
    use std::io::Read;

    #[test]
    fn compressed_json_decompresses_to_the_same_value() {
        let value = serde_json::json!({ "items": vec!["到达现场"; 200] });
        let compressed = compress_json(&value);
        let mut text = String::new();
        GzDecoder::new(&compressed[..]).read_to_string(&mut text).unwrap();
        assert_eq!(serde_json::from_str::<serde_json::Value>(&text).unwrap(), value);
        assert!(compressed.len() < text.len() / 4);
    }
}
