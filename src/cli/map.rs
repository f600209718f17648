//! `geocite map`: read articles, geoparse them, write the layers.
//!
//! The data path is ingest → pipeline → layers. Articles are geoparsed and their rows
//! serialised in parallel in chunks, then written in input order by a writing thread, so the
//! output does not depend on the number of threads, and memory holds a few chunks at a time.
//!
//! Exit codes: 0 all read and written; 1 layers written, but some input could not be read
//! (malformed records without `--skip-bad-records`, unreadable files, an article the geoparser
//! failed on); 2 nothing written (bad arguments, missing input, unwritable `--out`).

use std::fmt::Display;
use std::io::IsTerminal;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use geocite::ingest::{Article, Event, Inputs, Notice};
use geocite::layers::{FeatureFormat, LayerOptions, LayerSet, LayerStats, RenderedArticle};
use geocite::pipeline::{Options, Pipeline};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

/// Articles geoparsed together: enough to keep every thread busy, few enough to keep memory
/// flat. A chunk also closes early once its texts reach `CHUNK_BYTES`.
const CHUNK_ARTICLES: usize = 256;
const CHUNK_BYTES: usize = 16 << 20;

#[derive(clap::Args)]
pub struct Args {
    /// Files or directories of articles (.txt, .md, .jsonl, .ndjson, .csv); `-` reads JSONL from stdin.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Output directory (created if missing).
    #[arg(long, default_value = "out")]
    pub out: PathBuf,
    /// Countries the articles are about (ISO codes, comma-separated): ambiguous names lean there.
    #[arg(long, value_delimiter = ',', value_name = "CC")]
    pub focus: Vec<String>,
    /// Count adjectives and demonyms ("Syrian") as places, not only as mentions.
    #[arg(long)]
    pub demonyms: bool,
    /// A CSV of places to add or override (id, name, alternate_names, lat, lon, country,
    /// feature_code, population); repeatable.
    #[arg(long, value_name = "FILE.csv")]
    pub gazetteer_extra: Vec<PathBuf>,
    /// A file of names never to treat as places, one per line; repeatable.
    #[arg(long, value_name = "FILE")]
    pub exclude: Vec<PathBuf>,
    /// Skip malformed JSONL lines and CSV rows (still reported), and exit 0.
    #[arg(long)]
    pub skip_bad_records: bool,
    /// Threads for geoparsing (default: one per core).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Keep at most N citations per place in places.geojson (counts stay exact).
    #[arg(long, value_name = "N")]
    pub max_citations: Option<usize>,
    /// How the mentions layer is laid out: `geojson` (a FeatureCollection, mentions.geojson) or
    /// `geojsonseq` (RFC 8142, one feature per line, mentions.geojsons).
    #[arg(long, value_enum, default_value = "geojson")]
    pub format: Format,
    /// Where map.html loads Leaflet from: BASE/leaflet.js and BASE/leaflet.css.
    #[arg(long, value_name = "BASE", default_value = geocite::layers::map_page::DEFAULT_LEAFLET_URL)]
    pub leaflet_url: String,
    /// No progress bar and no summary; warnings and errors are still printed.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Geojson,
    Geojsonseq,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let started = Instant::now();
    let inputs = Inputs::open(&args.inputs)?;
    let pipeline = Pipeline::new(Options {
        demonyms: args.demonyms,
        focus: args.focus.clone(),
        gazetteer_extra: args.gazetteer_extra.clone(),
        exclude: args.exclude.clone(),
    })?;
    let geoparser = Geoparser {
        pipeline: &pipeline,
        pool: thread_pool(args.threads)?,
    };
    let out = OutputDir::prepare(&args.out)?;
    let reporter = Reporter::new(args.quiet);
    let layer_options = LayerOptions {
        max_citations: args.max_citations,
        mentions_format: match args.format {
            Format::Geojson => FeatureFormat::Collection,
            Format::Geojsonseq => FeatureFormat::Sequence,
        },
        leaflet_url: args.leaflet_url.clone(),
    };
    let outcome = LayerSet::create(out.path(), &layer_options).and_then(|mut layers| {
        let tally = geoparse_all(inputs, &geoparser, &mut layers, &reporter, args.skip_bad_records)?;
        Ok((layers.finish()?, tally))
    });
    reporter.finish();
    let (stats, tally) = match outcome {
        Ok(done) => done,
        Err(err) => {
            out.discard();
            return Err(err);
        }
    };
    report_bad_input(&tally, args.skip_bad_records);
    if stats.articles == 0 {
        eprintln!("geocite: warning: no articles were read; the layers are empty");
    }
    if !args.quiet {
        eprintln!("{}", summary(&stats, &tally, started.elapsed(), out.path()));
    }
    Ok(tally.exit_code(args.skip_bad_records))
}

