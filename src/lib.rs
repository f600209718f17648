//! geocite: geoparse news articles into cited GeoJSON layers.
//!
//! The data path reads as the module tree: [`ingest`] (articles and metadata) →
//! [`recognize`] (candidate spans) → [`resolve`] (gazetteer candidates and scores) → [`cite`]
//! (mentions with their sentence) → [`layers`] (GeoJSON and CSV writers). [`gazetteer`] owns
//! names, normalisation and the index; [`pipeline`] runs one article through the stages.
//! [`eval`] scores the pipeline on annotated corpora.

pub mod cite;
pub mod eval;
pub mod gazetteer;
pub mod ingest;
pub mod layers;
pub mod pipeline;
pub mod recognize;
pub mod resolve;
