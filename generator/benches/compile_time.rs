//! How long the generated crate takes to compile, beside the crates other generators write for
//! the same spec (issue 16): progenitor (`cargo-progenitor`) and OpenAPI Generator's `rust`
//! generator (`openapi-generator-cli` from PyPI). Numbers go to BENCHMARKS.md.
//!
//! Not run by CI, nor by a plain `cargo bench` (it takes half an hour and installs the peers):
//!
//! ```sh
//! cargo bench -p openapi-rs-generator --bench compile_time -- --run \
//!     [--spec botpress|synthetic|github]... [--peer ours|ours-all-schemas|progenitor|openapi-generator]... \
//!     [--rounds 2] [--work /tmp/compile-time]
//! ```
//!
//! For each spec and peer it generates the crate in `<work>/<spec>/<peer>`, builds its
//! dependencies once (`cargo check` and `cargo build`, each crate with its own target dir), then,
//! for `--rounds` rounds with the peers side by side in each round: `cargo clean -p <crate>` and a
//! non-incremental `cargo check`, the same for `cargo build`, and the rebuild after touching
//! `src/lib.rs` (incremental, as `cargo build` is by default). Each figure is the best round.
//! `ours-all-schemas` is our crate with its `all-schemas` feature on (the types no operation
//! reaches, which the peers always compile). It also counts the serde derives and lines of each
//! crate, and times our generation (wall time, the median of seven runs, and peak RSS of the
//! release CLI).
//!
//! The peers are installed the way a user would: `cargo install cargo-progenitor --version
//! 0.15.1` (found on `PATH`; the run says so if it is missing) and `pip install
//! openapi-generator-cli==7.26.0` into a venv under `<work>` (Java 11+ must be on `PATH`). GitHub's
//! REST description comes from the npm package `@octokit/openapi` (`npm pack`, into `<work>`).
//! Progenitor refuses two things in our specs that change nothing for compile time: deepObject
//! query parameters (given to it as `form`) and `default` responses beside success ones (its
//! assertion `response_types.len() <= 1`; given as `4XX`). That rewritten copy is what it reads.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

mod synth;

const PEERS: &[&str] = &["ours", "ours-all-schemas", "progenitor", "openapi-generator"];
const SPECS: &[&str] = &["botpress", "synthetic", "github"];
const OCTOKIT_OPENAPI: &str = "@octokit/openapi@23.0.2";
const OPENAPI_GENERATOR: &str = "openapi-generator-cli==7.26.0";

struct Options {
    specs: Vec<String>,
    peers: Vec<String>,
    rounds: usize,
    work: PathBuf,
}

fn options() -> Option<Options> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if !args.iter().any(|a| a == "--run") {
        return None;
    }
    let values = |flag: &str| -> Vec<String> { args.windows(2).filter(|w| w[0] == flag).map(|w| w[1].clone()).collect() };
    let or_all = |given: Vec<String>, all: &[&str]| if given.is_empty() { all.iter().map(|s| s.to_string()).collect() } else { given };
    Some(Options {
        specs: or_all(values("--spec"), SPECS),
        peers: or_all(values("--peer"), PEERS),
        rounds: values("--rounds").first().and_then(|r| r.parse().ok()).unwrap_or(2),
        work: values("--work").first().map(PathBuf::from).unwrap_or_else(|| std::env::temp_dir().join("compile-time")),
    })
}