fn thread_pool(threads: Option<usize>) -> Result<rayon::ThreadPool> {
    let mut builder = rayon::ThreadPoolBuilder::new().thread_name(|k| format!("geocite-{k}"));
    if let Some(threads) = threads {
        if threads == 0 {
            bail!("--threads must be at least 1");
        }
        builder = builder.num_threads(threads);
    }
    builder.build().context("cannot start the geoparsing threads")
}

/// What went wrong with the input, counted for the exit code.
#[derive(Debug, Default)]
struct Tally {
    warnings: u64,
    bad_records: u64,
    unreadable: u64,
    failed_articles: u64,
}

impl Tally {
    fn exit_code(&self, skip_bad_records: bool) -> ExitCode {
        let lost = self.unreadable + self.failed_articles;
        if lost > 0 || (self.bad_records > 0 && !skip_bad_records) {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        }
    }
}

/// Reads every input, geoparses in ordered parallel chunks, and feeds the layers in order.
/// A writing thread takes each chunk's results while the next chunk is geoparsed, so neither
/// waits for the other.
fn geoparse_all(
    inputs: Inputs,
    geoparser: &Geoparser,
    layers: &mut LayerSet,
    reporter: &Reporter,
    skip_bad_records: bool,
) -> Result<Tally> {
    let mut tally = Tally::default();
    // One chunk waits while another is written and a third is geoparsed: memory stays flat.
    let (send, receive) = mpsc::sync_channel::<Vec<Geoparsed>>(1);
    let failed = std::thread::scope(|scope| {
        let writer = scope.spawn(move || write_chunks(receive, layers, reporter));
        let mut chunk = Chunk::default();
        let send_chunk = |articles: Vec<Article>| {
            // A closed channel means the writer stopped on an error, which `join` returns.
            articles.is_empty() || send.send(geoparser.geoparse(articles)).is_ok()
        };
        for event in inputs {
            match event {
                Event::Article(article) => {
                    if chunk.push(article) && !send_chunk(chunk.take()) {
                        break;
                    }
                }
                Event::Warning(notice) => {
                    tally.warnings += 1;
                    reporter.warn(&notice);
                }
                Event::BadRecord(notice) => {
                    tally.bad_records += 1;
                    if skip_bad_records {
                        reporter.warn(format_args!("{notice}; skipped"));
                    } else {
                        reporter.error(&notice);
                    }
                }
                Event::Unreadable(notice) => {
                    tally.unreadable += 1;
                    reporter.error(&notice);
                }
            }
        }
        send_chunk(chunk.take());
        drop(send);
        writer.join().unwrap_or_else(|panic| panic::resume_unwind(panic))
    })?;
    tally.failed_articles = failed;
    Ok(tally)
}

/// An article's rendered results, or why it was left out.
type Geoparsed = Result<RenderedArticle, Notice>;

/// Feeds the layers each chunk's results, in order; returns the articles left out.
fn write_chunks(chunks: mpsc::Receiver<Vec<Geoparsed>>, layers: &mut LayerSet, reporter: &Reporter) -> Result<u64> {
    let mut failed = 0;
    for chunk in chunks {
        for result in chunk {
            match result {
                Ok(article) => layers.add(&article)?,
                Err(notice) => {
                    failed += 1;
                    reporter.error(&notice);
                }
            }
        }
        reporter.progress(&layers.stats());
    }
    Ok(failed)
}

#[derive(Default)]
struct Chunk {
    articles: Vec<Article>,
    bytes: usize,
}

impl Chunk {
    /// Adds an article; true when the chunk is full.
    fn push(&mut self, article: Article) -> bool {
        self.bytes += article.text.len();
        self.articles.push(article);
        self.articles.len() >= CHUNK_ARTICLES || self.bytes >= CHUNK_BYTES
    }

    fn take(&mut self) -> Vec<Article> {
        self.bytes = 0;
        std::mem::take(&mut self.articles)
    }
}

/// The pipeline and the threads it runs on.
struct Geoparser<'p> {
    pipeline: &'p Pipeline,
    pool: rayon::ThreadPool,
}

impl Geoparser<'_> {
    /// Geoparses and renders a chunk in parallel; the results come back in input order.
    fn geoparse(&self, articles: Vec<Article>) -> Vec<Geoparsed> {
        self.pool.install(|| {
            articles
                .into_par_iter()
                .map(|article| geoparse_one(self.pipeline, article))
                .collect()
        })
    }
}

