//! `geocite eval`: score the pipeline on an annotated corpus. (Being built.)

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

#[derive(clap::Args)]
pub struct Args {
    /// Corpus format: gwn, lgl, geovirus, wiktor, geocorpora.
    #[arg(long)]
    pub corpus: String,
    /// Path to the corpus file or folder.
    pub path: PathBuf,
}

pub fn run(_args: Args) -> Result<ExitCode> {
    anyhow::bail!("geocite eval is not implemented yet")
}
