//! A timing probe (was an ignored test): a synthetic 12 MP camera file
//! decoded at half scale on one thread, on two, and by `jpeg-decoder`.
//! `cargo run --release -p fieldcrew-jpeg --example timing`

use fieldcrew_jpeg::{Threads, decode};

fn cpu_ms() -> f64 {
    // SAFETY: getrusage fills the struct it is given; zeroed is a valid rusage.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    let ms = |t: libc::timeval| t.tv_sec as f64 * 1e3 + t.tv_usec as f64 / 1e3;
    ms(usage.ru_utime) + ms(usage.ru_stime)
}

fn main() {
    let (width, height) = (4000u16, 3000u16);
    let mut state = 0x9E37_79B9_7F4A_7C15_u64;
    let rgb: Vec<u8> = (0..usize::from(width) * usize::from(height) * 3)
        .map(|i| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            ((i / 3 % 4000 / 16 + i / 12000 / 16) as u64 * 7 + state % 24) as u8
        })
        .collect();
    let mut jpeg = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut jpeg, 92);
    encoder.set_sampling_factor(jpeg_encoder::SamplingFactor::F_2_2);
    encoder.encode(&rgb, width, height, jpeg_encoder::ColorType::Rgb).unwrap();
    for _ in 0..3 {
        for threads in [Threads::One, Threads::Auto] {
            let (started, cpu) = (std::time::Instant::now(), cpu_ms());
            let pixels = decode(&jpeg, 4, threads).expect("decodes");
            eprintln!(
                "{threads:?}: {:?} wall {:?} cpu {:.1} ms",
                pixels.route,
                started.elapsed(),
                cpu_ms() - cpu
            );
        }
        let (started, cpu) = (std::time::Instant::now(), cpu_ms());
        let mut decoder = jpeg_decoder::Decoder::new(&jpeg[..]);
        decoder.read_info().unwrap();
        decoder.scale(width / 2, height / 2).unwrap();
        decoder.decode().unwrap();
        eprintln!("jpeg-decoder: wall {:?} cpu {:.1} ms", started.elapsed(), cpu_ms() - cpu);
    }
}
