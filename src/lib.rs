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

mod entity;
mod find;
mod gazetteer;
mod ner;
mod normalize;
mod offsets;
mod tokenize;

#[cfg(target_arch = "wasm32")]
mod wasm;

pub use entity::{Entity, Error, Label, Recognizer};
pub use find::find;
pub use normalize::{normalize, normalize_mapped, Fold, FoldCounts, Normalizer, Options};
pub use offsets::Mapped;

/// Reading CoNLL data, scoring entities against it, and training the model
/// (native builds only; `alam train` and `alam eval` use it).
#[cfg(not(target_arch = "wasm32"))]
pub mod training {
    pub use crate::ner::conll::{
        chunks, evaluate, read_conll, score_predicted, tags_from_entities, BioTag, ConllError,
        Counts, Scores, Sentence,
    };
    pub use crate::ner::train::{train, TrainOptions};
}

/// The README's Rust examples, compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
