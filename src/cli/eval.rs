//! `geocite eval --corpus KIND PATH`: score geocite on an annotated corpus, the way users run it
//! (`Pipeline::process` on each article), or resolve the gold spans only (`--gold-spans`), or
//! score another geoparser's output file on the same gold with the same code (`--peer`).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use geocite::eval::report::{self, RunInfo};
use geocite::eval::{self as evaluation, CorpusKind, predict};
use geocite::pipeline::{Options, Pipeline};

#[derive(clap::Args)]
pub struct Args {
    /// Corpus format: gwn (GWN.xml), lgl (lgl.xml or any TR-style XML), geovirus (GeoVirus.xml),
    /// wiktor (folder with texts/ and WikToR_gold.txt), geocorpora (folder with eupeg_texts/ and
    /// GeoCorpora_gold.txt).
    #[arg(long, value_parser = parse_corpus)]
    pub corpus: CorpusKind,
    /// Path to the corpus file or folder.
    pub path: PathBuf,
    /// Count adjectives and demonyms ("Syrian") as places.
    #[arg(long)]
    pub demonyms: bool,
    /// Countries the articles are about (ISO codes, comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub focus: Vec<String>,
    /// Resolve the gold spans only (as Mordecai3 reports) and score the readings.
    #[arg(long)]
    pub gold_spans: bool,
    /// List the N worst misplacements and the N most frequent missed and spurious names.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub errors: usize,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// Score only the first N documents (quick runs).
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Score another geoparser's output (line-per-document `||`/`,,` format, one line per
    /// document in corpus order, e.g. EUPEG's geoparser_output/*.txt) instead of geocite.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["gold_spans", "demonyms", "focus"])]
    pub peer: Option<PathBuf>,
}

fn parse_corpus(s: &str) -> Result<CorpusKind, String> {
    s.parse().map_err(|e: anyhow::Error| e.to_string())
}

pub fn run(args: Args) -> Result<ExitCode> {
    let started = Instant::now();
    let mut corpus = evaluation::load(args.corpus, &args.path)
        .with_context(|| format!("loading the {} corpus from {}", args.corpus, args.path.display()))?;
    let mut info = RunInfo {
        path: args.path.display().to_string(),
        system: format!("geocite {}", env!("CARGO_PKG_VERSION")),
        options: options_text(&args),
        errors: args.errors,
        seconds: 0.0,
    };
    let report = if let Some(peer) = &args.peer {
        // The peer file holds one line per document of the whole corpus: read it, then cut both.
        let mut output = predict::from_peer_file(peer, &corpus)?;
        if let Some(n) = args.limit {
            corpus.truncate(n);
            output.predictions.truncate(n);
        }
        if output.unplaced > 0 {
            corpus.notes.push(format!(
                "{}: {} records without coordinates left out (as geocite's unresolved names are)",
                peer.display(),
                output.unplaced
            ));
        }
        info.system = format!("peer output {}", peer.display());
        info.seconds = started.elapsed().as_secs_f64();
        report::score_end_to_end(&corpus, &output.predictions, &info)
    } else {
        if let Some(n) = args.limit {
            corpus.truncate(n);
        }
        let pipeline = Pipeline::new(Options {
            demonyms: args.demonyms,
            focus: args.focus.clone(),
            ..Options::default()
        })?;
        if args.gold_spans {
            let readings = predict::from_gold_spans(&pipeline, &corpus);
            info.seconds = started.elapsed().as_secs_f64();
            report::score_gold_spans(&corpus, &readings, &info)
        } else {
            let predictions = predict::from_pipeline(&pipeline, &corpus);
            info.seconds = started.elapsed().as_secs_f64();
            report::score_end_to_end(&corpus, &predictions, &info)
        }
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", report::render(&report));
    }
    Ok(ExitCode::SUCCESS)
}

/// The options that change the numbers, as typed, for the report header.
fn options_text(args: &Args) -> String {
    let mut parts = Vec::new();
    if args.demonyms {
        parts.push("--demonyms".to_string());
    }
    if !args.focus.is_empty() {
        parts.push(format!("--focus {}", args.focus.join(",")));
    }
    if args.gold_spans {
        parts.push("--gold-spans".to_string());
    }
    if let Some(n) = args.limit {
        parts.push(format!("--limit {n}"));
    }
    parts.join(" ")
}
