//! Compiles the merged name lists (`data/lists.txt`, which `make lists`
//! writes) into the table the crate reads in place (layout in
//! `src/table.rs`), so that start-up has no list to parse or hash.

use std::path::PathBuf;

#[allow(dead_code)]
#[path = "src/hash.rs"]
mod hash;
#[allow(dead_code)]
#[path = "src/table.rs"]
mod table;

fn main() {
    for path in ["data/lists.txt", "src/table.rs", "src/hash.rs", "build.rs"] {
        println!("cargo:rerun-if-changed={path}");
    }
    let text = std::fs::read_to_string("data/lists.txt").expect("data/lists.txt reads");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("lists.table"), lists_table(&text)).expect("OUT_DIR is writable");
}

/// The table of the merged lists `text`: under a line `#` + the hexadecimal
/// bit set of the groups, one entry a line, its words joined by spaces (as
/// `gazetteer::read_merged` reads it; a test checks that both agree).
fn lists_table(text: &str) -> Vec<u8> {
    let mut items = Vec::new();
    let (mut value, mut max_words) = (0, 0);
    for line in text.lines() {
        if let Some(bits) = line.strip_prefix('#') {
            value = u32::from_str_radix(bits, 16).unwrap_or(0);
            assert!(
                value <= table::MAX_VALUE,
                "a list group bit beyond the table's value bits"
            );
            continue;
        }
        let (mut h, mut n) = (hash::Fnv::new(), 0);
        for word in line.split(' ').filter(|w| !w.is_empty()) {
            if n > 0 {
                items.push((h.0, table::PREFIX));
                h = h.byte(b' ');
            }
            h = h.bytes(word.as_bytes());
            n += 1;
        }
        if n > 0 {
            items.push((h.0, table::ENTRY | value as u16));
            max_words = max_words.max(n);
        }
    }
    table::write(items, max_words)
}
