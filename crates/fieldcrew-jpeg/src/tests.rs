use super::*;

/// Photo-like pixels (the same as fieldcrew-media's test files).
mod synthetic {
    /// RGB pixels with a sky gradient, hard-edged blocks and sensor-like
    /// noise: enough detail that JPEG sizes and decode costs resemble a real photo.
    pub fn photo_like(width: u32, height: u32) -> Vec<u8> {
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        let mut noise = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % 25) as i32 - 12
        };
        let mut pixels = Vec::with_capacity(width as usize * height as usize * 3);
        for y in 0..height {
            for x in 0..width {
                let block = ((x * 7 / width) + (y * 5 / height)) % 3;
                let base: [i32; 3] = match block {
                    0 => [90 + (y * 100 / height) as i32, 120, 200 - (y * 80 / height) as i32],
                    1 => [180, 170 - (x * 60 / width) as i32, 150],
                    _ => [40, 60 + (x * 120 / width) as i32, 50],
                };
                let line = if x % 64 < 2 || y % 64 < 2 { -60 } else { 0 };
                let n = noise();
                pixels.extend(base.map(|c| (c + line + n).clamp(0, 255) as u8));
            }
        }
        pixels
    }
}

fn camera_jpeg(width: u32, height: u32, quality: u8, restart_interval: Option<u16>) -> Vec<u8> {
    let rgb = synthetic::photo_like(width, height);
    let mut out = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, quality);
    encoder.set_sampling_factor(jpeg_encoder::SamplingFactor::F_2_2);
    if let Some(interval) = restart_interval {
        encoder.set_restart_interval(interval);
    }
    encoder.encode(&rgb, width as u16, height as u16, jpeg_encoder::ColorType::Rgb).unwrap();
    out
}

fn decode(jpeg: &[u8], size: usize, threads: Threads) -> Option<Pixels> {
    let header = read_header(&mut &jpeg[..]).expect("a layout this decoder takes");
    decode_scan(jpeg, &header, size, threads)
}

fn reference(jpeg: &[u8], size: usize) -> Vec<u8> {
    let mut decoder = jpeg_decoder::Decoder::new(jpeg);
    let info = {
        decoder.read_info().unwrap();
        decoder.info().unwrap()
    };
    let scaled = |side: u16| (side as usize * size).div_ceil(8) as u16;
    decoder.scale(scaled(info.width), scaled(info.height)).unwrap();
    decoder.decode().unwrap()
}

/// Mean absolute difference per channel value.
fn mean_difference(a: &[u8], b: &[u8]) -> f64 {
    assert_eq!(a.len(), b.len());
    a.iter().zip(b).map(|(x, y)| f64::from(x.abs_diff(*y))).sum::<f64>() / a.len() as f64
}

#[test]
fn one_thread_decodes_what_jpeg_decoder_decodes_at_every_scale() {
    let jpeg = camera_jpeg(333, 250, 92, None);
    for size in [1, 2, 4, 8] {
        let ours = decode(&jpeg, size, Threads::One).unwrap();
        assert_eq!(ours.route, Route::OneThread);
        let theirs = reference(&jpeg, size);
        let difference = mean_difference(&ours.rgb, &theirs);
        let luma_difference = mean_difference(&luma(&ours.rgb), &luma(&theirs));
        // Box chroma upsampling here, triangle there: colour edges differ most at small sizes.
        assert!(luma_difference < 1.5, "size {size}: luma differs by {luma_difference:.2} on average");
        let colour_limit = if size >= 4 { 2.5 } else { 6.0 };
        assert!(difference < colour_limit, "size {size}: colour differs by {difference:.2} on average");
    }
}

#[test]
fn a_grey_jpeg_decodes_to_grey_pixels() {
    let (width, height) = (120u32, 90u32);
    let luma: Vec<u8> = (0..width * height).map(|i| (i % width * 2) as u8).collect();
    let mut jpeg = Vec::new();
    jpeg_encoder::Encoder::new(&mut jpeg, 90)
        .encode(&luma, width as u16, height as u16, jpeg_encoder::ColorType::Luma)
        .unwrap();
    let ours = decode(&jpeg, 8, Threads::One).unwrap();
    let theirs: Vec<u8> = reference(&jpeg, 8).iter().flat_map(|&l| [l; 3]).collect();
    assert!(mean_difference(&ours.rgb, &theirs) < 1.0);
}