fn main() {
    let Some(options) = options() else {
        println!("compile_time: pass `-- --run` to measure (see the doc comment of generator/benches/compile_time.rs)");
        return;
    };
    std::fs::create_dir_all(&options.work).expect("the work folder");
    let work = options.work.canonicalize().expect("the work folder");
    for spec in &options.specs {
        let dir = work.join(spec);
        std::fs::create_dir_all(&dir).expect("a spec folder");
        let input = match spec_file(spec, &work) {
            Ok(input) => input,
            Err(why) => {
                println!("## {spec}\n\nskipped: {why}\n");
                continue;
            }
        };
        let mut crates = Vec::new();
        for peer in &options.peers {
            let out = dir.join(peer);
            let _ = std::fs::remove_dir_all(&out);
            let generated = match peer.as_str() {
                "ours" => ours(&input, &out),
                "ours-all-schemas" => ours_all_schemas(&input, &out),
                "progenitor" => progenitor(&input, &out, &dir),
                "openapi-generator" => openapi_generator(&input, &out, &work),
                other => Err(format!("unknown peer `{other}`")),
            };
            match generated.and_then(|note| warm(&out).map(|()| note)) {
                Ok(note) => crates.push((peer.clone(), out, note)),
                Err(why) => println!("{spec}: {peer}: {why}"),
            }
        }
        let mut best: Vec<[Duration; 3]> = vec![[Duration::MAX; 3]; crates.len()];
        for round in 0..options.rounds {
            for (i, (peer, out, _)) in crates.iter().enumerate() {
                let times = [clean_and(out, "check"), clean_and(out, "build"), touch_rebuild(out)];
                eprintln!("{spec} round {round} {peer}: {times:.1?}");
                for (b, t) in best[i].iter_mut().zip(times) {
                    *b = (*b).min(t);
                }
            }
        }
        print_table(spec, &input, &crates, &best);
    }
}

/// The spec file for `name`, written or fetched into `work`.
fn spec_file(name: &str, work: &Path) -> Result<PathBuf, String> {
    match name {
        "botpress" => Ok(Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/botpress.yaml").canonicalize().map_err(|e| e.to_string())?),
        "synthetic" => {
            let path = work.join("synthetic-1000.yaml");
            std::fs::write(&path, synth::spec(1000)).map_err(|e| e.to_string())?;
            Ok(path)
        }
        "github" => {
            let path = work.join("package/generated/api.github.com.json");
            if !path.exists() {
                run(Command::new("npm").args(["pack", OCTOKIT_OPENAPI]).current_dir(work))?;
                let tarball = std::fs::read_dir(work)
                    .map_err(|e| e.to_string())?
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .find(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("octokit-openapi-")))
                    .ok_or("npm pack wrote no tarball")?;
                run(Command::new("tar").arg("xzf").arg(&tarball).current_dir(work))?;
            }
            Ok(path)
        }
        other => Err(format!("unknown spec `{other}` (one of {SPECS:?})")),
    }
}

/// Runs `command`; its output only if it fails.
fn run(command: &mut Command) -> Result<(), String> {
    let output = command.output().map_err(|e| format!("{command:?}: {e}"))?;
    if output.status.success() {
        return Ok(());
    }
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    let tail: Vec<&str> = text.lines().rev().take(15).collect();
    Err(format!("{command:?} failed:\n{}", tail.into_iter().rev().collect::<Vec<_>>().join("\n")))
}

/// How many times our generation is timed: one run on this machine varies by tens of per cent.
const GENERATION_RUNS: usize = 7;

fn ours(input: &Path, out: &Path) -> Result<String, String> {
    let mut runs = Vec::with_capacity(GENERATION_RUNS);
    let mut peak_kb: f64 = 0.0;
    // The first run writes the crate; the others find it up to date, as a regeneration does.
    for _ in 0..GENERATION_RUNS {
        let started = Instant::now();
        let output = Command::new("/usr/bin/time")
            .args(["-f", "%M"])
            .arg(env!("CARGO_BIN_EXE_generator"))
            .args(["generate", "--spec"])
            .arg(input)
            .arg("--out")
            .arg(out)
            .output()
            .map_err(|e| e.to_string())?;
        runs.push(started.elapsed().as_secs_f64());
        if !output.status.success() {
            return Err(String::from_utf8_lossy(&output.stderr).into_owned());
        }
        let kb: f64 = String::from_utf8_lossy(&output.stderr).lines().last().and_then(|l| l.trim().parse().ok()).unwrap_or(0.0);
        peak_kb = peak_kb.max(kb);
    }
    let first = runs[0];
    runs.sort_by(f64::total_cmp);
    Ok(format!(
        "generated in {:.2} s (median of {GENERATION_RUNS} runs; best {:.2} s, writing {first:.2} s), peak RSS {:.0} MB",
        runs[runs.len() / 2],
        runs[0],
        peak_kb / 1024.0
    ))
}

