//! The `generator` command: regenerate the repository's clients, generate one anywhere, or check
//! that the checked-in crates are up to date.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use generator::load::source::{self, Limits};
use generator::write::{self, Stale};
use generator::{config, CrateSettings, Diagnostics, LoadOptions, Selection};

/// The pipeline allocates and frees millions of small values (tokens, syntax trees, JSON
/// nodes) on two threads; mimalloc does that in a fraction of the system allocator's time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// What a stage of the pipeline has freed goes back to the system before the next stage takes
/// more: mimalloc keeps freed pages a while, and pages freed by another thread (the threads that
/// read a large document, now gone) until one asks; at the peak of a Graph-sized document's run
/// that was 80 MB more than it held.
fn release_freed_memory() {
    // SAFETY: `mi_collect` takes no pointer and may be called at any time from any thread.
    unsafe { libmimalloc_sys::mi_collect(true) }
}

/// The process's memory in ordinary pages, not transparent huge ones: a huge page is 2 MiB the
/// kernel zeroes whole on first touch and keeps whole while any of it is used, and the pipeline
/// frees what a stage made piece by piece (a Graph-sized document's peak: 15 MB less, the kernel's
/// zeroing gone from the profile, the same CPU time within the noise). mimalloc asks the same with
/// `MIMALLOC_ALLOW_THP=0`, read before `main`.
fn ordinary_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: `prctl` with `PR_SET_THP_DISABLE` only sets a flag of this process; an error (an
    // old kernel) leaves things as they were.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

/// Exit code for a spec or configuration that cannot be used.
const BAD_INPUT: u8 = 2;
/// Exit code for stale generated files (`check`) or an I/O failure.
const FAILURE: u8 = 1;

#[derive(Parser)]
#[command(name = "generator", version, about = "Generates async Rust client crates from OpenAPI 3.0, 3.1 and 3.2 specs")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate crates: every client in spec/clients.toml, or one with --spec and --out.
    Generate(Target),
    /// Regenerate in memory and compare with the files on disk; exit 1 if any differ.
    Check(Target),
    /// Check the specs against the house rules (spec/CONVENTIONS.md); exit 1 on any error.
    Lint {
        /// Specs to lint (default: every spec in spec/clients.toml).
        specs: Vec<PathBuf>,
        #[command(flatten)]
        load: LoadArgs,
    },
    /// Compare two versions of a spec: what changed, what breaks HTTP callers, what changes in the
    /// generated Rust API and the version the crate needs.
    #[command(long_about = DIFF_ABOUT)]
    Diff(DiffArgs),
}

const DIFF_ABOUT: &str = "Compare two versions of a spec: what changed (operations, parameters, fields, enums, \
constraints, security, components), what breaks HTTP callers written against the old one (each change classed \
breaking, possibly breaking or safe, with its reason), and what changes in the generated Rust API, with the \
semver bump and the version the crate needs.

Each side is a spec file or a git revision of one, REV:PATH (`main:spec/botpress.yaml`, read with `git show` \
in this directory's repository; PATH is relative to the repository's root, `REV:./PATH` to this directory). \
A spec at a git revision reads the files it references at the same revision (then the --allow-refs folders are \
paths in the repository too).

Exit codes: 0, or 1 with --fail-on when a change of that class (or worse) is found; 2 when a spec cannot be \
read or generated from.";

#[derive(clap::Args)]
struct DiffArgs {
    /// The old spec: a file, or REV:PATH for a git revision of one (`main:spec/botpress.yaml`).
    old: String,
    /// The new spec: a file, or REV:PATH.
    new: String,
    /// Output format: readable text (coloured on a terminal), Markdown for a pull request comment, JSON for tools.
    #[arg(long, value_enum, default_value = "text")]
    format: DiffFormat,
    /// Exit 1 when a change of this class, or a worse one, is found.
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
    /// The generated crate's current version (default: from spec/clients.toml when the spec is one of it, else 0.1.0).
    #[arg(long)]
    crate_version: Option<String>,
    #[command(flatten)]
    load: LoadArgs,
    /// Compare only these operations of both sides, and the types they reach (default: the
    /// selection of the spec's client in spec/clients.toml, if it is one, else all).
    #[command(flatten)]
    select: SelectArgs,
}