#[test]
fn two_threads_paint_the_same_bytes_as_one_wherever_the_second_starts() {
    // 640×480 at 4:2:0 is 40×30 MCUs: 40 and 120 divide that, so the last
    // interval ends with the image (Pillow's `restart_marker_rows` does that).
    for interval in [None, Some(7), Some(40), Some(120)] {
        let jpeg = camera_jpeg(640, 480, 92, interval);
        let alone = decode(&jpeg, 4, Threads::One).unwrap();
        for share in [0.13, 0.5, 0.61, 0.77] {
            let split = decode(&jpeg, 4, Threads::SplitAt(share)).unwrap();
            assert_eq!(split.route, Route::TwoThreads, "{interval:?} at {share}");
            assert!(split.rgb == alone.rgb, "{interval:?} at {share}: pixels differ");
        }
    }
}

#[test]
fn damage_anywhere_in_the_data_never_panics_and_two_threads_agree_with_one() {
    let jpeg = camera_jpeg(480, 360, 92, None);
    let header = read_header(&mut &jpeg[..]).unwrap();
    let data = header.scan_offset as usize..jpeg.len() - 2;
    let mut state = 0x2545_F491_4F6C_DD1D_u64;
    for _ in 0..40 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let at = data.start + (state as usize % data.len());
        let mut damaged = jpeg.clone();
        let length = 1 + (state >> 32) as usize % 64;
        for (i, byte) in damaged[at..(at + length).min(data.end)].iter_mut().enumerate() {
            *byte ^= (state >> (i % 8 * 8)) as u8 | 1;
        }
        let alone = decode(&damaged, 4, Threads::One).map(|p| p.rgb);
        let split = decode(&damaged, 4, Threads::SplitAt(0.5)).map(|p| p.rgb);
        assert!(alone == split, "damage at {at}: one thread and two disagree");
    }
}

fn progressive_jpeg(width: u32, height: u32, restart_interval: Option<u16>) -> Vec<u8> {
    let rgb = synthetic::photo_like(width, height);
    let mut out = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, 92);
    encoder.set_sampling_factor(jpeg_encoder::SamplingFactor::F_2_2);
    encoder.set_progressive(true);
    if let Some(interval) = restart_interval {
        encoder.set_restart_interval(interval);
    }
    encoder.encode(&rgb, width as u16, height as u16, jpeg_encoder::ColorType::Rgb).unwrap();
    out
}

#[test]
fn a_progressive_file_decodes_to_the_pixels_of_the_same_image_saved_baseline() {
    // Same quality, so the same coefficients: only their coding differs.
    let baseline = camera_jpeg(333, 250, 92, None);
    for interval in [None, Some(5)] {
        let progressive = progressive_jpeg(333, 250, interval);
        assert!(read_header(&mut &progressive[..]).unwrap().is_progressive());
        for size in [1, 2, 4, 8] {
            let ours = decode(&progressive, size, Threads::Auto).expect("decodes");
            assert_eq!(ours.route, Route::Progressive);
            let same_image = decode(&baseline, size, Threads::One).unwrap();
            assert_eq!((ours.width, ours.height), (same_image.width, same_image.height));
            assert!(ours.rgb == same_image.rgb, "restart {interval:?}, size {size}: pixels differ");
            let difference = mean_difference(&luma(&ours.rgb), &luma(&reference(&progressive, size)));
            assert!(difference < 1.5, "size {size}: luma differs from jpeg-decoder's by {difference:.2}");
        }
    }
}

#[test]
fn a_progressive_file_gives_the_same_pixels_on_one_thread_as_on_two() {
    for interval in [None, Some(3)] {
        let jpeg = progressive_jpeg(640, 480, interval);
        for size in [2, 4, 8] {
            let alone = decode(&jpeg, size, Threads::One).unwrap();
            let both = decode(&jpeg, size, Threads::Auto).unwrap();
            assert!(alone.rgb == both.rgb, "restart {interval:?}, size {size}: pixels differ");
        }
    }
}