/// Our crate with its `all-schemas` feature on (the types no operation reaches, which the peers
/// always compile), as a user who asks for it builds it; skipped for a spec without such types.
fn ours_all_schemas(input: &Path, out: &Path) -> Result<String, String> {
    let note = ours(input, out)?;
    let manifest_path = out.join("Cargo.toml");
    let manifest = std::fs::read_to_string(&manifest_path).map_err(|e| e.to_string())?;
    if !manifest.contains("\nall-schemas = []") {
        return Err("no type is left out of the default features: the same crate as `ours`".into());
    }
    let manifest = manifest.replace("\nall-schemas = []", "\nall-schemas = []\ndefault = [\"all-schemas\"]");
    std::fs::write(&manifest_path, manifest).map_err(|e| e.to_string())?;
    Ok(format!("{note}; with `--features all-schemas`"))
}

fn progenitor(input: &Path, out: &Path, dir: &Path) -> Result<String, String> {
    let text = std::fs::read_to_string(input).map_err(|e| e.to_string())?;
    let mut doc: serde_json::Value = serde_yaml::from_str(&text).map_err(|e| e.to_string())?;
    let rewritten = for_progenitor(&mut doc);
    let copy = dir.join("for-progenitor.json");
    std::fs::write(&copy, serde_json::to_string(&doc).map_err(|e| e.to_string())?).map_err(|e| e.to_string())?;
    run(Command::new("cargo")
        .args(["progenitor", "--interface", "builder", "-n", "progenitor-client-bench", "-v", "0.1.0", "-i"])
        .arg(&copy)
        .arg("-o")
        .arg(out))?;
    Ok(format!("builder interface; {rewritten} places rewritten for it"))
}

/// Rewrites what progenitor 0.15 refuses and compile time does not depend on; how many places.
fn for_progenitor(doc: &mut serde_json::Value) -> usize {
    let mut rewritten = 0;
    let mut stack = vec![&mut *doc];
    while let Some(node) = stack.pop() {
        match node {
            serde_json::Value::Object(map) => {
                if map.get("style").and_then(|s| s.as_str()) == Some("deepObject") {
                    map.insert("style".into(), "form".into());
                    rewritten += 1;
                }
                if let Some(responses) = map.get_mut("responses").and_then(|r| r.as_object_mut()) {
                    let has_success = responses.keys().any(|k| k.starts_with('2'));
                    if has_success {
                        if let Some(default) = responses.shift_remove("default") {
                            responses.entry("4XX").or_insert(default);
                            rewritten += 1;
                        }
                    }
                }
                stack.extend(map.values_mut());
            }
            serde_json::Value::Array(items) => stack.extend(items.iter_mut()),
            _ => {}
        }
    }
    rewritten
}

