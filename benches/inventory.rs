//! What a trader feels at scale: drawing a frame, a search keystroke, a re-sort, decoding and
//! indexing a 100,000-item inventory. Numbers and method: docs/benchmarks.md.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::hint::black_box;
use tradedeck::api::assetpay::{InventoryPage, ItemStore, Sort, StoredInventory, decode_inventory_from};
use tradedeck::app::panes::assetpay::state::{FullInventory, Source};
use tradedeck::app::{App, AssetPayMsg, Msg, update};
use tradedeck::money::Usd;
use tradedeck::sim::dataset;

/// The binary's allocator, so the numbers are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use tradedeck::trade::index::InventoryIndex;

fn inventory(n: usize) -> StoredInventory {
    let items = ItemStore::from_items(
        &serde_json::from_str::<Vec<tradedeck::api::assetpay::Item>>(&dataset::generate_json(730, 2026, n))
            .expect("demo items decode"),
    );
    InventoryPage { count: n as u64, items, updated_at: None, collateral: Usd::ZERO, skipped: vec![] }
}

/// `n` items whose last screenful is the same whatever `n` (the first 1,000 repeated), so
/// frames at different sizes draw the same rows and differ only by the size of the list.
fn repeating_inventory(n: usize) -> StoredInventory {
    let first = serde_json::from_str::<Vec<tradedeck::api::assetpay::Item>>(&dataset::generate_json(730, 2026, 1_000))
        .expect("demo items decode");
    let items = ItemStore::from_items(first.iter().cycle().take(n));
    InventoryPage { count: n as u64, items, updated_at: None, collateral: Usd::ZERO, skipped: vec![] }
}

/// An app showing a whole local inventory of `n` items on a 200×50 screen.
fn app_with(n: usize) -> App {
    let mut app = App::new(Source::Ready { endpoint: "/client/inventory" }, Source::Unavailable(String::new()), true);
    app.size = (200, 50);
    app.init();
    let generation = app.inventory.full_generation;
    update(
        &mut app,
        Msg::from(AssetPayMsg::Full { generation, result: Ok(FullInventory::indexed(repeating_inventory(n))) }),
    );
    app
}

fn draw_frame(c: &mut Criterion) {
    let mut group = c.benchmark_group("draw_frame_200x50");
    for n in [1_000, 100_000, 1_000_000] {
        let mut app = app_with(n);
        // The middle of the list: scrolled, nothing special about the first rows.
        update(&mut app, Msg::Key(crossterm::event::KeyEvent::from(crossterm::event::KeyCode::End)));
        let mut terminal = Terminal::new(TestBackend::new(200, 50)).unwrap();
        group.bench_with_input(BenchmarkId::from_parameter(n), &n, |b, _| {
            b.iter(|| {
                terminal
                    .draw(|f| {
                        black_box(tradedeck::ui::draw(f, black_box(&app)));
                    })
                    .unwrap();
            });
        });
    }
    group.finish();
}

/// The last pass of every frame alone: scrubbing a full 200×50 screen of drawn text.
fn scrub_frame(c: &mut Criterion) {
    let mut app = app_with(1_000);
    update(&mut app, Msg::Key(crossterm::event::KeyEvent::from(crossterm::event::KeyCode::End)));
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).unwrap();
    let mut frame = terminal.get_frame();
    tradedeck::ui::draw(&mut frame, &app);
    let mut buffer = frame.buffer_mut().clone();
    c.bench_function("scrub_frame_200x50", |b| b.iter(|| tradedeck::ui::scrub(black_box(&mut buffer))));
}

fn search_keystroke(c: &mut Criterion) {
    let page = inventory(100_000);
    let index = InventoryIndex::build(&page.items);
    let mut group = c.benchmark_group("search_keystroke_100k");
    let after_a = index.search("a", None);
    let after_ak = index.search("ak", None);
    let cases: [(&str, &str, Option<&_>); 6] = [
        ("first_char", "a", None),
        ("extended", "ak", Some(&after_a)),
        ("no_match", "zzzz", None),
        ("all_match", " ", None),
        ("two_words", "ak redline", Some(&after_ak)),
        ("two_words_fresh", "redline ft", None),
    ];
    for (name, needle, last) in cases {
        group.bench_function(name, |b| {
            b.iter(|| {
                let found = index.search(black_box(needle), last);
                index.arrange(&found.matches, Sort::PriceDesc, None, None)
            })
        });
    }
    group.finish();
}

fn resort(c: &mut Criterion) {
    let page = inventory(100_000);
    let index = InventoryIndex::build(&page.items);
    let all = index.search("", None).matches;
    let mut group = c.benchmark_group("resort_100k");
    for sort in Sort::ALL {
        group.bench_function(sort.as_param(), |b| b.iter(|| index.arrange(black_box(&all), sort, None, None)));
    }
    group.finish();
}

fn load(c: &mut Criterion) {
    let page = inventory(100_000);
    let body = serde_json::to_vec(&serde_json::json!({ "success": true, "data": page })).unwrap();
    let mut group = c.benchmark_group("load_100k");
    group.sample_size(10);
    let decode = |body: &[u8]| decode_inventory_from::<ItemStore>(200, None, body).unwrap();
    group.bench_function("decode", |b| b.iter(|| decode(black_box(&body))));
    group.bench_function("index", |b| b.iter(|| InventoryIndex::build(black_box(&page.items))));
    group.finish();
}

criterion_group!(benches, draw_frame, scrub_frame, search_keystroke, resort, load);
criterion_main!(benches);