#[test]
fn a_cut_or_damaged_progressive_file_is_left_to_the_general_decoder() {
    let jpeg = progressive_jpeg(240, 160, None);
    let header = read_header(&mut &jpeg[..]).unwrap();
    // Cut anywhere after the headers: the later scans are missing, so no image.
    for cut in (header.scan_offset() as usize..jpeg.len() - 1).step_by(997) {
        assert!(decode(&jpeg[..cut], 4, Threads::Auto).is_none(), "cut at {cut}");
    }
    let mut state = 0x2545_F491_4F6C_DD1D_u64;
    for _ in 0..60 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let mut damaged = jpeg.clone();
        let at =
            header.scan_offset() as usize + (state as usize % (jpeg.len() - header.scan_offset() as usize));
        damaged[at] ^= (state >> 40) as u8 | 1;
        // Whatever comes out (an image or `None`), nothing panics.
        for size in [1, 4, 8] {
            let _ = decode_scan(&damaged[..], &header, size, Threads::Auto);
        }
    }
}

#[test]
fn a_progressive_file_of_very_many_scans_is_left_to_the_general_decoder() {
    let jpeg = progressive_jpeg(16, 16, None);
    let header = read_header(&mut &jpeg[..]).unwrap();
    assert!(decode(&jpeg, 8, Threads::One).is_some());
    // The DC refinement scans a file may add, 100 of them: each reads one bit
    // per block (4 blocks of luma, 2 of chroma here, all zero bits).
    let mut refinement = vec![0xFF, 0xDA, 0, 12, 3];
    refinement.extend(header.components.iter().flat_map(|c| [c.id, 0]));
    refinement.extend([0, 0, 0x10]);
    let with_refinements = |count: usize| {
        let mut file = jpeg[..jpeg.len() - 2].to_vec();
        for _ in 0..count {
            file.extend(&refinement);
            file.push(0);
        }
        file.extend([0xFF, 0xD9]);
        file
    };
    assert!(header.is_progressive());
    assert!(decode(&with_refinements(30), 8, Threads::One).is_some(), "a few more scans are fine");
    assert!(decode(&with_refinements(100), 8, Threads::One).is_none());
}

#[test]
fn arithmetic_coded_files_are_left_to_the_general_decoder() {
    let mut arithmetic = camera_jpeg(64, 48, 90, None);
    let sof = arithmetic.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
    arithmetic[sof + 1] = 0xC9;
    assert!(read_header(&mut &arithmetic[..]).is_none());
}

#[test]
fn a_cut_or_damaged_scan_is_left_to_the_general_decoder() {
    let jpeg = camera_jpeg(640, 480, 92, None);
    let cut = &jpeg[..jpeg.len() * 2 / 3];
    assert!(decode(cut, 4, Threads::One).is_none());
    assert!(decode(cut, 4, Threads::SplitAt(0.4)).is_none());
    // Damage the middle of the data: whatever comes out, nothing panics.
    let mut damaged = jpeg.clone();
    let middle = damaged.len() / 2;
    damaged[middle..middle + 200].fill(0xA5);
    for threads in [Threads::One, Threads::SplitAt(0.5)] {
        let _ = decode(&damaged, 4, threads);
    }
}

fn luma(rgb: &[u8]) -> Vec<u8> {
    rgb.chunks_exact(3)
        .map(|p| ((299 * u32::from(p[0]) + 587 * u32::from(p[1]) + 114 * u32::from(p[2]) + 500) / 1000) as u8)
        .collect()
}

/// Any camera file on one thread and on two, compared:
/// `FIELDCREW_JPEG=photo.jpg cargo test --release -p fieldcrew-jpeg --lib -- --ignored --nocapture any_file`
#[test]
#[ignore = "needs a file named by FIELDCREW_JPEG"]
fn any_file_decodes_the_same_on_two_threads_as_on_one() {
    let path = std::env::var("FIELDCREW_JPEG").expect("FIELDCREW_JPEG=path");
    let jpeg = std::fs::read(path).unwrap();
    let header = read_header(&mut &jpeg[..]).expect("a layout this decoder takes");
    for size in [1, 2, 4, 8] {
        let alone = decode_scan(&jpeg[..], &header, size, Threads::One).expect("decodes");
        for share in [0.3, 0.55, 0.8] {
            let split = decode_scan(&jpeg[..], &header, size, Threads::SplitAt(share)).unwrap();
            eprintln!("size {size}, split at {share}: {:?}", split.route);
            assert!(split.rgb == alone.rgb, "size {size}, split at {share}: pixels differ");
        }
        let difference = mean_difference(&alone.rgb, &reference(&jpeg, size));
        eprintln!("size {size}: mean difference to jpeg-decoder {difference:.2}");
    }
}

