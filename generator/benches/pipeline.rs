//! Criterion benchmarks of the generator, stage by stage, on the real Botpress spec, and of the
//! whole pipeline on synthetic specs of growing size. Results: BENCHMARKS.md.
//!
//! `cargo bench -p openapi-rs-generator --bench pipeline`

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use generator::{check, load, model, write, CrateSettings};

mod synth;

fn settings() -> CrateSettings {
    CrateSettings {
        name: "bench-client".into(),
        version: "0.1.0".into(),
        license: "MIT".into(),
        spec_display: "spec/botpress.yaml".into(),
        examples: Vec::new(),
        modules: Vec::new(),
        dependencies: Vec::new(),
        module: None,
        selection: Default::default(),
    }
}

fn stages(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/botpress.yaml");
    let source = std::fs::read_to_string(&path).unwrap();
    let doc = load::load(generator::Spec::text(&path, source.clone()), &generator::LoadOptions::default()).unwrap();
    let (api, _) = model::build(&doc).unwrap();
    let settings = settings();
    let files = generator::Generator::new(&settings).generate(generator::Spec::text(&path, source.clone())).unwrap().files;
    let out = tempfile::tempdir().unwrap();
    write::write_atomic(&out.path().join("crate"), &files).unwrap();

    let mut group = c.benchmark_group("botpress");
    group.bench_function("1 load", |b| {
        b.iter(|| load::load(generator::Spec::text(&path, black_box(source.clone())), &generator::LoadOptions::default()).unwrap())
    });
    group.bench_function("2 check", |b| b.iter(|| check::check(black_box(&doc))));
    group.bench_function("3 model", |b| b.iter(|| model::build(black_box(&doc)).unwrap()));
    // Emitting and formatting, as `generate` does them: together, file by file, on every core.
    group.bench_function("4-5 emit and format", |b| b.iter(|| generator::render(black_box(&api), &settings)));
    group.bench_function("6 write (up to date: compare only)", |b| {
        b.iter(|| write::write_atomic(&out.path().join("crate"), black_box(&files)).unwrap())
    });
    group.bench_function("all stages", |b| {
        b.iter(|| generator::Generator::new(&settings).generate(generator::Spec::text(&path, black_box(source.clone()))).unwrap())
    });
    group.finish();
}

fn scale(c: &mut Criterion) {
    let mut group = c.benchmark_group("synthetic");
    group.sample_size(10);
    for n in [100, 1000] {
        let source = synth::spec(n);
        group.bench_with_input(BenchmarkId::new("all stages", n), &source, |b, source| {
            b.iter(|| generator::Generator::new(&settings()).generate(generator::Spec::text(Path::new("synthetic.yaml"), source.clone())).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, stages, scale);
criterion_main!(benches);
