//! What the Fluent catalogues cost at start, against the struct constants
//! they replaced. Run: `cargo run --release -p fieldcrew-l10n --example startup_cost`.
//!
//! Fluent: parse every `.ftl` file in one language and fill each message
//! once (what the first screen's `strings()` does). Constants: the same
//! number of `&'static str` copied into a struct (what a `static` struct
//! literal costs, at most). Both are paid once per process; afterwards a word
//! is a field read either way.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use fieldcrew_l10n::{Catalogue, Locale, files};

/// Counts the bytes held on the heap, to see what the parsed bundles keep.
struct Counting;
static HELD: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        HELD.fetch_add(layout.size(), Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        HELD.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn sources(locale: Locale) -> Vec<Source> {
    // The same texts the statics embed; re-read here so each round parses anew.
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/ftl");
    files::ALL
        .iter()
        .map(|f| {
            let path = format!("{dir}/{}/{}.ftl", locale.tag(), f.name);
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
            let text: &'static str = Box::leak(text.into_boxed_str());
            let ids = Catalogue::parse(f.name, locale, text)
                .message_ids()
                .into_iter()
                .map(|id| &*Box::leak(id.into_boxed_str()))
                .collect();
            (f.name, text, ids)
        })
        .collect()
}

/// Each file's text and its message ids (the struct's fields, known at compile time).
type Source = (&'static str, &'static str, Vec<&'static str>);

fn fluent_round(sources: &[Source], locale: Locale) -> usize {
    let mut filled = 0;
    for (name, text, ids) in sources {
        let catalogue: &'static Catalogue = Box::leak(Box::new(Catalogue::parse(name, locale, text)));
        for id in ids {
            filled += black_box(catalogue.text(id)).len();
        }
    }
    filled
}

fn main() {
    let rounds = 50;
    for locale in Locale::ALL {
        let sources = sources(locale);
        // The words the constants held: every message, formatted once.
        let words: Vec<&'static str> = sources
            .iter()
            .flat_map(|(name, text, ids)| {
                let c: &'static Catalogue = Box::leak(Box::new(Catalogue::parse(name, locale, text)));
                ids.iter().map(move |id| c.text(id))
            })
            .collect();
        let bytes: usize = sources.iter().map(|(_, t, _)| t.len()).sum();

        // What one language's bundles keep for the process: parsed once, filled once.
        let before = HELD.load(Ordering::Relaxed);
        black_box(fluent_round(&sources, locale));
        let kept = HELD.load(Ordering::Relaxed) - before;
        // The phone reads only the domain's, the app's and the stamp's files.
        let phone: Vec<Source> =
            sources.iter().filter(|(name, _, _)| !name.starts_with("console")).cloned().collect();
        let before = HELD.load(Ordering::Relaxed);
        let start = Instant::now();
        black_box(fluent_round(&phone, locale));
        let phone_time = start.elapsed();
        let phone_kept = HELD.load(Ordering::Relaxed) - before;
        println!(
            "{}: the phone's {} files: {} KiB on the heap, {:.2} ms (one cold round)",
            locale.tag(),
            phone.len(),
            phone_kept / 1024,
            ms(phone_time)
        );

        let start = Instant::now();
        for _ in 0..rounds {
            black_box(fluent_round(&sources, locale));
        }
        let fluent = start.elapsed() / rounds;

        let start = Instant::now();
        let mut copied = 0;
        for _ in 0..rounds * 100 {
            let copy: Vec<&'static str> = black_box(&words).clone();
            copied += copy.len();
        }
        black_box(copied);
        let constants = start.elapsed() / (rounds * 100);

        println!(
            "{}: {} messages in {} files ({} KiB of .ftl, {} KiB on the heap once parsed): Fluent parse + fill {:.2} ms, constants {:.1} µs, ratio {:.0}×",
            locale.tag(),
            words.len(),
            sources.len(),
            bytes / 1024,
            kept / 1024,
            ms(fluent),
            constants.as_secs_f64() * 1e6,
            fluent.as_secs_f64() / constants.as_secs_f64().max(1e-9),
        );
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