/// A grey `side`×`side` JPEG whose Huffman tables have one 1-bit code each
/// (DC category `dc_symbol`, AC end-of-block), followed by `data`.
fn one_code_jpeg(side: u16, dc_symbol: u8, data: &[u8]) -> Vec<u8> {
    let mut jpeg = vec![0xFF, 0xD8];
    jpeg.extend([0xFF, 0xDB, 0, 67, 0]);
    jpeg.extend([1u8; 64]);
    jpeg.extend([0xFF, 0xC0, 0, 11, 8]);
    jpeg.extend(side.to_be_bytes());
    jpeg.extend(side.to_be_bytes());
    jpeg.extend([1, 1, 0x11, 0]);
    for (class, symbol) in [(0x00u8, dc_symbol), (0x10, 0)] {
        jpeg.extend([0xFF, 0xC4, 0, 20, class, 1]);
        jpeg.extend([0u8; 15]);
        jpeg.push(symbol);
    }
    jpeg.extend([0xFF, 0xDA, 0, 8, 1, 1, 0x00, 0, 63, 0]);
    jpeg.extend(data);
    jpeg
}

#[test]
fn a_second_thread_that_never_falls_into_step_stops_at_the_end_of_the_data() {
    // DC category 12 is invalid for 8-bit data: nothing decodes, before or after the marker.
    let mut data = vec![0u8; 170_000];
    data.extend([0xFF, 0xD9]);
    data.extend(vec![0u8; 130_000]);
    let jpeg = one_code_jpeg(8, 12, &data);
    assert!(decode(&jpeg, 8, Threads::SplitAt(0.55)).is_none());
}

#[test]
fn bytes_after_the_end_marker_change_nothing_and_a_missing_marker_is_not_accepted() {
    let jpeg = camera_jpeg(480, 360, 92, None);
    let clean = decode(&jpeg, 4, Threads::One).unwrap().rgb;
    let mut trailed = jpeg.clone();
    trailed.extend(vec![0u8; 200_000]);
    for share in [0.3, 0.55, 0.9] {
        assert!(decode(&trailed, 4, Threads::SplitAt(share)).unwrap().rgb == clean, "split at {share}");
    }
    let unended = &jpeg[..jpeg.len() - 2];
    assert!(decode(unended, 4, Threads::One).is_none());
    assert!(decode(unended, 4, Threads::SplitAt(0.55)).is_none());
}

#[test]
fn rgb_component_ids_are_left_to_the_general_decoder() {
    let mut jpeg = camera_jpeg(64, 48, 90, None);
    let sof = jpeg.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
    let sos = jpeg.windows(2).position(|w| w == [0xFF, 0xDA]).unwrap();
    // SOF: components at +10, +13, +16; SOS: selectors at +5, +7, +9.
    for (i, id) in [b'R', b'G', b'B'].into_iter().enumerate() {
        jpeg[sof + 10 + 3 * i] = id;
        jpeg[sos + 5 + 2 * i] = id;
    }
    assert!(read_header(&mut &jpeg[..]).is_none());
}

/// Mean of each RGB channel.
fn channel_means(rgb: &[u8]) -> [f64; 3] {
    let mut sums = [0u64; 3];
    for pixel in rgb.chunks_exact(3) {
        for (sum, &value) in sums.iter_mut().zip(pixel) {
            *sum += u64::from(value);
        }
    }
    sums.map(|sum| sum as f64 / (rgb.len() / 3) as f64)
}

