//! What the recognizer gives ([`Entity`]) and what it takes besides the text
//! ([`EntityOptions`]), with its limits.

use crate::Label;
use serde::Serialize;

/// A named entity found in text.
///
/// Offsets are UTF-16 code units of the original text, end exclusive. The span
/// leaves out proclitic particles (و ف ب ك ل) that are not part of the name, but
/// keeps the article: in بالرباط the entity is الرباط.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Entity {
    /// Start, in UTF-16 code units of the original text.
    pub start: u32,
    /// End (exclusive), in UTF-16 code units of the original text.
    pub end: u32,
    /// The entity's kind.
    pub label: Label,
    /// The original text of the span.
    pub text: String,
    /// The normalized, clitic-free form shared by all mentions of one entity
    /// (بالرباط and الرباط both have الرباط; للمغرب has المغرب).
    pub key: String,
    /// Confidence in [0, 1]: 1 for user names; for the model, about the chance
    /// that the span and label are exactly right.
    pub score: f32,
}

/// What [`Recognizer::entities_with`](crate::Recognizer::entities_with) looks for.
#[derive(Clone, Copy, Debug)]
pub struct EntityOptions<'a> {
    /// Only entities of these labels are returned.
    pub labels: &'a [Label],
    /// UTF-16 offsets of the text at which no entity may continue: an entity
    /// may end before one and start after it, never span it. A page gives the
    /// places where a link, a list item, a table cell or a line break begins
    /// or ends. Any order; offsets beyond the text are ignored, and so is a
    /// break inside a word (a page may style one letter), which stays whole.
    pub breaks: &'a [u32],
}

impl Default for EntityOptions<'_> {
    fn default() -> Self {
        EntityOptions {
            labels: &Label::ALL,
            breaks: &[],
        }
    }
}

/// The most words an entity may have: a longer run of tags is the model lost
/// in a list or a repetition, not a name (the longest names of the training
/// data have 9 words).
pub const MAX_ENTITY_WORDS: usize = 12;

/// A text is read in pieces of at most about this many UTF-8 bytes, cut at a
/// sentence end where there is one: memory then stays bounded whatever the
/// text's length. Document context (the other mentions of a name) reaches
/// across one piece, which holds a long news article whole.
pub const CHUNK_BYTES: usize = 100_000;
