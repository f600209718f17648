//! Finding the rare bytes that need escaping or quoting in text, eight bytes at a time: news
//! text almost never holds them, so most of it is passed over a word at a time.

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// Bytes to look for: a test on eight bytes at once that never says no wrongly, and the exact
/// test on one byte.
pub(super) struct Wanted {
    pub in_word: fn(u64) -> bool,
    pub byte: fn(u8) -> bool,
}

impl Wanted {
    /// The position of the first wanted byte of `bytes` at or after `from`.
    pub fn find(&self, bytes: &[u8], mut from: usize) -> Option<usize> {
        while let Some(word) = bytes.get(from..from + 8) {
            if (self.in_word)(u64::from_le_bytes(word.try_into().expect("eight bytes"))) {
                break;
            }
            from += 8;
        }
        bytes
            .get(from..)?
            .iter()
            .position(|&b| (self.byte)(b))
            .map(|k| from + k)
    }
}

/// Whether any of the eight bytes of `word` is `byte`.
pub(super) fn has_byte(word: u64, byte: u8) -> bool {
    has_zero_byte(word ^ (ONES * u64::from(byte)))
}

/// Whether any of the eight bytes of `word` is below `limit` (at most 0x80).
pub(super) fn has_byte_below(word: u64, limit: u8) -> bool {
    word.wrapping_sub(ONES * u64::from(limit)) & !word & HIGH_BITS != 0
}

fn has_zero_byte(word: u64) -> bool {
    has_byte_below(word, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_tests_agree_with_byte_tests() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..100_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            // Bytes near the values looked for are the hard cases.
            let bytes = seed
                .to_le_bytes()
                .map(|b| [b, b % 0x24, 0x20 + b % 0x40, b | 0x80][usize::from(b) % 4]);
            let word = u64::from_le_bytes(bytes);
            for target in [b'"', b'\\', b',', b'\n', b'\r'] {
                assert_eq!(has_byte(word, target), bytes.contains(&target), "{bytes:?} {target}");
            }
            assert_eq!(has_byte_below(word, 0x20), bytes.iter().any(|&b| b < 0x20), "{bytes:?}");
        }
    }

    #[test]
    fn finds_the_first_wanted_byte_at_any_alignment() {
        let quote = Wanted {
            in_word: |w| has_byte(w, b'"'),
            byte: |b| b == b'"',
        };
        for len in 0..40 {
            for at in 0..len {
                let mut text = vec![b'a'; len];
                text[at] = b'"';
                assert_eq!(quote.find(&text, 0), Some(at));
                assert_eq!(quote.find(&text, at + 1), None);
            }
            assert_eq!(quote.find(&vec![b'a'; len], 0), None);
        }
    }
}