fn openapi_generator(input: &Path, out: &Path, work: &Path) -> Result<String, String> {
    let venv = work.join("venv-openapi-generator");
    let cli = venv.join("bin/openapi-generator-cli");
    if !cli.exists() {
        run(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
        run(Command::new(venv.join("bin/pip")).args(["install", "-q", OPENAPI_GENERATOR]))?;
    }
    run(Command::new(&cli).args(["generate", "-g", "rust", "--package-name", "openapi_generator_bench", "-i"]).arg(input).arg("-o").arg(out))?;
    Ok("`rust` generator, reqwest library (its default)".into())
}

/// A standalone target dir per crate: dependencies built once for check and for build.
fn cargo(dir: &Path, subcommand: &str) -> Command {
    let mut command = Command::new("cargo");
    command.arg(subcommand).current_dir(dir).env("CARGO_TARGET_DIR", dir.join("target")).env_remove("RUSTFLAGS");
    command
}

fn warm(dir: &Path) -> Result<(), String> {
    run(cargo(dir, "check").arg("-q").env("CARGO_INCREMENTAL", "0"))?;
    run(cargo(dir, "build").arg("-q").env("CARGO_INCREMENTAL", "0"))
}

fn package_name(dir: &Path) -> String {
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap_or_default();
    let value: toml::Value = toml::from_str(&manifest).unwrap_or(toml::Value::Boolean(false));
    value.get("package").and_then(|p| p.get("name")).and_then(|n| n.as_str()).unwrap_or_default().to_string()
}

fn timed(command: &mut Command) -> Duration {
    let started = Instant::now();
    match run(command) {
        Ok(()) => started.elapsed(),
        Err(why) => {
            eprintln!("{why}");
            Duration::MAX
        }
    }
}

/// The crate alone, from clean, not incremental.
fn clean_and(dir: &Path, subcommand: &str) -> Duration {
    let _ = run(cargo(dir, "clean").args(["-q", "-p", &package_name(dir)]));
    timed(cargo(dir, subcommand).arg("-q").env("CARGO_INCREMENTAL", "0"))
}

/// `cargo build` after touching `src/lib.rs`, incremental (cargo's default for `dev`).
fn touch_rebuild(dir: &Path) -> Duration {
    let _ = run(cargo(dir, "build").arg("-q").env("CARGO_INCREMENTAL", "1"));
    let lib = dir.join("src/lib.rs");
    let _ = std::fs::File::options().append(true).open(&lib).and_then(|f| f.set_modified(std::time::SystemTime::now()));
    timed(cargo(dir, "build").arg("-q").env("CARGO_INCREMENTAL", "1"))
}

/// Serialize and Deserialize derives, and lines, over the crate's `src/`.
fn census(dir: &Path) -> (usize, usize, usize) {
    let (mut ser, mut de, mut lines) = (0, 0, 0);
    let mut stack = vec![dir.join("src")];
    while let Some(at) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&at) else { continue };
        for path in entries.filter_map(|e| e.ok().map(|e| e.path())) {
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                lines += text.lines().count();
                // A derive list may span lines (rustfmt): read each `derive(...)` to its `)`.
                for (start, _) in text.match_indices("derive(") {
                    let list = &text[start..start + text[start..].find(')').unwrap_or(0)];
                    let words: Vec<&str> = list.split(|c: char| !c.is_alphanumeric() && c != '_').collect();
                    ser += words.iter().filter(|w| **w == "Serialize").count();
                    de += words.iter().filter(|w| **w == "Deserialize").count();
                }
            }
        }
    }
    (ser, de, lines)
}

fn seconds(d: Duration) -> String {
    if d == Duration::MAX {
        "fails".into()
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}

fn print_table(spec: &str, input: &Path, crates: &[(String, PathBuf, String)], best: &[[Duration; 3]]) {
    println!("## {spec} (`{}`)\n", input.display());
    println!("| | {} |", crates.iter().map(|c| c.0.as_str()).collect::<Vec<_>>().join(" | "));
    println!("| --- |{}", " --- |".repeat(crates.len()));
    let fastest = |i: usize| best.iter().zip(crates).filter(|(_, c)| !c.0.starts_with("ours")).map(|(b, _)| b[i]).min();
    for (i, what) in ["`cargo check`", "`cargo build` (debug)", "rebuild after touching `lib.rs`"].iter().enumerate() {
        let cells: Vec<String> = best
            .iter()
            .zip(crates)
            .map(|(b, c)| match (c.0.starts_with("ours"), fastest(i)) {
                (true, Some(peer)) if peer != Duration::MAX && b[i] != Duration::MAX => {
                    format!("{} ({:.2}×)", seconds(b[i]), b[i].as_secs_f64() / peer.as_secs_f64())
                }
                _ => seconds(b[i]),
            })
            .collect();
        println!("| {what} | {} |", cells.join(" | "));
    }
    let census: Vec<(usize, usize, usize)> = crates.iter().map(|c| census(&c.1)).collect();
    println!("| serde derives (Serialize / Deserialize) | {} |", census.iter().map(|c| format!("{} / {}", c.0, c.1)).collect::<Vec<_>>().join(" | "));
    println!("| lines of Rust | {} |", census.iter().map(|c| c.2.to_string()).collect::<Vec<_>>().join(" | "));
    println!("| notes | {} |\n", crates.iter().map(|c| c.2.as_str()).collect::<Vec<_>>().join(" | "));
}
