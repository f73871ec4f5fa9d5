//! How generation grows with the size of a spec: time and peak heap for synthetic specs of 100,
//! 1,000 and 5,000 operations (and the real Botpress spec), and for a document of Microsoft
//! Graph's shape and size (11,466 operations, 21 MB: `synth::graph`), whole and a selection of 50
//! of its operations. Prints a Markdown table for BENCHMARKS.md.
//!
//! `cargo bench -p openapi-rs-generator --bench scale`

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use generator::CrateSettings;

mod synth;

/// The system allocator, counting the bytes in use and their peak.
struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            let now = IN_USE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn measure(name: &str, source: String) {
    measure_selected(name, source, generator::Selection::default());
}

fn measure_selected(name: &str, source: String, selection: generator::Selection) {
    let settings = CrateSettings {
        name: "bench-client".into(),
        version: "0.1.0".into(),
        license: "MIT".into(),
        spec_display: "spec.yaml".into(),
        examples: Vec::new(),
        modules: Vec::new(),
        dependencies: Vec::new(),
        module: None,
        selection,
    };
    let spec_bytes = source.len();
    let baseline = IN_USE.load(Ordering::Relaxed);
    PEAK.store(baseline, Ordering::Relaxed);
    let runs = 3;
    let mut best = f64::MAX;
    let mut lines = 0;
    let mut operations = 0;
    for _ in 0..runs {
        let started = Instant::now();
        let generated = generator::Generator::new(&settings).generate(generator::Spec::text(Path::new("spec.yaml"), source.clone())).unwrap();
        best = best.min(started.elapsed().as_secs_f64());
        lines = generated.files.iter().map(|(_, c)| c.lines().count()).sum::<usize>();
        operations = generated
            .files
            .iter()
            .filter(|(p, _)| p == "README.md")
            .map(|(_, c)| c.lines().filter(|l| l.starts_with("| ") && l.contains("` |")).count())
            .sum::<usize>();
    }
    let peak = PEAK.load(Ordering::Relaxed) - baseline;
    println!(
        "| {name} | {operations} | {:.1} MB | {:.0} ms | {:.1} MB | {} | {:.1} |",
        spec_bytes as f64 / 1e6,
        best * 1e3,
        peak as f64 / 1e6,
        lines,
        lines as f64 / operations.max(1) as f64
    );
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` runs it too: keep that quick.
    let quick = std::env::args().any(|a| a == "--test") || !std::env::args().any(|a| a == "--bench");
    println!("| spec | operations | spec size | time (best of 3) | peak heap | generated lines | lines/op |");
    println!("| --- | --- | --- | --- | --- | --- | --- |");
    let botpress = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/botpress.yaml")).unwrap();
    measure("spec/botpress.yaml", botpress);
    let sizes: &[usize] = if quick { &[100] } else { &[100, 1000, 5000] };
    for &n in sizes {
        measure(&format!("synthetic {n}"), synth::spec(n));
    }
    // Every property a reference with a description beside it, through mutual recursion.
    measure("annotated references 300", synth::annotated_refs(300));
    // Graph's shape: whole, and the 50 operations `generator/tests/select.rs` selects.
    let graph = synth::graph(if quick { 294 } else { 11_400 });
    let fifty = generator::Selection {
        tags: vec!["activitys.column7".into(), "apps.setting7".into()],
        operations: vec!["*.GetCount-1".into(), "*.GetCount-2".into()],
        ..Default::default()
    };
    if !quick {
        measure_selected("Graph-shaped, 50 operations selected", graph.clone(), fifty);
    }
    measure("Graph-shaped, whole", graph);
}
