//! Issue 3's "Done when" checks on the two sample articles, as a user would make them on
//! `out/places.geojson` and `out/mentions.geojson`.

mod common;

use std::collections::HashMap;

use common::{Run, code_points, int_prop, map, seed_dir, seed_texts, str_prop};
use serde_json::{Map, Value};

fn run_samples(extra: &[&str]) -> Run {
    let seeds = seed_dir();
    let mut args = vec![seeds.to_str().unwrap()];
    args.extend_from_slice(extra);
    let run = map(&args);
    run.expect_code(0);
    run
}

/// geonameid of each place in `places.geojson`, with its properties.
fn places_by_id(run: &Run) -> HashMap<i64, Map<String, Value>> {
    run.properties("places")
        .into_iter()
        .map(|p| (int_prop(&p, "geonameid"), p))
        .collect()
}

/// A mention's surface without a trailing possessive ("Deir al-Zour’s" → "Deir al-Zour").
fn base_surface(surface: &str) -> &str {
    surface
        .strip_suffix("’s")
        .or_else(|| surface.strip_suffix("'s"))
        .unwrap_or(surface)
}

#[test]
fn the_sample_places_resolve_to_the_right_geonames_entries() {
    let run = run_samples(&[]);
    let places = places_by_id(&run);
    let expected = [
        ("Palmyra", 163808),
        ("Raqqa", 172955),
        ("Latakia", 173576),
        ("al-Mayadin", 173480),
        ("Aleppo", 170063),
        ("Moscow", 524901),
        ("Deir el-Zour", 170794),
        ("Deir al-Zour", 170794),
    ];
    let mentions = run.properties("mentions");
    for (surface, geonameid) in expected {
        assert!(
            places.contains_key(&geonameid),
            "places.geojson lacks {surface} ({geonameid})"
        );
        let surfaces: Vec<&str> = places[&geonameid]["surfaces"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| base_surface(s.as_str().unwrap()))
            .collect();
        assert!(
            surfaces.contains(&surface),
            "{geonameid} is not cited as {surface:?}: {surfaces:?}"
        );
        // Every occurrence of the name, not just one, lands on the right entry.
        let ids: Vec<i64> = mentions
            .iter()
            .filter(|m| base_surface(str_prop(m, "surface").unwrap()) == surface)
            .map(|m| int_prop(m, "geonameid"))
            .collect();
        assert!(!ids.is_empty(), "no mention of {surface:?}");
        assert!(ids.iter().all(|&id| id == geonameid), "{surface:?} resolved to {ids:?}");
    }
}

#[test]
fn the_sample_countries_appear_without_demonyms() {
    let run = run_samples(&[]);
    let countries: Vec<String> = run
        .properties("places")
        .iter()
        .filter(|p| str_prop(p, "precision") == Some("country"))
        .map(|p| str_prop(p, "country_code").unwrap().to_string())
        .collect();
    for (country, code) in [
        ("Syria", "SY"),
        ("Russia", "RU"),
        ("Iraq", "IQ"),
        ("Ukraine", "UA"),
        ("United States", "US"),
    ] {
        assert!(
            countries.iter().any(|c| c == code),
            "{country} missing from {countries:?}"
        );
    }
    // Without --demonyms, "Iraqi" is only a mention: Iraq must come from a place name.
    let iraq: Vec<Map<String, Value>> = run
        .properties("mentions")
        .into_iter()
        .filter(|m| str_prop(m, "country_code") == Some("IQ") && m["is_place"] == Value::Bool(true))
        .collect();
    assert!(iraq.iter().all(|m| str_prop(m, "kind") == Some("place")));
    assert!(iraq.iter().any(|m| str_prop(m, "surface") == Some("Iraq")));
}

