//! Recognition behaviour on short, made-up sentences: each test is a rule a reader of news
//! would check. The bundled gazetteer supplies the names.

use std::sync::OnceLock;

use super::*;

fn gazetteer() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(Gazetteer::bundled)
}

fn places(text: &str) -> Vec<String> {
    Recognizer::new(gazetteer())
        .recognize(text)
        .spans
        .iter()
        .filter(|s| s.kind == MentionKind::Place)
        .map(|s| s.surface.clone())
        .collect()
}

fn rejection(text: &str, surface: &str) -> Option<Reason> {
    Recognizer::new(gazetteer())
        .recognize(text)
        .rejected
        .iter()
        .find(|r| r.surface == surface)
        .map(|r| r.reason)
}

#[test]
fn finds_places_with_possessives_and_hyphenated_compounds() {
    assert_eq!(places("Troops left Aleppo’s old city."), ["Aleppo"]);
    assert_eq!(
        places("Deir al-Zour's airport and the US's role."),
        ["Deir al-Zour", "US"]
    );
    assert_eq!(
        places("The Britain-based group and US-led forces met."),
        ["Britain", "US"]
    );
}

#[test]
fn spans_are_code_point_offsets_into_the_text() {
    let text = "“Déjà vu” in Ḩalab and Zürich.";
    let rec = Recognizer::new(gazetteer()).recognize(text);
    let chars: Vec<char> = text.chars().collect();
    assert!(!rec.spans.is_empty());
    for s in &rec.spans {
        let by_chars: String = chars[s.char_start..s.char_end].iter().collect();
        assert_eq!(by_chars, s.surface);
    }
}

#[test]
fn longest_match_wins() {
    assert_eq!(places("He moved to New York City last year."), ["New York City"]);
    assert_eq!(places("They flew to Buenos Aires."), ["Buenos Aires"]);
}

#[test]
fn acronyms_need_capitals_and_short_capitals_need_acronyms() {
    assert_eq!(places("The US and the UK agreed."), ["US", "UK"]);
    assert!(places("The UN General Assembly met.").is_empty());
    assert!(places("NATO allies met.").is_empty());
}

#[test]
fn dotted_abbreviations_need_their_dot() {
    let rec = Recognizer::new(gazetteer()).recognize("She lives in Sacramento, Calif., with her son.");
    let calif = rec
        .spans
        .iter()
        .find(|s| s.surface.starts_with("Calif"))
        .expect("Calif. is California");
    assert_eq!(calif.surface, "Calif.");
    assert_eq!(gazetteer().place(calif.hits[0].place).feature_code, "ADM1");
}

#[test]
fn people_are_not_places() {
    assert_eq!(
        rejection("The spokesman Peter Hayward said so.", "Hayward"),
        Some(Reason::GivenNameBefore)
    );
    assert!(places("The spokesman Peter Cook said so.").is_empty());
    assert_eq!(
        rejection("Talks with President Obama ended.", "Obama"),
        Some(Reason::PersonTitle)
    );
    assert!(places("The officer said. Later Cook said nothing.").is_empty());
    // A surname seen with a given name stays a person for the rest of the article.
    let text = "Reporter Jane Marple arrived. Later, Marple left Denver for Boston.";
    assert_eq!(places(text), ["Denver", "Boston"]);
}

#[test]
fn organisation_adjectives_and_brands_are_not_places() {
    assert_eq!(
        rejection("The Syrian Observatory for Human Rights said.", "Syrian"),
        Some(Reason::OrganisationName)
    );
    assert_eq!(
        rejection("He wrote for the Denver Post for years.", "Denver"),
        Some(Reason::BrandName)
    );
    // An institution of a place still names the place.
    assert_eq!(places("Denver Police arrested two men."), ["Denver"]);
}

#[test]
fn capitalised_common_words_at_sentence_start_are_not_places() {
    assert!(places("Reading the report, she frowned.").is_empty());
    assert!(places("May brought rain.").is_empty());
    assert_eq!(places("She moved to Reading last year."), ["Reading"]);
}

#[test]
fn streets_and_natural_features_are_not_their_towns() {
    assert_eq!(
        rejection("He lives on Denver Street downtown.", "Denver"),
        Some(Reason::StreetName)
    );
    assert_eq!(
        rejection("They fished the Jordan River.", "Jordan"),
        Some(Reason::NaturalFeature)
    );
}

#[test]
fn demonyms_are_recognised_as_their_own_kind() {
    let rec = Recognizer::new(gazetteer()).recognize("Syrian troops and Russian jets.");
    let kinds: Vec<(&str, MentionKind)> = rec.spans.iter().map(|s| (s.surface.as_str(), s.kind)).collect();
    assert_eq!(
        kinds,
        [("Syrian", MentionKind::Demonym), ("Russian", MentionKind::Demonym)]
    );
    let country = gazetteer().place(rec.spans[0].hits[0].place);
    assert_eq!((country.country_code, country.feature_code), ("SY", "PCLI"));
}

#[test]
fn arabic_articles_and_transliterations() {
    let rec = Recognizer::new(gazetteer()).recognize("Strikes hit the eastern city of al-Mayadin and Deir el-Zour.");
    let surfaces: Vec<&str> = rec.spans.iter().map(|s| s.surface.as_str()).collect();
    assert_eq!(surfaces, ["al-Mayadin", "Deir el-Zour"]);
    assert_eq!(rec.spans[0].hint, Some(FeatureHint::Settlement));
    assert_eq!(rec.spans[1].via, MatchVia::Transliteration);
    assert!(
        rec.spans[1]
            .hits
            .iter()
            .any(|h| gazetteer().place(h.place).geonameid == 170794)
    );
}