#[test]
fn grey_colour_jpegs_decode_to_exactly_that_grey() {
    // Colour (YCbCr 4:2:0) files of flat greys: Cb = Cr = 128, so every
    // channel must come out equal to Y. The green channel used to be one higher.
    for grey in [0u8, 1, 64, 127, 128, 129, 200, 254, 255] {
        let rgb = vec![grey; 64 * 48 * 3];
        let mut jpeg = Vec::new();
        let mut encoder = jpeg_encoder::Encoder::new(&mut jpeg, 92);
        encoder.set_sampling_factor(jpeg_encoder::SamplingFactor::F_2_2);
        encoder.encode(&rgb, 64, 48, jpeg_encoder::ColorType::Rgb).unwrap();
        let theirs = reference(&jpeg, 8);
        for size in [1, 2, 4, 8] {
            let ours = decode(&jpeg, size, Threads::One).unwrap();
            let first = [ours.rgb[0], ours.rgb[1], ours.rgb[2]];
            assert_eq!(
                first,
                [theirs[0]; 3],
                "grey {grey} at size {size}: jpeg-decoder gives {:?}",
                &theirs[..3]
            );
            assert!(ours.rgb.chunks_exact(3).all(|p| p == first), "grey {grey} at size {size}: not flat");
        }
    }
    let rgb = vec![128u8; 32 * 32 * 3];
    let mut jpeg = Vec::new();
    jpeg_encoder::Encoder::new(&mut jpeg, 80).encode(&rgb, 32, 32, jpeg_encoder::ColorType::Rgb).unwrap();
    assert!(decode(&jpeg, 8, Threads::One).unwrap().rgb.iter().all(|&v| v == 128));
}

#[test]
fn mean_colour_matches_jpeg_decoder_within_half_a_level() {
    let jpeg = camera_jpeg(640, 480, 92, None);
    for size in [2, 4, 8] {
        let ours = channel_means(&decode(&jpeg, size, Threads::One).unwrap().rgb);
        let theirs = channel_means(&reference(&jpeg, size));
        for channel in 0..3 {
            let difference = ours[channel] - theirs[channel];
            assert!(
                difference.abs() < 0.5,
                "size {size}, channel {channel}: mean {:.3} against jpeg-decoder's {:.3}",
                ours[channel],
                theirs[channel]
            );
        }
    }
}

/// `jpeg` (from `jpeg_encoder`, 3 components) rewritten as other writers
/// write it: with or without the JFIF segment, with an Adobe segment saying
/// `adobe_transform`, and with component ids `ids`.
fn as_written_by(jpeg: &[u8], jfif: bool, adobe_transform: Option<u8>, ids: [u8; 3]) -> Vec<u8> {
    let mut out = vec![0xFF, 0xD8];
    if let Some(transform) = adobe_transform {
        out.extend([0xFF, 0xEE, 0, 14]);
        out.extend(b"Adobe");
        out.extend([0, 100, 0, 0, 0, 0, transform]);
    }
    let mut at = 2;
    loop {
        let marker = jpeg[at + 1];
        let length = usize::from(u16::from_be_bytes([jpeg[at + 2], jpeg[at + 3]]));
        let mut segment = jpeg[at..at + 2 + length].to_vec();
        match marker {
            0xE0 if !jfif => segment.clear(),
            // SOF: ids at +10, +13, +16; SOS: at +5, +7, +9.
            0xC0 => (0..3).for_each(|i| segment[10 + 3 * i] = ids[i]),
            0xDA => (0..3).for_each(|i| segment[5 + 2 * i] = ids[i]),
            _ => {}
        }
        out.extend(&segment);
        at += 2 + length;
        if marker == 0xDA {
            break;
        }
    }
    out.extend(&jpeg[at..]);
    out
}

fn encoded(width: u16, height: u16, sampling: jpeg_encoder::SamplingFactor) -> Vec<u8> {
    let rgb = synthetic::photo_like(width.into(), height.into());
    let mut out = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, 92);
    encoder.set_sampling_factor(sampling);
    encoder.encode(&rgb, width, height, jpeg_encoder::ColorType::Rgb).unwrap();
    out
}

