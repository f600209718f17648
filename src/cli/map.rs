//! `geocite map`: read articles, geoparse them, write the layers. (Being built.)

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

#[derive(clap::Args)]
pub struct Args {
    /// Files or directories of articles (.txt, .md, .jsonl, .ndjson, .csv); `-` reads JSONL from stdin.
    pub inputs: Vec<PathBuf>,
    /// Output directory.
    #[arg(long, default_value = "out")]
    pub out: PathBuf,
}

pub fn run(_args: Args) -> Result<ExitCode> {
    anyhow::bail!("geocite map is not implemented yet")
}