/// Where a spec's references may point and how much is read: see `limits_help` and SECURITY.md.
#[derive(clap::Args)]
struct LoadArgs {
    /// Also let references to other files (and the paths in spec/clients.toml) lead into DIR
    /// (repeatable). Without it they stay inside the folder of the root document.
    #[arg(long = "allow-refs", value_name = "DIR", value_parser = existing_dir)]
    allow_refs: Vec<PathBuf>,
    /// The largest spec file read, in bytes (or with K, M, G).
    #[arg(long, value_name = "BYTES", value_parser = source::parse_size, default_value_t = Limits::MAX_FILE_SIZE)]
    max_spec_size: u64,
    /// The most files one spec may be made of, its root document included.
    #[arg(long, value_name = "N", default_value_t = Limits::MAX_FILES)]
    max_spec_files: usize,
    /// The most bytes the files of one spec may add up to (or with K, M, G).
    #[arg(long, value_name = "BYTES", value_parser = source::parse_size, default_value_t = Limits::MAX_TOTAL_SIZE)]
    max_spec_total_size: u64,
    /// Refuse what is otherwise read past with a warning and an assumption (a path template
    /// variable no parameter declares is taken for a required string; a request body with no
    /// content for no body).
    #[arg(long)]
    strict: bool,
}

impl LoadArgs {
    fn options(&self) -> LoadOptions {
        let limits = Limits {
            max_file_size: self.max_spec_size,
            max_files: self.max_spec_files,
            max_total_size: self.max_spec_total_size,
            ..Limits::default()
        };
        LoadOptions { allow_refs: self.allow_refs.clone(), limits, strict: self.strict }
    }
}

fn existing_dir(arg: &str) -> Result<PathBuf, String> {
    let path = PathBuf::from(arg);
    match path.is_dir() {
        true => Ok(path),
        false => Err(format!("`{arg}` is not a folder")),
    }
}

