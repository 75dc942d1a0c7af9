//! Ingests camera files as the app does and prints one JSON line per file:
//! input and output size, bytes, wall and CPU time, which decoder ran, or
//! the typed error. With `--write`, the output goes beside each input as
//! `NAME.fieldcrew.jpg`.
//!
//! `cargo run --release -p fieldcrew-media --example ingest -- [--write] FILE…`

use chrono::{TimeZone, Utc};
use fieldcrew_domain::Fix;
use fieldcrew_media::{IngestConfig, IngestError, Stamp, ingest_photo_timed};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let mut write = false;
    let mut files = Vec::new();
    for arg in std::env::args_os().skip(1) {
        match arg.to_str() {
            Some("--write") => write = true,
            Some("-h" | "--help") => {
                eprintln!("usage: ingest [--write] FILE…");
                return ExitCode::SUCCESS;
            }
            _ => files.push(PathBuf::from(arg)),
        }
    }
    if files.is_empty() {
        eprintln!("usage: ingest [--write] FILE…");
        return ExitCode::from(2);
    }
    let mut failed = false;
    for file in files {
        let line = ingest(&file, write);
        failed |= line.get("error").is_some();
        println!("{line}");
    }
    if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}

/// What the app passes: an order, the corrected time, a fix, the crew.
fn stamp() -> Stamp {
    Stamp {
        order_no: "GD2026112200017".into(),
        taken_at: Utc.with_ymd_and_hms(2026, 11, 22, 7, 4, 5).single().unwrap_or_default(),
        fix: Some(Fix { lat: 39.904_2, lon: 116.407_4, accuracy_m: 12.0, mock: false }),
        crew: "A3".into(),
    }
}

fn ingest(file: &Path, write: bool) -> Value {
    let mut line = json!({ "file": file.display().to_string() });
    let bytes = match std::fs::read(file) {
        Ok(bytes) => bytes,
        Err(e) => {
            line["error"] = json!({ "kind": "Read", "message": e.to_string() });
            return line;
        }
    };
    line["input_bytes"] = json!(bytes.len());
    if let Some((width, height)) = declared_size(&bytes) {
        line["input_width"] = json!(width);
        line["input_height"] = json!(height);
    }
    let stamp = stamp();
    let config = IngestConfig::default();
    let (started, cpu) = (Instant::now(), cpu_ms());
    // The bytes route: what the app's photo screen calls.
    let result = ingest_photo_timed(&bytes, &stamp, &config);
    line["wall_ms"] = json!(round(started.elapsed().as_secs_f64() * 1e3));
    line["cpu_ms"] = json!(round(cpu_ms() - cpu));
    match result {
        Ok((photo, laps)) => {
            line["route"] = json!(laps.route.map(|route| route.name()));
            line["output_width"] = json!(photo.width);
            line["output_height"] = json!(photo.height);
            line["output_bytes"] = json!(photo.bytes.len());
            line["orientation"] = json!(photo.original_exif.orientation);
            line["taken_at"] = json!(photo.original_exif.taken_at.map(|t| t.to_string()));
            line["stages_ms"] = laps
                .stages
                .iter()
                .map(|(name, took)| ((*name).to_string(), json!(round(took.as_secs_f64() * 1e3))))
                .collect::<serde_json::Map<_, _>>()
                .into();
            if write {
                let out = file.with_extension("fieldcrew.jpg");
                match std::fs::write(&out, &photo.bytes) {
                    Ok(()) => line["written"] = json!(out.display().to_string()),
                    Err(e) => line["error"] = json!({ "kind": "Write", "message": e.to_string() }),
                }
            }
        }
        Err(e) => line["error"] = json!({ "kind": kind(&e), "message": e.to_string() }),
    }
    line
}

fn kind(error: &IngestError) -> &'static str {
    match error {
        IngestError::Empty => "Empty",
        IngestError::Truncated => "Truncated",
        IngestError::Corrupt(_) => "Corrupt",
        IngestError::NotAnImage => "NotAnImage",
        IngestError::Unsupported(_) => "Unsupported",
        IngestError::TooLarge { .. } => "TooLarge",
        IngestError::Io(_) => "Io",
        IngestError::Internal(_) => "Internal",
    }
}

/// Width and height from a JPEG frame header or a PNG IHDR.
fn declared_size(bytes: &[u8]) -> Option<(u32, u32)> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        let field = |at: usize| Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?));
        return Some((field(16)?, field(20)?));
    }
    let mut decoder = jpeg_decoder::Decoder::new(bytes);
    decoder.read_info().ok()?;
    decoder.info().map(|info| (u32::from(info.width), u32::from(info.height)))
}

/// CPU time of the whole process, every thread, in ms.
fn cpu_ms() -> f64 {
    // SAFETY: getrusage only writes the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    let ms = |t: libc::timeval| t.tv_sec as f64 * 1e3 + t.tv_usec as f64 / 1e3;
    ms(usage.ru_utime) + ms(usage.ru_stime)
}

fn round(ms: f64) -> f64 {
    (ms * 10.0).round() / 10.0
}