#[test]
fn no_place_comes_from_a_person_or_an_organisation() {
    let run = run_samples(&[]);
    let texts = seed_texts();
    for name in ["Obama", "Cook", "Carter", "Putin", "Assad", "Islamic State"] {
        let mut occurrences = 0;
        for m in run.properties("mentions") {
            let text = &texts[str_prop(&m, "article_id").unwrap()];
            let (start, end) = (int_prop(&m, "char_start") as usize, int_prop(&m, "char_end") as usize);
            for (byte_start, _) in text.match_indices(name) {
                occurrences += 1;
                let name_start = text[..byte_start].chars().count();
                let name_end = name_start + name.chars().count();
                assert!(
                    end <= name_start || start >= name_end,
                    "mention {:?} [{start}, {end}) overlaps {name:?} at [{name_start}, {name_end})",
                    str_prop(&m, "surface")
                );
            }
        }
        assert!(
            occurrences > 0,
            "{name:?} does not occur in the samples: the check proves nothing"
        );
    }
}

#[test]
fn every_mention_and_citation_points_at_its_text() {
    let run = run_samples(&["--demonyms"]);
    let texts = seed_texts();
    let mentions = run.properties("mentions");
    assert!(mentions.len() > 50, "only {} mentions", mentions.len());
    for m in &mentions {
        let text = &texts[str_prop(m, "article_id").unwrap()];
        let surface = str_prop(m, "surface").unwrap();
        let (start, end) = (int_prop(m, "char_start") as usize, int_prop(m, "char_end") as usize);
        assert_eq!(code_points(text, start, end), surface, "offsets of {m:?}");
        assert!(str_prop(m, "sentence").unwrap().contains(surface), "sentence of {m:?}");
    }
    let mut citations = 0;
    for place in run.properties("places") {
        for c in place["citations"].as_array().unwrap() {
            citations += 1;
            let text = &texts[c["article_id"].as_str().unwrap()];
            let (start, end) = (
                c["char_start"].as_u64().unwrap() as usize,
                c["char_end"].as_u64().unwrap() as usize,
            );
            let surface = code_points(text, start, end);
            let sentence = c["sentence"].as_str().unwrap();
            assert!(sentence.contains(&surface), "citation {c} does not contain {surface:?}");
        }
        assert_eq!(
            place["citations"].as_array().unwrap().len() as i64,
            int_prop(&place, "mention_count"),
            "every mention of {place:?} is cited"
        );
    }
    assert_eq!(
        citations,
        mentions.iter().filter(|m| m["is_place"] == Value::Bool(true)).count()
    );
}

#[test]
fn demonyms_count_as_places_only_when_asked() {
    let without = run_samples(&[]);
    let with = run_samples(&["--demonyms"]);
    let demonyms = |run: &Run| -> Vec<bool> {
        run.properties("mentions")
            .iter()
            .filter(|m| str_prop(m, "kind") == Some("demonym"))
            .map(|m| m["is_place"].as_bool().unwrap())
            .collect()
    };
    let (off, on) = (demonyms(&without), demonyms(&with));
    assert!(
        !off.is_empty() && off.len() == on.len(),
        "demonyms are mentions either way"
    );
    assert!(off.iter().all(|&p| !p) && on.iter().all(|&p| p));
    let syria_mentions = |run: &Run| int_prop(&places_by_id(run)[&163843], "mention_count");
    assert!(
        syria_mentions(&with) > syria_mentions(&without),
        "\"Syrian\" counts for Syria with --demonyms"
    );
}

#[test]
fn the_sample_metadata_reaches_the_articles_layer() {
    let run = run_samples(&[]);
    let articles = run.properties("articles");
    let ids: Vec<&str> = articles.iter().map(|a| str_prop(a, "article_id").unwrap()).collect();
    assert_eq!(
        ids,
        ["000_e600ccfccb9c53c7", "003_e948c945749cd02a"],
        "file stems, in sorted order"
    );
    assert_eq!(
        str_prop(&articles[0], "pub_date"),
        Some("2016-12-28"),
        "from the leading date token"
    );
    assert_eq!(str_prop(&articles[0], "title"), None, "a photo caption is no headline");
    assert_eq!(
        str_prop(&articles[1], "title"),
        Some("US, Russia to begin talks on military activity in Syria")
    );
    assert_eq!(articles[1]["pub_date"], Value::Null);
    for (article, feature) in articles.iter().zip(run.features("articles")) {
        let points = feature["geometry"]["coordinates"].as_array().unwrap().len() as i64;
        assert_eq!(points, int_prop(article, "place_count"));
        assert!(int_prop(article, "place_count") >= 5);
        assert!(str_prop(article, "focus_country").is_some());
    }
}