/// What every command that reads specs says about reading them, after its options.
fn limits_help() -> String {
    let limits = Limits::default();
    format!(
        "Specs are read as untrusted input (see SECURITY.md). A reference to another file must stay inside the folder \
of the root document once `..` and symbolic links are resolved (an absolute path, a `file:` URL or a path leading out \
is an error) unless --allow-refs allows the folder it leads into. Only regular files are read (no FIFO, device or \
directory). Limits on one spec: {} MiB a file (--max-spec-size), {} files (--max-spec-files), {} MiB in all \
(--max-spec-total-size), {} levels of nesting, {} nodes copied in place by references.",
        limits.max_file_size >> 20,
        limits.max_files,
        limits.max_total_size >> 20,
        limits.max_depth,
        limits.max_copied_nodes,
    )
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum DiffFormat {
    Text,
    Markdown,
    Json,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum FailOn {
    /// Breaking changes only.
    Breaking,
    /// Breaking or possibly breaking changes.
    PossiblyBreaking,
}

/// Which operations to generate: see `generator::select`.
#[derive(clap::Args, Default)]
#[command(next_help_heading = "Selecting operations (default: all; with --spec, or per client in spec/clients.toml)")]
struct SelectArgs {
    /// Generate the operations whose operationId matches GLOB (`users.*`, `get*Message`); repeatable.
    #[arg(long = "operations", value_name = "GLOB")]
    operations: Vec<String>,
    /// Generate the operations with a tag matching TAG (a glob too); repeatable.
    #[arg(long = "tags", value_name = "TAG")]
    tags: Vec<String>,
    /// Generate the operations whose path is PREFIX or under it, by whole segments (`/users` takes
    /// `/users/{id}`, not `/usersettings`); repeatable.
    #[arg(long = "paths", value_name = "PREFIX")]
    paths: Vec<String>,
    /// Leave out the operations whose operationId matches GLOB (over any of the above); repeatable.
    #[arg(long = "exclude-operations", value_name = "GLOB")]
    exclude_operations: Vec<String>,
    /// Leave out the operations with a tag matching TAG; repeatable.
    #[arg(long = "exclude-tags", value_name = "TAG")]
    exclude_tags: Vec<String>,
    /// Leave out the operations under PREFIX; repeatable.
    #[arg(long = "exclude-paths", value_name = "PREFIX")]
    exclude_paths: Vec<String>,
}

impl SelectArgs {
    fn selection(&self) -> Selection {
        Selection {
            operations: self.operations.clone(),
            tags: self.tags.clone(),
            paths: self.paths.clone(),
            exclude_operations: self.exclude_operations.clone(),
            exclude_tags: self.exclude_tags.clone(),
            exclude_paths: self.exclude_paths.clone(),
        }
    }
}

#[derive(clap::Args)]
struct Target {
    /// The spec to generate from (instead of spec/clients.toml).
    #[arg(long, requires = "out")]
    spec: Option<PathBuf>,
    /// The crate's directory (with --spec).
    #[arg(long, requires = "spec")]
    out: Option<PathBuf>,
    /// The crate's package name (with --spec; default: from the output directory's name).
    #[arg(long, requires = "spec")]
    name: Option<String>,
    /// The crate's version (with --spec).
    #[arg(long, requires = "spec", default_value = "0.1.0")]
    crate_version: String,
    /// The configuration to read (default: spec/clients.toml in this folder or one above).
    #[arg(long, conflicts_with = "spec")]
    config: Option<PathBuf>,
    #[command(flatten)]
    load: LoadArgs,
    #[command(flatten)]
    select: SelectArgs,
}

struct Job {
    spec: PathBuf,
    out: PathBuf,
    settings: CrateSettings,
}

fn main() -> ExitCode {
    ordinary_pages();
    generator::on_stage_end(release_freed_memory);
    // Every stage runs on a thread with a stack sized for the deepest document the readers accept
    // (see `generator::STACK_SIZE`), `lint` and `diff` included.
    generator::on_big_stack(run)
}

fn run() -> ExitCode {
    let help = limits_help();
    let mut command = Cli::command();
    for name in ["generate", "check", "lint", "diff"] {
        command = command.mut_subcommand(name, |c| c.after_help(help.clone()));
    }
    let cli = Cli::from_arg_matches(&command.get_matches()).unwrap_or_else(|e| e.exit());
    let (target, check) = match cli.command {
        Command::Generate(t) => (t, false),
        Command::Check(t) => (t, true),
        Command::Lint { specs, load } => return lint(specs, &load),
        Command::Diff(args) => return diff(args),
    };
    let options = target.load.options();
    let jobs = match jobs(target) {
        Ok(jobs) => jobs,
        Err(d) => {
            eprintln!("{d}");
            return ExitCode::from(BAD_INPUT);
        }
    };
    // Generate everything in memory first: a bad spec stops the run before anything is written.
    let mut generated = Vec::new();
    let mut failed = false;
    for job in &jobs {
        match generator::Generator::new(&job.settings).with_options(options.clone()).generate(generator::Spec::File(&job.spec)) {
            Ok(g) => {
                for w in &g.warnings {
                    eprintln!("{w}");
                }
                generated.push(g.files);
            }
            Err(d) => {
                eprintln!("{d}");
                failed = true;
            }
        }
    }
    if failed {
        eprintln!("error: nothing was written");
        return ExitCode::from(BAD_INPUT);
    }
    let mut stale_total = 0;
    for (job, files) in jobs.iter().zip(&generated) {
        let result = if check { write::compare(&job.out, files) } else { write::write_atomic(&job.out, files) };
        match result {
            Ok(changes) if check => {
                for change in &changes {
                    report_stale(&job.out, change);
                }
                if !changes.is_empty() {
                    report_other_selection(&job.out, files);
                }
                stale_total += changes.len();
                if changes.is_empty() {
                    eprintln!("{}: up to date ({} files)", job.out.display(), files.len());
                }
            }
            Ok(changes) => {
                if changes.is_empty() {
                    eprintln!("{}: up to date ({} files)", job.out.display(), files.len());
                } else {
                    eprintln!("{}: {} files written ({} changed)", job.out.display(), files.len(), changes.len());
                }
            }
            Err(e) => {
                eprintln!("error: {}: {e}", job.out.display());
                return ExitCode::from(FAILURE);
            }
        }
    }
    if stale_total > 0 {
        eprintln!("error: {stale_total} generated files are stale; run `cargo run -p openapi-rs-generator -- generate`");
        return ExitCode::from(FAILURE);
    }
    ExitCode::SUCCESS
}

fn lint(specs: Vec<PathBuf>, load: &LoadArgs) -> ExitCode {
    let options = load.options();
    let specs = if specs.is_empty() {
        let load = LoadArgs { allow_refs: options.allow_refs.clone(), ..*load };
        let target = Target { spec: None, out: None, name: None, crate_version: String::new(), config: None, load, select: SelectArgs::default() };
        match jobs(target) {
            Ok(jobs) => jobs.into_iter().map(|j| j.spec).collect(),
            Err(d) => {
                eprintln!("{d}");
                return ExitCode::from(BAD_INPUT);
            }
        }
    } else {
        specs
    };
    let mut errors = 0;
    for spec in &specs {
        let doc = match generator::load::load(generator::Spec::File(spec), &options) {
            Ok(doc) => doc,
            Err(d) => {
                eprintln!("{d}");
                errors += d.0.len();
                continue;
            }
        };
        let findings = generator::lint::lint(&doc);
        for f in &findings {
            eprintln!("{f}");
        }
        let n = findings.iter().filter(|f| f.severity == generator::Severity::Error).count();
        eprintln!("{}: {} errors, {} warnings", spec.display(), n, findings.len() - n);
        errors += n;
    }
    if errors > 0 {
        ExitCode::from(FAILURE)
    } else {
        ExitCode::SUCCESS
    }
}

fn diff(args: DiffArgs) -> ExitCode {
    use generator::diff::{self, report, Impact, Source};
    use std::io::IsTerminal;
    if let Some(v) = args.crate_version.as_deref().filter(|v| !config::is_semver(v)) {
        eprintln!("error: `{v}` is not a SemVer version\n  help: pass --crate-version MAJOR.MINOR.PATCH");
        return ExitCode::from(BAD_INPUT);
    }
    let selection = args.select.selection();
    let selection = (!selection.is_empty()).then_some(selection);
    let options = diff::Options { crate_version: args.crate_version, load: args.load.options(), selection };
    let result = match diff::run(&Source::parse(&args.old), &Source::parse(&args.new), &options) {
        Ok(r) => r,
        Err(d) => {
            eprintln!("{d}");
            return ExitCode::from(BAD_INPUT);
        }
    };
    let format = match args.format {
        DiffFormat::Text => report::Format::Text,
        DiffFormat::Markdown => report::Format::Markdown,
        DiffFormat::Json => report::Format::Json,
    };
    let color = format == report::Format::Text && std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    print!("{}", report::render(&result, format, color));
    let threshold = match args.fail_on {
        None => return ExitCode::SUCCESS,
        Some(FailOn::Breaking) => Impact::Breaking,
        Some(FailOn::PossiblyBreaking) => Impact::PossiblyBreaking,
    };
    if result.worst().is_some_and(|w| w >= threshold) {
        ExitCode::from(FAILURE)
    } else {
        ExitCode::SUCCESS
    }
}

/// When the crate on disk records another selection of operations than this run's (the
/// `# selection:` line of its manifest), says so: the stale files follow from that.
fn report_other_selection(out: &Path, files: &[(String, String)]) {
    let recorded = |manifest: &str| generator::emit::manifest::recorded_selection(manifest).unwrap_or_else(|| "every operation".to_string());
    let Some((_, new)) = files.iter().find(|(p, _)| p == "Cargo.toml") else { return };
    let Ok(old) = std::fs::read_to_string(out.join("Cargo.toml")) else { return };
    let (old, new) = (recorded(&old), recorded(new));
    if old != new {
        eprintln!("error: {} was generated from another selection of operations", out.display());
        eprintln!("  on disk: {old}");
        eprintln!("  now:     {new}");
        eprintln!("  help: generate with the selection on disk, or regenerate the crate with this one");
    }
}

fn report_stale(out: &Path, change: &Stale) {
    match change {
        Stale::Missing(p) => eprintln!("stale: {}: missing", out.join(p).display()),
        Stale::Extra(p) => eprintln!("stale: {}: no longer generated", out.join(p).display()),
        Stale::Changed(p, diff) => {
            eprintln!("stale: {}: differs", out.join(p).display());
            const MAX_LINES: usize = 40;
            let lines: Vec<&str> = diff.lines().collect();
            for line in lines.iter().take(MAX_LINES) {
                eprintln!("    {line}");
            }
            if lines.len() > MAX_LINES {
                eprintln!("    ... ({} more lines)", lines.len() - MAX_LINES);
            }
        }
    }
}

fn jobs(target: Target) -> Result<Vec<Job>, Diagnostics> {
    if let (Some(spec), Some(out)) = (target.spec, target.out) {
        let name = match target.name {
            Some(name) => name,
            None => out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "api-client".into()),
        };
        let bad = |message: String, help: &str| {
            Diagnostics(vec![generator::Diagnostic::error(generator::diagnostic::Location::pointer(&spec, ""), message).help(help)])
        };
        if !config::is_crate_name(&name) {
            return Err(bad(format!("`{name}` is not a valid crate name"), "pass --name with ASCII letters, digits, `-` and `_`"));
        }
        if !config::is_semver(&target.crate_version) {
            return Err(bad(format!("`{}` is not a SemVer version", target.crate_version), "pass --crate-version MAJOR.MINOR.PATCH"));
        }
        let spec_display = spec.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let selection = target.select.selection();
        let settings = CrateSettings {
            name,
            version: target.crate_version,
            license: config::DEFAULT_LICENSE.into(),
            spec_display,
            examples: Vec::new(),
            modules: Vec::new(),
            dependencies: Vec::new(),
            module: None,
            selection,
        };
        return Ok(vec![Job { spec, out, settings }]);
    }
    let path = match target.config {
        Some(path) => path,
        None => {
            let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
            config::find(&cwd).ok_or_else(|| {
                Diagnostics(vec![generator::Diagnostic::error(
                    generator::diagnostic::Location::pointer(Path::new(config::CONFIG_PATH), ""),
                    "no spec/clients.toml in this folder or any above it",
                )
                .help("run inside the repository, or pass --spec PATH --out DIR")])
            })?
        }
    };
    if !target.select.selection().is_empty() {
        return Err(Diagnostics(vec![generator::Diagnostic::error(
            generator::diagnostic::Location::pointer(&path, ""),
            "--operations, --tags, --paths and their --exclude-* apply to one spec (--spec and --out)",
        )
        .help("for a client of spec/clients.toml, write the selection in its entry: `operations = [\"users.*\"]`, `tags = [...]`, `exclude-tags = [...]`")]));
    }
    Ok(config::read_with(&path, &target.load.allow_refs)?
        .into_iter()
        .map(|c| Job {
            spec: c.spec,
            out: c.out,
            settings: CrateSettings {
                name: c.name,
                version: c.version,
                license: c.license,
                spec_display: c.spec_display,
                examples: c.examples,
                modules: c.modules,
                dependencies: c.dependencies,
                module: None,
                selection: c.selection,
            },
        })
        .collect())
}
