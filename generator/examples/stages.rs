//! Times the stages of `generate` for one spec, and a selection of its operations by tag:
//! `cargo run --release -p openapi-rs-generator --example stages -- SPEC [--tags TAG]...`
//! (how BENCHMARKS.md's Graph-shaped figures were split).
//!
//! Each stage's wall time, the process's CPU time (user + system) in it, the peak resident memory
//! while it ran (Linux: the peak is reset before each stage through `/proc/self/clear_refs`), and
//! the bytes allocated at most while it ran and still allocated after it (with the allocator the
//! binary uses, counted). Emitting and formatting run here one file at a time on one
//! thread, to tell them apart (the binary does both on every core, each file as it goes).

use std::time::Instant;

use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

/// mimalloc, as the binary uses, counting the bytes allocated and not yet freed (`live`) and
/// their most since the last reset (`most`): what the pipeline holds, apart from the allocator's
/// and the system's own.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static MOST: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let now = LIVE.fetch_add(by, Relaxed) + by;
    MOST.fetch_max(now, Relaxed);
}

// SAFETY: every call is passed on to mimalloc as it came.
unsafe impl std::alloc::GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        grew(layout.size());
        // SAFETY: the caller's guarantees, passed on.
        unsafe { mimalloc::MiMalloc.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: std::alloc::Layout) {
        LIVE.fetch_sub(layout.size(), Relaxed);
        // SAFETY: the caller's guarantees, passed on.
        unsafe { mimalloc::MiMalloc.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, new_size: usize) -> *mut u8 {
        grew(new_size);
        LIVE.fetch_sub(layout.size(), Relaxed);
        // SAFETY: the caller's guarantees, passed on.
        unsafe { mimalloc::MiMalloc.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The process's CPU time so far, in seconds (user + system; `/proc/self/stat`, in ticks of 1/100 s).
fn cpu() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat.rsplit_once(')').map_or("", |(_, rest)| rest).split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

/// The peak resident memory since the last [`reset_peak`], in MB (`VmHWM`).
fn peak() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = status.lines().find_map(|l| l.strip_prefix("VmHWM:")).and_then(|v| v.trim().trim_end_matches(" kB").parse::<u64>().ok());
    kb.unwrap_or(0) / 1024
}

fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    MOST.store(LIVE.load(Relaxed), Relaxed);
}

/// Runs `stage`, printing its wall and CPU time and the peak memory while it ran.
fn stage<T>(name: &str, stage: impl FnOnce() -> T) -> T {
    reset_peak();
    let (started, cpu_before) = (Instant::now(), cpu());
    let out = stage();
    let (live, most) = (LIVE.load(Relaxed) >> 20, MOST.load(Relaxed) >> 20);
    eprintln!(
        "{name:>10}: {:>7.2?} wall, {:>5.2} s CPU, peak RSS {:>4} MB; allocated {most:>4} MB at most, {live:>4} MB after",
        started.elapsed(),
        cpu() - cpu_before,
        peak()
    );
    out
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(spec) = args.first().map(std::path::PathBuf::from) else {
        eprintln!("usage: stages SPEC [--tags TAG]...");
        std::process::exit(2);
    };
    let tags: Vec<String> = args.windows(2).filter(|w| w[0] == "--tags").map(|w| w[1].clone()).collect();
    generator::on_big_stack(|| run(spec, tags));
}

fn run(spec: std::path::PathBuf, tags: Vec<String>) {
    // Read from the file, as `generate --spec` reads it (a large file's text is let go once read).
    let mut doc =
        stage("load", || generator::load::load(generator::Spec::File(&spec), &generator::LoadOptions::default()).unwrap_or_else(|e| panic!("{e}")));
    doc.defer_locations();
    let selection = generator::Selection { tags, ..Default::default() };
    let (kept, _) = stage("select", || generator::select::apply(&mut doc, &selection, false).unwrap_or_else(|e| panic!("{e}")));
    eprintln!("            {kept:?}");
    let findings = stage("check", || {
        let mut findings = generator::check::as_written_findings(&doc);
        doc.drop_raw();
        generator::check::parsed_findings(&doc, &mut findings);
        doc.forget_json();
        findings
    });
    eprintln!("            {} findings", findings.len());
    let (api, mut warnings) = stage("model", || generator::model::build_freeing_paths(&mut doc).unwrap_or_else(|e| panic!("{e}")));
    eprintln!("            {} types, {} warnings", api.types.len(), warnings.len());
    stage("locations", || doc.resolve_locations(&mut warnings));
    drop(doc);
    let settings = generator::CrateSettings {
        name: "graph-client".into(),
        version: "0.1.0".into(),
        license: "MIT".into(),
        spec_display: spec.display().to_string(),
        examples: Vec::new(),
        modules: Vec::new(),
        dependencies: Vec::new(),
        module: None,
        selection,
    };
    let layout = stage("layout", || generator::emit::layout::Layout::new(&api));
    let plan = generator::emit::plan(&layout, &settings);
    let (mut emitting, mut formatting, mut lines, mut bytes) = (0.0, 0.0, 0, 0);
    let mut largest = Vec::new();
    stage("emit+fmt", || {
        for (path, file) in &plan {
            let before = cpu();
            let base = LIVE.load(Relaxed);
            let most_before = MOST.swap(base, Relaxed);
            let output = file.render(&layout, &settings);
            let emitted = cpu();
            let text = match file {
                generator::emit::File::TypesRs { .. } | generator::emit::File::MockOperations { .. } => generator::format::format_part(path, output),
                _ => generator::format::format_file(path, output),
            };
            let text = text.unwrap_or_else(|e| panic!("{e}"));
            formatting += cpu() - emitted;
            emitting += emitted - before;
            largest.push((MOST.load(Relaxed) - base, path.clone(), text.lines().count()));
            MOST.fetch_max(most_before, Relaxed);
            lines += text.lines().count();
            bytes += text.len();
        }
    });
    largest.sort();
    for (most, path, lines) in largest.iter().rev().take(5) {
        eprintln!("            {path}: {} MB at most, {lines} lines", most >> 20);
    }
    eprintln!("            emitting {emitting:.2} s CPU, formatting {formatting:.2} s CPU; {} files, {lines} lines, {} MB", plan.len(), bytes >> 20);
}
