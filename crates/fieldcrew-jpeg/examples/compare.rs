//! Decodes a file here (one thread, full size) and with `jpeg-decoder`, and
//! prints where the pixels differ, 8×8 pixel cell by cell: for reading a
//! fuzz artifact. `cargo run -p fieldcrew-jpeg --example compare -- FILE [OUT]`

fn main() {
    let path = std::env::args().nth(1).expect("usage: compare FILE");
    let jpeg = std::fs::read(path).expect("readable");
    let ours = fieldcrew_jpeg::decode(&jpeg, 8, fieldcrew_jpeg::Threads::One);
    let mut decoder = jpeg_decoder::Decoder::new(&jpeg[..]);
    let theirs = decoder.decode();
    let (Some(ours), Ok(theirs)) = (ours.as_ref(), theirs.as_ref()) else {
        println!(
            "here: {}; jpeg-decoder: {:?}",
            if ours.is_some() { "decoded" } else { "refused" },
            theirs.err()
        );
        return;
    };
    let theirs: Vec<u8> = match decoder.info().unwrap().pixel_format {
        jpeg_decoder::PixelFormat::L8 => theirs.iter().flat_map(|&l| [l; 3]).collect(),
        _ => theirs.clone(),
    };
    let (width, height) = (ours.width as usize, ours.height as usize);
    if let Some(out) = std::env::args().nth(2) {
        // Both decodes as PPM files, OUT.here.ppm and OUT.jpeg-decoder.ppm, for a third opinion.
        for (name, rgb) in [("here", &ours.rgb), ("jpeg-decoder", &theirs)] {
            let mut ppm = format!("P6\n{width} {height}\n255\n").into_bytes();
            ppm.extend_from_slice(rgb);
            std::fs::write(format!("{out}.{name}.ppm"), ppm).expect("writable");
        }
    }
    println!("{width}×{height}; mean |difference| per 8×8 cell, RGB of its first pixel here/there:");
    for cell_y in 0..height.div_ceil(8) {
        let mut line = String::new();
        for cell_x in 0..width.div_ceil(8) {
            let (mut sum, mut n) = (0u64, 0u64);
            for y in cell_y * 8..(cell_y * 8 + 8).min(height) {
                for x in cell_x * 8..(cell_x * 8 + 8).min(width) {
                    for c in 0..3 {
                        let i = (y * width + x) * 3 + c;
                        sum += u64::from(ours.rgb[i].abs_diff(theirs[i]));
                        n += 1;
                    }
                }
            }
            let i = (cell_y * 8 * width + cell_x * 8) * 3;
            line +=
                &format!("{:5.1} {:?}/{:?}  ", sum as f64 / n as f64, &ours.rgb[i..i + 3], &theirs[i..i + 3]);
        }
        println!("{line}");
    }
}
