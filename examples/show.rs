fn main() {
    let p = geocite::pipeline::Pipeline::new(Default::default()).unwrap();
    for path in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&path).unwrap();
        let rec = geocite::recognize::Recognizer::new(p.gazetteer()).recognize(&text);
        for r in &rec.rejected {
            println!("  REJ {:?} {}", r.span.surface, r.reason.as_str());
        }
        for u in &rec.unknown {
            println!("  UNK {:?}", u.surface);
        }
        let res = p.process(geocite::ingest::Article::new(&path, text));
        for m in &res.mentions {
            println!(
                "{:<16} {:>9} {:<22} {} {:<5} {:.2} {}",
                m.surface,
                m.geonameid,
                m.name,
                m.country_code,
                m.feature_code,
                m.confidence,
                m.kind.as_str()
            );
        }
        println!("focus {:?}", res.focus);
    }
}
