//! # alam — Arabic named entities, in the browser
//!
//! alam normalizes Arabic text (diacritics, letter variants, presentation forms,
//! digits, invisible marks) while keeping an exact map from every normalized
//! character back to the original text, so that whatever is found in the
//! normalized text lands on the right characters of the page.
//!
//! The entry points:
//! - [`normalize`] folds a string with [`Options`]; [`normalize_mapped`] also
//!   returns the offset map ([`Mapped`]), whose public coordinates are UTF-16 code
//!   units of the original text, ready for JavaScript's `Range.setStart`.
//! - [`Normalizer`] does the same for many texts with one set of options.
//! - [`Recognizer`] finds named entities ([`Entity`]: persons, places,
//!   organizations, other names) with a small trained model embedded in the
//!   crate, plus name lists a site adds; [`find()`] finds a name in text whatever
//!   its diacritics, letter variants and proclitics.
//!
//! ```
//! use alam::{normalize_mapped, Options};
//! let text = "وصل الرئيسُ إلى الرباط";
//! let m = normalize_mapped(text, &Options::default());
//! assert_eq!(m.text(), "وصل الرئيس الي الرباط");
//! let at = m.text().find("الرباط").unwrap();
//! let span = m.original_span(at..at + "الرباط".len());
//! let units: Vec<u16> = text.encode_utf16().collect();
//! assert_eq!(String::from_utf16(&units[span.start as usize..span.end as usize]).unwrap(), "الرباط");
//! ```
#![forbid(unsafe_code)]

// The layers, bottom up: text (normalize, offsets), words and names
// (tokenize, clitics, gazetteer, hash, table), the model (label, model/), the
// recognizer and find, then training (native only) and the wasm boundary.
mod clitics;
pub mod clusters;
mod error;
mod find;
mod gazetteer;
mod hash;
mod label;
mod model;
mod normalize;
mod offsets;
mod recognizer;
mod table;
mod tokenize;
#[cfg(not(target_arch = "wasm32"))]
pub mod training;

#[cfg(target_arch = "wasm32")]
mod wasm;

pub use error::Error;
pub use find::find;
pub use label::{Label, Tag};
pub use normalize::{normalize, normalize_mapped, Fold, FoldCounts, Normalizer, Options};
pub use offsets::Mapped;
pub use recognizer::{Entity, EntityOptions, Recognizer, CHUNK_BYTES, MAX_ENTITY_WORDS};

/// The README's Rust examples, compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