#[test]
fn adobe_ycbcr_and_ids_0_1_2_without_jfif_take_the_fast_path_and_match_jpeg_decoder() {
    use jpeg_encoder::SamplingFactor::{F_1_1, F_2_2};
    for sampling in [F_1_1, F_2_2] {
        let original = encoded(320, 240, sampling);
        assert_eq!(&original[2..4], &[0xFF, 0xE0], "jpeg_encoder writes JFIF first");
        let plain = decode(&original, 8, Threads::One).unwrap().rgb;
        for (jfif, adobe, ids) in [
            (false, Some(1), [0, 1, 2]),
            (false, Some(1), [1, 2, 3]),
            (true, Some(1), [0, 1, 2]),
            (false, None, [0, 1, 2]),
            (false, None, [1, 2, 3]),
        ] {
            let jpeg = as_written_by(&original, jfif, adobe, ids);
            let what = format!("{sampling:?}, JFIF {jfif}, Adobe {adobe:?}, ids {ids:?}");
            let ours = decode(&jpeg, 8, Threads::One).unwrap_or_else(|| panic!("{what}: not taken"));
            assert!(ours.rgb == plain, "{what}: not the pixels of the JFIF file");
            let theirs = reference(&jpeg, 8);
            assert!(theirs == reference(&original, 8), "{what}: jpeg-decoder reads it otherwise");
            let worst = ours.rgb.iter().zip(&theirs).map(|(a, b)| a.abs_diff(*b)).max().unwrap();
            let means = (channel_means(&ours.rgb), channel_means(&theirs));
            for channel in 0..3 {
                assert!((means.0[channel] - means.1[channel]).abs() < 0.5, "{what}: means {means:?}");
            }
            if matches!(sampling, F_1_1) {
                // No chroma stretching to differ in: only IDCT and conversion
                // rounding (the same as for the JFIF file, checked above).
                let mean = mean_difference(&ours.rgb, &theirs);
                eprintln!("{what}: mean |difference| {mean:.3}, worst {worst}");
                assert!(
                    worst <= 3 && mean < 0.5,
                    "{what}: differs from jpeg-decoder by {mean:.3} on average, up to {worst}"
                );
            }
        }
    }
}

#[test]
fn adobe_rgb_and_ycck_transforms_are_left_to_the_general_decoder() {
    let original = encoded(64, 48, jpeg_encoder::SamplingFactor::F_2_2);
    for (jfif, transform, ids) in
        [(false, 0, [0, 1, 2]), (false, 0, [1, 2, 3]), (true, 0, [1, 2, 3]), (false, 2, [0, 1, 2])]
    {
        let jpeg = as_written_by(&original, jfif, Some(transform), ids);
        assert!(read_header(&mut &jpeg[..]).is_none(), "JFIF {jfif}, transform {transform}, ids {ids:?}");
    }
    // A short APP14 that is not Adobe's changes nothing.
    let mut other = original[..2].to_vec();
    other.extend([0xFF, 0xEE, 0, 6, b'D', b'u', b'c', b'k']);
    other.extend(&original[2..]);
    assert!(read_header(&mut &other[..]).is_some());
}

#[test]
fn a_second_thread_that_starts_late_is_still_used() {
    use crate::hooks::{Hook, force};
    // Shares at which a bound on the second thread's MCUs, taken while it
    // was still in its window and then kept, abandoned the split.
    for (width, height, interval, shares) in [
        (640, 480, None, &[0.05, 0.21, 0.3, 0.55][..]),
        (480, 360, None, &[0.06, 0.16, 0.18, 0.2, 0.34, 0.4, 0.54][..]),
        (333, 250, None, &[0.26, 0.38][..]),
        (640, 480, Some(7), &[0.3, 0.55][..]),
    ] {
        let jpeg = camera_jpeg(width, height, 92, interval);
        let alone = decode(&jpeg, 4, Threads::One).unwrap();
        force(Some(Hook::SecondThreadLate));
        let late: Vec<_> = shares.iter().map(|&share| decode(&jpeg, 4, Threads::SplitAt(share))).collect();
        force(None);
        for (share, split) in shares.iter().zip(late) {
            let split = split.unwrap();
            let what = format!("{width}×{height}, {interval:?}, at {share}");
            assert_eq!(split.route, Route::TwoThreads, "{what}");
            assert!(split.rgb == alone.rgb, "{what}: pixels differ");
        }
    }
}
