//! The `geocite` command: a thin layer over the library, one file per subcommand in `cli/`.

mod cli;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

// The pipeline allocates many small short-lived vectors per article on every thread; mimalloc's
// per-thread free lists serve them faster than the system allocator. Built without transparent
// huge pages (`no_thp`): with them, every page it touched cost 2 MB of memory (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "geocite",
    version,
    about = "Geoparse news articles into cited GeoJSON layers for QGIS and web maps"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Find, resolve and cite the places in articles; write the map layers.
    Map(cli::map::Args),
    /// Show the gazetteer's candidates for a name, with the scores the resolver gives them.
    Lookup(cli::lookup::Args),
    /// Score geocite on an annotated corpus.
    Eval(cli::eval::Args),
    /// Maintain the bundled gazetteer.
    Gazetteer(cli::gazetteer::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Map(args) => cli::map::run(args),
        Command::Lookup(args) => cli::lookup::run(args),
        Command::Eval(args) => cli::eval::run(args),
        Command::Gazetteer(args) => cli::gazetteer::run(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("geocite: error: {err:#}");
            ExitCode::from(2)
        }
    }
}
