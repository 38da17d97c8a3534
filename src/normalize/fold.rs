//! The fold table: what each character becomes under each fold.
//!
//! [`action`] is the single definition of every fold. The fast per-call table in
//! [`super::Normalizer`] is derived from it, so "does this character fold?" and
//! "what does it fold to?" can never disagree.

use super::presentation::PRESENTATION;
use super::{Fold, Options};

/// What the normalizer does with one character of the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Action {
    /// Copy it unchanged.
    Keep,
    /// Remove it; a removed combining mark or tatweel stays attached to the
    /// character before it in the offset map.
    Drop(Fold),
    /// Replace it with one character.
    Char(char, Fold),
    /// Replace it with several characters, each folded again (presentation forms):
    /// the letters of row `.0` of the presentation table, see [`expansion`]. An index
    /// rather than a `&str` keeps `Action` small, which the hot loop feels.
    Expand(u16, Fold),
}

/// Decides what happens to `c` under the folds that `o` enables.
pub(super) fn action(c: char, o: &Options) -> Action {
    let Some((fold, result)) = classify(c).filter(|&(fold, _)| o.enabled(fold)) else {
        return Action::Keep;
    };
    match result {
        Folded::Drop => Action::Drop(fold),
        // A replacement may itself fold (ۃ → ة → ه): apply that too, so one pass suffices.
        Folded::Char(r) => match action(r, o) {
            Action::Char(again, _) => Action::Char(again, fold),
            _ => Action::Char(r, fold),
        },
        Folded::Expand(s) => Action::Expand(s, fold),
    }
}

/// The result of a fold, before looking at whether the fold is enabled.
#[derive(Clone, Copy)]
enum Folded {
    Drop,
    Char(char),
    Expand(u16),
}

/// Which fold owns `c` and what it makes of it (`None`: no fold touches `c`).
fn classify(c: char) -> Option<(Fold, Folded)> {
    use Folded::{Char, Drop};
    let folded = match c {
        '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}' => (Fold::Diacritics, Drop),
        '\u{0640}' => (Fold::Tatweel, Drop),
        'أ' | 'إ' | 'آ' | 'ٱ' => (Fold::Alef, Char('ا')),
        'ى' | 'ی' => (Fold::Yeh, Char('ي')),
        'ة' => (Fold::TehMarbuta, Char('ه')),
        'ک' | 'ڪ' => (Fold::Persian, Char('ك')),
        'ہ' | 'ۀ' | 'ھ' | 'ە' => (Fold::Persian, Char('ه')),
        'ۃ' => (Fold::Persian, Char('ة')),
        'ے' => (Fold::Persian, Char('ي')),
        '٠'..='٩' => (Fold::Digits, Char(ascii_digit(c, '٠'))),
        '۰'..='۹' => (Fold::Digits, Char(ascii_digit(c, '۰'))),
        '٫' => (Fold::Digits, Char('.')),
        '٬' => (Fold::Digits, Char(',')),
        '\u{200C}'..='\u{200F}'
        | '\u{061C}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}'
        | '\u{00AD}' => (Fold::Invisibles, Drop),
        '،' => (Fold::Punctuation, Char(',')),
        '؛' => (Fold::Punctuation, Char(';')),
        '؟' => (Fold::Punctuation, Char('?')),
        '«' | '»' => (Fold::Punctuation, Char('"')),
        '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFE}' => {
            (Fold::PresentationForms, Folded::Expand(presentation(c)?))
        }
        _ => return None,
    };
    Some(folded)
}

/// The ASCII digit for `c`, whose zero is `zero`.
fn ascii_digit(c: char, zero: char) -> char {
    // Both digit blocks are contiguous, so the difference is 0..=9.
    char::from(b'0' + (c as u32 - zero as u32) as u8)
}

/// The row of the presentation table for `c`, if Unicode gives it a decomposition.
fn presentation(c: char) -> Option<u16> {
    let row = PRESENTATION
        .binary_search_by_key(&c, |&(form, _)| form)
        .ok()?;
    u16::try_from(row).ok()
}

/// The base letters of presentation table row `row` (from [`Action::Expand`]).
pub(super) fn expansion(row: u16) -> &'static str {
    PRESENTATION[usize::from(row)].1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presentation_table_is_sorted_for_binary_search() {
        assert!(PRESENTATION.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(PRESENTATION.len() <= usize::from(u16::MAX));
        assert!(std::mem::size_of::<Action>() <= 8);
    }

    #[test]
    fn a_disabled_fold_keeps_the_character() {
        let o = Options {
            alef: false,
            ..Options::default()
        };
        assert_eq!(action('أ', &o), Action::Keep);
        assert_eq!(
            action('أ', &Options::default()),
            Action::Char('ا', Fold::Alef)
        );
    }
}
