//! The bundled gazetteer: name folding, the compiled name index and user additions.

pub mod derive;
pub mod extra;
pub mod fold;
pub mod format;
mod index;
pub mod polygons;

pub use index::{ByteSet, FirstToken, Gazetteer, NameCursor, NameHit, Place, PlaceId, Precision};
