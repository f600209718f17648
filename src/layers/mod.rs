//! Output layers: GeoJSON and CSV writers.

pub mod atomic;
