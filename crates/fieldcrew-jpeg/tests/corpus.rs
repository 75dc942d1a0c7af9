//! The fuzz seeds and the inputs fuzzing found (fuzz/seeds, fuzz/regressions)
//! through the public API in an ordinary test run, so they are checked
//! without cargo-fuzz: never a panic (overflow checks on), the same answer
//! on two threads as on one, and every seed (camera layouts, progressive) decodes.

use fieldcrew_jpeg::{Threads, decode, read_header};
use std::path::Path;

fn files(dir: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz").join(dir);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .map(|path| (path.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&path).unwrap()))
        .collect();
    files.sort();
    files
}

#[test]
fn every_seed_and_found_input_decodes_the_same_on_two_threads_as_on_one_at_every_size() {
    let all: Vec<_> = files("seeds").into_iter().chain(files("regressions")).collect();
    assert!(all.len() >= 10, "seeds and regressions are there");
    for (name, jpeg) in &all {
        for size in [1, 2, 4, 8] {
            let alone = decode(jpeg, size, Threads::One).map(|p| (p.width, p.height, p.rgb));
            for share in [0.2, 0.55, 0.9] {
                let split = decode(jpeg, size, Threads::SplitAt(share)).map(|p| (p.width, p.height, p.rgb));
                assert!(
                    split == alone,
                    "{name} at size {size}, split at {share}: one thread and two disagree"
                );
            }
        }
    }
}

#[test]
fn every_seed_decodes_progressive_included() {
    for (name, jpeg) in files("seeds") {
        assert!(decode(&jpeg, 8, Threads::One).is_some(), "{name}");
    }
}

#[test]
fn progressive_seeds_decode_to_what_jpeg_decoder_sees() {
    // Pillow's progressive files (successive approximation, restart
    // markers, grey, 4:4:4): grey levels within a level of jpeg-decoder's on
    // average (its chroma upsampling differs, so colour is not compared).
    let grey = |rgb: &[u8]| -> Vec<f64> {
        rgb.chunks_exact(3)
            .map(|p| 0.299 * f64::from(p[0]) + 0.587 * f64::from(p[1]) + 0.114 * f64::from(p[2]))
            .collect()
    };
    let progressive: Vec<_> =
        files("seeds").into_iter().filter(|(name, _)| name.starts_with("progressive")).collect();
    assert!(progressive.len() >= 4);
    for (name, jpeg) in progressive {
        let ours = decode(&jpeg, 8, Threads::Auto).unwrap_or_else(|| panic!("{name}"));
        let mut reference = jpeg_decoder::Decoder::new(&jpeg[..]);
        let theirs = reference.decode().unwrap();
        let theirs = match reference.info().unwrap().pixel_format {
            jpeg_decoder::PixelFormat::L8 => theirs.iter().flat_map(|&l| [l; 3]).collect(),
            _ => theirs,
        };
        let (ours, theirs) = (grey(&ours.rgb), grey(&theirs));
        let difference =
            ours.iter().zip(&theirs).map(|(a, b)| (a - b).abs()).sum::<f64>() / ours.len() as f64;
        assert!(difference < 1.0, "{name}: grey levels differ by {difference:.2} on average");
    }
}

#[test]
fn a_restart_interval_followed_by_another_marker_is_refused_not_a_panic() {
    // Found by scan_one_thread: a byte below 0xD0 where RSTn was due made
    // `code - 0xD0` overflow.
    for (name, jpeg) in
        files("regressions").into_iter().filter(|(name, _)| name.starts_with("restart-expected"))
    {
        assert!(read_header(&mut &jpeg[..]).is_some(), "{name}: the headers are fine");
        assert!(decode(&jpeg, 8, Threads::One).is_none(), "{name}");
    }
}

#[test]
fn odd_sizes_are_refused_and_any_split_share_gives_one_threads_answer() {
    let (_, jpeg) = files("seeds").into_iter().find(|(name, _)| name.starts_with("420-33x25")).unwrap();
    for size in [0, 3, 5, 9, 16] {
        assert!(decode(&jpeg, size, Threads::One).is_none(), "size {size}");
    }
    let alone = decode(&jpeg, 8, Threads::One).expect("decodes").rgb;
    for share in [f64::NAN, -1.0, 0.0, 1.0, 2.0, f64::INFINITY] {
        let split = decode(&jpeg, 8, Threads::SplitAt(share)).map(|p| p.rgb);
        assert!(split.as_ref() == Some(&alone), "share {share}");
    }
    // The headers and nothing after them: no data to split.
    let header = read_header(&mut &jpeg[..]).unwrap();
    let headers_only = &jpeg[..header.scan_offset() as usize];
    for threads in [Threads::One, Threads::SplitAt(0.5), Threads::Auto] {
        assert!(decode(headers_only, 8, threads).is_none(), "{threads:?}");
    }
}
