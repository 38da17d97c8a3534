//! Native throughput on the benchmark texts (`make bench` generates them).
//! Usage: cargo bench --profile native --bench native -- bench/data
//! Prints MB/s per function and ratios against a plain char-match loop.

use alam::{Normalizer, Options, Recognizer};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// Runs `f` over every paragraph, several times; returns MB/s (megabytes of UTF-8
/// input per second) of the fastest pass, the one least disturbed by the machine.
fn mb_per_s(paras: &[&str], mut f: impl FnMut(&str) -> usize) -> f64 {
    let bytes: usize = paras.iter().map(|p| p.len()).sum();
    let mut best = Duration::MAX;
    let mut sink = 0usize;
    for _ in 0..7 {
        let start = Instant::now();
        for p in paras {
            sink = sink.wrapping_add(f(p));
        }
        best = best.min(start.elapsed());
    }
    black_box(sink);
    bytes as f64 / best.as_secs_f64() / 1e6
}

/// The baseline the normalizer must beat by 2x: the obvious loop with one `match`
/// per character and a push per output character.
fn char_match_loop(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}' | '\u{0640}' => {}
            '\u{200C}'..='\u{200F}'
            | '\u{061C}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}' => {}
            '\u{FEFF}' | '\u{00AD}' | '\u{2060}' => {}
            'أ' | 'إ' | 'آ' | 'ٱ' => out.push('ا'),
            'ى' | 'ی' => out.push('ي'),
            'ة' => out.push('ه'),
            'ک' => out.push('ك'),
            '٠'..='٩' => out.push(char::from(b'0' + (c as u32 - 0x660) as u8)),
            '۰'..='۹' => out.push(char::from(b'0' + (c as u32 - 0x6F0) as u8)),
            _ => out.push(c),
        }
    }
    out
}

/// Tokens per second of the recognizer over the paragraphs (best of seven passes);
/// the generated text joins ANERcorp tokens with spaces, so tokens are the
/// whitespace-separated pieces.
fn tokens_per_s(paras: &[&str]) -> f64 {
    let recognizer = Recognizer::new();
    let tokens: usize = paras.iter().map(|p| p.split_whitespace().count()).sum();
    let mut best = Duration::MAX;
    let mut found = 0;
    for _ in 0..7 {
        let start = Instant::now();
        for p in paras {
            found += recognizer.entities(p).len();
        }
        best = best.min(start.elapsed());
    }
    black_box(found);
    tokens as f64 / best.as_secs_f64()
}

/// Prints how long each part of start-up takes the first time, in this
/// fresh process: [`Recognizer::preload`] part by part (the model, the name
/// lists, the clusters and trigger words), then the first `entities` call.
fn start_up() {
    let mut parts = Vec::new();
    let mut part = 0;
    loop {
        let start = Instant::now();
        let more = Recognizer::preload(part);
        parts.push(format!("part {part} {:.2} ms", ms_since(start)));
        if !more {
            break;
        }
        part += 1;
    }
    let start = Instant::now();
    let found = Recognizer::new().entities("قال الرئيس المصري عبد الفتاح السيسي في القاهرة");
    black_box(found);
    println!(
        "native start-up (first calls in this process): preload {}; first entities() {:.2} ms",
        parts.join(", "),
        ms_since(start)
    );
}

/// Milliseconds since `start`.
fn ms_since(start: Instant) -> f64 {
    start.elapsed().as_secs_f64() * 1e3
}

fn main() {
    start_up();
    let dir = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .unwrap_or_else(|| "bench/data".into());
    let normalizer = Normalizer::new(&Options::default());
    println!("native (profile native: opt-level 3, LTO), MB/s of UTF-8 input, ~2 KB paragraphs:");
    for name in ["clean", "noisy"] {
        let path = format!("{dir}/{name}.txt");
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{path}: {e} (run `make bench`, which generates it)"));
        let paras: Vec<&str> = text.lines().collect();
        let ours = mb_per_s(&paras, |p| normalizer.normalize(p).len());
        let mapped = mb_per_s(&paras, |p| normalizer.normalize_mapped(p).text().len());
        let naive = mb_per_s(&paras, |p| char_match_loop(p).len());
        println!(
            "  {name:5}  normalize {ours:7.1}  normalize_mapped {mapped:6.1}  char-match loop {naive:6.1}  \
             ratio normalize/loop {:.2}x (target >= 2x)",
            ours / naive
        );
    }
    let text = std::fs::read_to_string(format!("{dir}/clean.txt")).unwrap_or_default();
    // About 1 MB of paragraphs is plenty for a stable figure.
    let paras: Vec<&str> = text.lines().take(500).collect();
    println!(
        "native entities: {:.0}k tokens/s (clean text, {} paragraphs)",
        tokens_per_s(&paras) / 1e3,
        paras.len()
    );
}
