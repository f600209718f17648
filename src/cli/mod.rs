//! Subcommands, one per file (after xsv): each has its `Args` and a `run`.

pub mod eval;
pub mod gazetteer;
pub mod lookup;
pub mod map;
