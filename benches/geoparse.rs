//! Micro-benchmarks of the stages of `geocite map`, on the two sample articles:
//! `cargo bench --bench geoparse` (see BENCHMARKS.md for the end-to-end numbers).

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use geocite::gazetteer::Gazetteer;
use geocite::ingest::Article;
use geocite::layers::RenderedArticle;
use geocite::pipeline::{Options, Pipeline};
use geocite::recognize::Recognizer;

fn sample_articles() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/seed-articles");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("the sample articles are in tests/data/seed-articles")
        .map(|entry| entry.expect("a readable folder").path())
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let id = p.file_stem().unwrap().to_string_lossy().into_owned();
            (id, std::fs::read_to_string(&p).expect("a readable sample article"))
        })
        .collect()
}

fn stages(c: &mut Criterion) {
    let pipeline = Pipeline::new(Options::default()).expect("the bundled gazetteer loads");
    let gazetteer: &Gazetteer = pipeline.gazetteer();
    for (id, text) in sample_articles() {
        let mut group = c.benchmark_group(id.clone());
        group.throughput(Throughput::Bytes(text.len() as u64));
        let recognizer = Recognizer::new(gazetteer);
        group.bench_function("recognize", |b| b.iter(|| recognizer.recognize(black_box(&text))));
        let spans = recognizer.recognize(&text).spans;
        let resolver = pipeline.resolver();
        group.bench_function("resolve", |b| b.iter(|| resolver.resolve(black_box(&spans))));
        group.bench_function("process", |b| {
            b.iter(|| pipeline.process(Article::new(black_box(&id), black_box(&text))))
        });
        let result = pipeline.process(Article::new(&id, &text));
        group.bench_function("render rows", |b| {
            b.iter_batched(
                || result.clone(),
                RenderedArticle::new,
                criterion::BatchSize::SmallInput,
            )
        });
        group.finish();
    }
}

criterion_group!(benches, stages);
criterion_main!(benches);
