// Each test binary uses a different part of these helpers.
#![allow(dead_code)]

pub mod synthetic;

use chrono::{TimeZone, Utc};
use fieldcrew_domain::Fix;
use fieldcrew_media::Stamp;

/// A stamp as the app would pass it.
pub fn stamp() -> Stamp {
    Stamp {
        order_no: "GD2026112200017".into(),
        taken_at: Utc.with_ymd_and_hms(2026, 11, 22, 7, 4, 5).unwrap(),
        fix: Some(Fix { lat: 39.904_2, lon: 116.407_4, accuracy_m: 12.0, mock: false }),
        crew: "A3".into(),
    }
}

/// The marker bytes of every segment before the image data (FFD8 excluded).
pub fn segment_markers(jpeg: &[u8]) -> Vec<u8> {
    assert_eq!(&jpeg[..2], &[0xFF, 0xD8], "not a JPEG");
    let mut markers = Vec::new();
    let mut at = 2;
    while at + 4 <= jpeg.len() && jpeg[at] == 0xFF {
        let marker = jpeg[at + 1];
        markers.push(marker);
        if marker == 0xDA {
            break;
        }
        at += 2 + u16::from_be_bytes([jpeg[at + 2], jpeg[at + 3]]) as usize;
    }
    markers
}
