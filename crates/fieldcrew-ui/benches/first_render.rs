//! Start-up cost with 1,000 orders on the phone: open the store and render
//! the first order list (the App through a real VirtualDom, to HTML), against
//! the peer of only reading the same rows from SQLite. Prints a table with
//! the ratio; asserts nothing. Without `--bench` (as `cargo test
//! --all-targets` runs it) it does a small smoke run.

use chrono::{Duration, Utc};
use dioxus::prelude::*;
use fieldcrew_core::{Store, demo};
use fieldcrew_ui::camera::{CameraError, FixedCamera};
use fieldcrew_ui::location::{FixedLocator, NoFix};
use fieldcrew_ui::{App, AppContext};
use std::cell::RefCell;
use std::path::Path;
use std::rc::Rc;
use std::time::Instant;

fn fill(dir: &Path, orders: usize) {
    let mut store = Store::open(dir).unwrap();
    let now = Utc::now();
    for i in 0..orders {
        let mut order = demo::demo_orders(now - Duration::minutes(i as i64)).remove(i % 10);
        order.id = fieldcrew_core::OrderId::new();
        order.number = format!("BENCH-{i:05}");
        store.upsert_order(&order).unwrap();
    }
}

fn first_render(dir: &Path) -> usize {
    let store = Store::open(dir).unwrap();
    let ctx = AppContext {
        store: Ok(Rc::new(RefCell::new(store))),
        demo: false,
        sync: None,
        locator: Rc::new(FixedLocator(Err(NoFix::Unavailable("bench".into())))),
        camera: Rc::new(FixedCamera(Err(CameraError::Cancelled))),
        member: "bench".into(),
        crew: None,
        server: None,
        auto_pair: false,
    };
    let mut dom = VirtualDom::new(App).with_root_context(ctx);
    dom.rebuild_in_place();
    dioxus_ssr::render(&dom).len()
}

fn read_rows(dir: &Path) -> usize {
    Store::open(dir).unwrap().orders().unwrap().len()
}

fn median_ms(runs: usize, mut f: impl FnMut() -> usize) -> f64 {
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(f());
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

fn main() {
    let full =
        std::env::args().any(|a| a == "--bench") && std::env::var_os("FIELDCREW_BENCH_SMOKE").is_none();
    let (orders, runs) = if full { (1000, 7) } else { (50, 1) };
    let dir = tempfile::tempdir().unwrap();
    fill(dir.path(), orders);
    let render = median_ms(runs, || first_render(dir.path()));
    let peer = median_ms(runs, || read_rows(dir.path()));
    println!("first order list with {orders} orders ({runs} runs, median)");
    println!("| route | ms |");
    println!("|---|---|");
    println!("| open store + render the App's first list | {render:.1} |");
    println!("| peer: open store + read the rows only | {peer:.1} |");
    println!("| ratio render / read | {:.2} |", render / peer.max(0.001));
}