#[test]
fn containment_and_division_cues() {
    let rec = Recognizer::new(gazetteer()).recognize("Fighting spread from Latakia, Syria, into Idlib province.");
    let latakia = &rec.spans[0];
    assert_eq!(latakia.container, Some(1));
    assert_eq!(rec.spans[2].surface, "Idlib");
    assert_eq!(rec.spans[2].hint, Some(FeatureHint::Division));
}

#[test]
fn postal_codes_count_only_after_a_place() {
    assert_eq!(places("He moved to Springfield, IL last year."), ["Springfield", "IL"]);
    assert!(places("IL is a state abbreviation.").is_empty());
}

#[test]
fn unknown_names_in_place_contexts_are_reported() {
    let rec = Recognizer::new(gazetteer()).recognize("The fire broke out in Qaryat Zzyzx overnight.");
    let unknown: Vec<&str> = rec.unknown.iter().map(|u| u.surface.as_str()).collect();
    assert_eq!(unknown, ["Qaryat Zzyzx"]);
    // A known name with a possessive is not unknown.
    assert!(
        Recognizer::new(gazetteer())
            .recognize("The war in Syria’s north went on.")
            .unknown
            .is_empty()
    );
}

#[test]
fn given_spans_carry_candidates_even_for_transliterations() {
    let text = "Shelling near Deir el-Zour continued.";
    let rec = Recognizer::new(gazetteer()).given_spans(text, &[(14, 26)]);
    assert_eq!(rec.spans.len(), 1);
    assert_eq!(rec.spans[0].surface, "Deir el-Zour");
    assert!(!rec.spans[0].hits.is_empty());
}

#[test]
fn given_spans_accept_ranges_in_any_order_and_nested() {
    let text = "The Paris Agreement was signed in Paris and Nice.";
    // "Nice" first and twice, "Paris Agreement" nesting "Paris".
    let ranges = [(44, 48), (4, 19), (4, 9), (44, 48), (34, 39)];
    let rec = Recognizer::new(gazetteer()).given_spans(text, &ranges);
    let got: Vec<(usize, usize, &str)> = rec
        .spans
        .iter()
        .map(|s| (s.char_start, s.char_end, s.surface.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (4, 9, "Paris"),
            (4, 19, "Paris Agreement"),
            (34, 39, "Paris"),
            (44, 48, "Nice")
        ]
    );
}

#[test]
fn given_spans_cover_a_name_inside_a_possessive() {
    let text = "Talks on Tunisia’s future.";
    let rec = Recognizer::new(gazetteer()).given_spans(text, &[(9, 16)]);
    assert_eq!(rec.spans.len(), 1);
    assert_eq!(rec.spans[0].surface, "Tunisia");
    assert_eq!(gazetteer().place(rec.spans[0].hits[0].place).country_code, "TN");
}

#[test]
fn one_hit_per_place_keeps_the_first_in_order_whatever_the_length() {
    for len in [0, 3, 16, 17, 60] {
        // Places repeat with period 5, each under two spellings (flags).
        let hits: Vec<NameHit> = (0..len)
            .map(|k| NameHit {
                place: (k % 5) as crate::gazetteer::PlaceId * 10,
                flags: (k / 5 % 2) as u8,
            })
            .collect();
        let mut kept = hits.clone();
        keep_first_hit_per_place(&mut kept);
        let expected: Vec<NameHit> = hits.iter().take(5).copied().collect();
        assert_eq!(kept, expected, "{len} hits");
    }
}

#[test]
fn no_arabic_article_is_longer_than_the_length_that_rules_words_out() {
    assert!(
        ARABIC_ARTICLES
            .iter()
            .all(|a| a.chars().count() <= usize::from(LONGEST_ARABIC_ARTICLE))
    );
}

#[test]
fn token_folds_read_in_place_equal_folding_the_whole_text() {
    let texts = [
        "Deir el-Zour’s airport, O'Fallon and AL-MAYADIN: Ḩalab, e\u{301}te\u{301} x2B 2014.",
        "Ǆ ǅ Straße Łódź İstanbul d’Aunoy Ma'arrat al-Nu`man — the U.S. and St. Louis",
        "\u{301}a b\u{200D}c ÆØ x Xiamen xylophone",
    ];
    for text in texts {
        let doc = Doc::new(text, Vocab::get());
        // The folds as one string, each after a space: what fold_range used to slice.
        let mut whole = String::new();
        let mut at = Vec::new();
        for t in &doc.tokens {
            let mut start = whole.len();
            fold_into(t.text(text), &mut whole);
            if whole.as_bytes().get(start) == Some(&b' ') {
                start += 1;
            }
            at.push((start, whole.len()));
        }
        let n = doc.tokens.len();
        for i in 0..n {
            assert_eq!(doc.fold(i), &whole[at[i].0..at[i].1], "{text}: token {i}");
            for j in i..n.min(i + 5) {
                assert_eq!(
                    doc.fold_range(i, j),
                    &whole[at[i].0..at[j].1],
                    "{text}: tokens {i}..={j}"
                );
            }
        }
    }
}
