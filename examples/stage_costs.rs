//! Bench tool: what each stage of `geocite map` costs, in CPU milliseconds per MB of article
//! text, on one thread. The articles are read into memory first; then each pass runs the
//! pipeline one stage further than the last (recognise; and resolve; and cite; and render the
//! layers' rows) and reports its own time, so that the difference between two passes is the
//! cost of the stage added. Writing the files is what `geocite map` adds to the last pass.
//!
//! Two passes before them give floors for any recogniser that reads every word: splitting the
//! text into tokens, and that plus looking each capitalised token up in the name index.
//!
//!     cargo run --release --example stage_costs -- bench/corpus/news-50mb.jsonl [PASSES] [ONLY]
//!
//! Each pass is timed PASSES times (default 3) and the fastest is kept: the machine is shared,
//! and other work only ever adds time. ONLY (`tokenise`, `lookup`, `recognise`, `resolve`,
//! `process` or `render`) runs that one pass, for a profiler. `Pipeline::process` takes its
//! article by value, so the passes from `process` on also copy each article's text.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result};
use geocite::gazetteer::fold::fold_into;
use geocite::ingest::{Article, Event, Inputs};
use geocite::layers::RenderedArticle;
use geocite::pipeline::{Options, Pipeline};
use geocite::recognize::Recognizer;
use geocite::recognize::tokenize::tokenize;

// The allocator `geocite map` runs with, so that the passes cost what they cost there.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Clone, Copy)]
enum Depth {
    Tokenise,
    LookUp,
    Recognise,
    Resolve,
    Process,
    Render,
}

const DEPTHS: [(Depth, &str, &str); 6] = [
    (Depth::Tokenise, "tokenise", "floor: tokenise"),
    (Depth::LookUp, "lookup", "floor: tokenise, look capitalised words up"),
    (Depth::Recognise, "recognise", "recognise"),
    (Depth::Resolve, "resolve", "+ resolve"),
    (Depth::Process, "process", "+ cite (Pipeline::process)"),
    (Depth::Render, "render", "+ render the layers' rows"),
];

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let input = PathBuf::from(args.next().context("usage: stage_costs INPUT.jsonl [PASSES] [ONLY]")?);
    let passes: usize = args.next().map(|p| p.parse()).transpose()?.unwrap_or(3);
    let only = args.next();
    if let Some(only) = &only
        && !DEPTHS.iter().any(|(_, name, _)| name == only)
    {
        let names: Vec<&str> = DEPTHS.iter().map(|(_, name, _)| *name).collect();
        anyhow::bail!("no pass is called {only:?}: {}", names.join(", "));
    }
    let (articles, read) = cpu_time(|| read_articles(&input));
    let articles = articles?;
    let mb = articles.iter().map(|a| a.text.len()).sum::<usize>() as f64 / 1e6;
    let pipeline = Pipeline::new(Options::default())?;
    println!(
        "{} articles, {mb:.1} MB of text, one thread, fastest of {passes}",
        articles.len()
    );
    println!();
    println!("| pass | CPU ms per MB | MB per CPU-second |");
    println!("|---|---|---|");
    if only.is_none() {
        print_row("read the articles (once)", read, mb);
    }
    for (depth, _, label) in DEPTHS
        .into_iter()
        .filter(|(_, name, _)| only.as_deref().is_none_or(|o| o == *name))
    {
        let best = (0..passes)
            .map(|_| cpu_time(|| run(&pipeline, &articles, depth)).1)
            .min()
            .expect("at least one pass");
        print_row(label, best, mb);
    }
    Ok(())
}

fn read_articles(input: &Path) -> Result<Vec<Article>> {
    Ok(Inputs::open(&[input.to_path_buf()])?
        .filter_map(|e| match e {
            Event::Article(a) => Some(a),
            _ => None,
        })
        .collect())
}

fn print_row(label: &str, cpu: Duration, mb: f64) {
    let ms_per_mb = cpu.as_secs_f64() * 1000.0 / mb;
    println!("| {label} | {ms_per_mb:.1} | {:.1} |", 1000.0 / ms_per_mb);
}

fn run(pipeline: &Pipeline, articles: &[Article], depth: Depth) {
    let gazetteer = pipeline.gazetteer();
    let recognizer = Recognizer::new(gazetteer);
    let resolver = pipeline.resolver();
    for article in articles {
        match depth {
            Depth::Tokenise => {
                black_box(tokenize(&article.text));
            }
            Depth::LookUp => {
                let text = &article.text;
                let mut folded = String::new();
                for token in tokenize(text).iter().filter(|t| t.shape.capitalised) {
                    folded.clear();
                    fold_into(token.text(text), &mut folded);
                    black_box(gazetteer.first_token(&folded));
                }
            }
            Depth::Recognise => {
                black_box(recognizer.recognize_body(&article.text, article.body_offset));
            }
            Depth::Resolve => {
                let recognized = recognizer.recognize_body(&article.text, article.body_offset);
                black_box(resolver.resolve(&recognized.spans));
            }
            Depth::Process => {
                black_box(pipeline.process(article.clone()));
            }
            Depth::Render => {
                black_box(RenderedArticle::new(pipeline.process(article.clone())));
            }
        }
    }
}

/// What `work` returns, and the CPU time (user and system) this process spends in it.
fn cpu_time<T>(work: impl FnOnce() -> T) -> (T, Duration) {
    let before = process_cpu();
    let done = work();
    (done, process_cpu().saturating_sub(before))
}

fn process_cpu() -> Duration {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::uninit();
    // SAFETY: getrusage fills the struct it is given and returns 0 on success.
    let usage = unsafe {
        assert_eq!(libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr()), 0);
        usage.assume_init()
    };
    let micros = |t: libc::timeval| t.tv_sec as u64 * 1_000_000 + t.tv_usec as u64;
    Duration::from_micros(micros(usage.ru_utime) + micros(usage.ru_stime))
}
