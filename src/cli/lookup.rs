//! `geocite lookup NAME`: the candidates the gazetteer holds for a name, scored as the
//! resolver would score them — what to run when a point lands in the wrong place.

use std::process::ExitCode;

use anyhow::Result;
use geocite::pipeline::{Options, Pipeline};

#[derive(clap::Args)]
pub struct Args {
    /// The place name, as written in the article.
    pub name: String,
    /// Countries the articles are about (ISO codes, comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub focus: Vec<String>,
    /// How many candidates to show.
    #[arg(long, default_value_t = 15)]
    pub limit: usize,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let pipeline = Pipeline::new(Options {
        focus: args.focus,
        ..Options::default()
    })?;
    let recognizer = geocite::recognize::Recognizer::new(pipeline.gazetteer());
    let spans = recognizer.lookup_spans(&args.name);
    let Some(span) = spans.first() else {
        println!("no gazetteer entry is called {:?}", args.name);
        return Ok(ExitCode::from(1));
    };
    let ranked = pipeline.resolver().rank(&spans);
    let g = pipeline.gazetteer();
    println!(
        "{:?} ({} via {}, {} candidates)",
        args.name,
        span.kind.as_str(),
        match span.via {
            geocite::recognize::MatchVia::Name => "name",
            geocite::recognize::MatchVia::Transliteration => "transliteration key",
            geocite::recognize::MatchVia::Within => "a name within it",
        },
        span.hits.len()
    );
    println!(
        "{:>5} {:>6} {:>9}  {:<28} {:<5} {:<3} {:<22} {:>10}  evidence",
        "prob", "score", "geonameid", "name", "fcode", "cc", "admin1", "population"
    );
    for c in ranked[0].iter().take(args.limit) {
        let p = g.place(c.place);
        let admin1 = g.admin1(p.admin1_code).map(|a| a.name).unwrap_or("");
        let f = &c.features;
        println!(
            "{:>5.3} {:>6.2} {:>9}  {:<28} {:<5} {:<3} {:<22} {:>10}  pop {:.2} type {:.2} own-name {} focus {}",
            c.probability,
            c.score,
            p.geonameid,
            truncate(p.name, 28),
            p.feature_code,
            p.country_code,
            truncate(admin1, 22),
            p.population,
            f.population,
            f.feature_type,
            f.primary_name,
            f.focus
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn truncate(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}