/// Geoparses and renders one article; a panic (a bug in geocite) loses that article only.
fn geoparse_one(pipeline: &Pipeline, article: Article) -> Geoparsed {
    let origin = article.origin.clone();
    let work = || RenderedArticle::new(pipeline.process(article));
    panic::catch_unwind(AssertUnwindSafe(work)).map_err(|payload| {
        let reason = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string());
        Notice::new(
            origin,
            format!("internal error while geoparsing this article, which is left out (please report it): {reason}"),
        )
    })
}

fn report_bad_input(tally: &Tally, skip_bad_records: bool) {
    let records = plural(tally.bad_records, "malformed record");
    if tally.bad_records > 0 && skip_bad_records {
        eprintln!("geocite: warning: skipped {records}");
    } else if tally.bad_records > 0 {
        eprintln!(
            "geocite: error: {records} not read; the layers hold the rest (--skip-bad-records skips them and exits 0)"
        );
    }
    if tally.unreadable > 0 {
        eprintln!(
            "geocite: error: {} could not be read",
            plural(tally.unreadable, "input")
        );
    }
    if tally.failed_articles > 0 {
        eprintln!(
            "geocite: error: {} left out after an internal error",
            plural(tally.failed_articles, "article")
        );
    }
}

fn summary(stats: &LayerStats, tally: &Tally, elapsed: Duration, out: &Path) -> String {
    let mut line = format!(
        "geocite: {}, {} ({} as places), {}, {} in {:.1} s; layers in {}",
        plural(stats.articles, "article"),
        plural(stats.mentions, "mention"),
        stats.place_mentions,
        plural(stats.places as u64, "distinct place"),
        plural(stats.unresolved_names as u64, "unresolved name"),
        elapsed.as_secs_f64(),
        out.display()
    );
    if tally.warnings > 0 {
        line.push_str(&format!(" ({})", plural(tally.warnings, "warning")));
    }
    line
}

fn plural(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The output folder; one this run created is removed again if the run fails before writing.
struct OutputDir {
    path: PathBuf,
    created: bool,
}

impl OutputDir {
    fn prepare(path: &Path) -> Result<OutputDir> {
        let created = match std::fs::metadata(path) {
            Ok(metadata) if metadata.is_dir() => false,
            Ok(_) => bail!(
                "cannot write the layers to {}: it is a file, not a folder",
                path.display()
            ),
            Err(_) => {
                std::fs::create_dir_all(path)
                    .with_context(|| format!("cannot create the output folder {}", path.display()))?;
                true
            }
        };
        Ok(OutputDir {
            path: path.to_path_buf(),
            created,
        })
    }

    fn path(&self) -> &Path {
        &self.path
    }

    fn discard(self) {
        if self.created {
            // Only an empty folder is removed: the layers' temporary files are already gone.
            let _ = std::fs::remove_dir(&self.path);
        }
    }
}

/// Progress on a terminal, and every message to standard error without garbling the bar.
struct Reporter {
    bar: ProgressBar,
    /// Whether the bar may appear (a terminal, not `--quiet`), and whether it has.
    may_show: bool,
    shown: AtomicBool,
    started: Instant,
}

/// A run shorter than this shows no progress bar, only its summary line.
const PROGRESS_AFTER: Duration = Duration::from_millis(1500);

impl Reporter {
    fn new(quiet: bool) -> Reporter {
        // Hidden until the run has taken a while (see `progress`).
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        if let Ok(style) = ProgressStyle::with_template("{spinner} {pos} articles, {msg} [{elapsed}]") {
            bar.set_style(style);
        }
        Reporter {
            bar,
            may_show: !quiet && std::io::stderr().is_terminal(),
            shown: AtomicBool::new(false),
            started: Instant::now(),
        }
    }

    fn warn(&self, message: impl Display) {
        self.bar.suspend(|| eprintln!("geocite: warning: {message}"));
    }

    fn error(&self, message: impl Display) {
        self.bar.suspend(|| eprintln!("geocite: error: {message}"));
    }

    fn progress(&self, stats: &LayerStats) {
        if self.may_show && self.started.elapsed() >= PROGRESS_AFTER && !self.shown.swap(true, Ordering::Relaxed) {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
            self.bar.enable_steady_tick(Duration::from_millis(120));
        }
        self.bar.set_position(stats.articles);
        let per_second = stats.articles as f64 / self.started.elapsed().as_secs_f64().max(1e-3);
        self.bar
            .set_message(format!("{} mentions, {per_second:.0} articles/s", stats.mentions));
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
