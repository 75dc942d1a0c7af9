//! 4:4:4 files decoded at reduced size take their chroma at half the luma's
//! resolution (a smaller IDCT per chroma block, stretched like 4:2:0's):
//! on a real photograph the pixels stay those of a full decode within the
//! tolerances the 4:2:0 route is held to, and grey stays exactly grey.

use fieldcrew_jpeg::{Route, Threads, decode};

/// scikit-image's "chelsea" (CC0), saved by Pillow at q92 with
/// `subsampling=0` (4:4:4), as some phones and editors write.
const CHELSEA_444: &[u8] = include_bytes!("photos/chelsea-444.jpg");

/// jpeg-decoder's RGB at IDCT size `size` (full chroma).
fn reference(jpeg: &[u8], size: usize) -> Vec<u8> {
    let mut decoder = jpeg_decoder::Decoder::new(jpeg);
    decoder.read_info().unwrap();
    let info = decoder.info().unwrap();
    let scaled = |side: u16| (side as usize * size).div_ceil(8) as u16;
    decoder.scale(scaled(info.width), scaled(info.height)).unwrap();
    decoder.decode().unwrap()
}

fn mean_difference(a: &[u8], b: &[u8]) -> f64 {
    assert_eq!(a.len(), b.len());
    a.iter().zip(b).map(|(x, y)| f64::from(x.abs_diff(*y))).sum::<f64>() / a.len() as f64
}

fn luma(rgb: &[u8]) -> Vec<u8> {
    rgb.chunks_exact(3)
        .map(|p| ((299 * u32::from(p[0]) + 587 * u32::from(p[1]) + 114 * u32::from(p[2]) + 500) / 1000) as u8)
        .collect()
}

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
fn a_444_photo_at_reduced_size_matches_a_full_chroma_decode() {
    for size in [2, 4] {
        let theirs = reference(CHELSEA_444, size);
        for threads in [Threads::One, Threads::SplitAt(0.5)] {
            let ours = decode(CHELSEA_444, size, threads).expect("the fast decoder takes 4:4:4");
            assert_eq!(ours.rgb.len(), theirs.len(), "size {size}");
            if threads == Threads::SplitAt(0.5) {
                assert_eq!(ours.route, Route::TwoThreads, "size {size}");
            }
            let luma_difference = mean_difference(&luma(&ours.rgb), &luma(&theirs));
            let difference = mean_difference(&ours.rgb, &theirs);
            eprintln!("size {size} {threads:?}: luma {luma_difference:.3}, colour {difference:.3}");
            // The 4:2:0 route's limits against jpeg-decoder (src/tests.rs).
            assert!(luma_difference < 1.5, "size {size}: luma differs by {luma_difference:.2} on average");
            assert!(difference < 2.5, "size {size}: colour differs by {difference:.2} on average");
            let (means, reference_means) = (channel_means(&ours.rgb), channel_means(&theirs));
            for channel in 0..3 {
                assert!(
                    (means[channel] - reference_means[channel]).abs() < 0.5,
                    "size {size}, channel {channel}: mean {means:?} against {reference_means:?}"
                );
            }
        }
    }
}

#[test]
fn two_threads_give_one_threads_pixels_for_a_444_photo_at_every_size() {
    for size in [1, 2, 4, 8] {
        let alone = decode(CHELSEA_444, size, Threads::One).unwrap();
        for share in [0.3, 0.55, 0.8] {
            let split = decode(CHELSEA_444, size, Threads::SplitAt(share)).unwrap();
            assert!(split.rgb == alone.rgb, "size {size}, split at {share}: pixels differ");
        }
    }
}

#[test]
fn a_grey_444_file_stays_exactly_grey_at_reduced_size() {
    for grey in [0u8, 1, 127, 128, 129, 254, 255] {
        let rgb = vec![grey; 96 * 64 * 3];
        let mut jpeg = Vec::new();
        let mut encoder = jpeg_encoder::Encoder::new(&mut jpeg, 92);
        encoder.set_sampling_factor(jpeg_encoder::SamplingFactor::F_1_1);
        encoder.encode(&rgb, 96, 64, jpeg_encoder::ColorType::Rgb).unwrap();
        let want = reference(&jpeg, 8)[0];
        for size in [1, 2, 4, 8] {
            let ours = decode(&jpeg, size, Threads::One).unwrap();
            assert!(ours.rgb.iter().all(|&v| v == want), "grey {grey} at size {size}");
        }
    }
}
