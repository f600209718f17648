//! Country and division codes as the resolver keys and compares them: several times for every
//! candidate in every round, so the comparison matters.

use std::hash::{Hash, Hasher};

/// A gazetteer code: a country ("SY") or a first-level division with its country ("SY.07").
///
/// Equal as strings, but compared without a call to `memcmp`: the gazetteer keeps one copy of
/// each code, so equal codes are almost always the same bytes, and codes are a few bytes long.
#[derive(Debug, Clone, Copy)]
pub(super) struct Code<'g>(pub &'g str);

impl Code<'_> {
    pub fn as_str(&self) -> &str {
        self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl PartialEq for Code<'_> {
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (self.0.as_bytes(), other.0.as_bytes());
        std::ptr::eq(a, b) || (a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y))
    }
}

impl Eq for Code<'_> {}

impl Hash for Code<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.hash(state);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_equal_when_their_text_is() {
        let copy = String::from("SY.07");
        let (a, b) = (Code("SY.07"), Code(&copy));
        assert_eq!(a, b);
        assert_eq!(a, a);
        assert_ne!(a, Code("SY.08"));
        assert_ne!(a, Code("SY.0"));
        assert_ne!(Code(""), Code("S"));
        assert_eq!(Code(""), Code(&copy[..0]));
        let hash = |c: Code| {
            let mut h = rustc_hash::FxHasher::default();
            c.hash(&mut h);
            h.finish()
        };
        assert_eq!(hash(a), hash(b));
    }
}
