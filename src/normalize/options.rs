//! Which folds the normalizer applies.

use std::fmt;

/// One family of character folds. Each can be switched on or off in [`Options`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Fold {
    /// Harakat, tanween, shadda, sukun (U+064B–U+065F), superscript alef U+0670 and
    /// Quranic marks U+06D6–U+06ED are removed.
    Diacritics,
    /// Tatweel U+0640 is removed.
    Tatweel,
    /// أ إ آ ٱ become ا.
    Alef,
    /// ى and Farsi ی become ي.
    Yeh,
    /// ة becomes ه.
    TehMarbuta,
    /// Persian and Urdu letter variants: ک ڪ → ك, ہ ۀ ھ ە → ه, ۃ → ة, ے → ي.
    Persian,
    /// Arabic presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFE) become their base
    /// letters (ﻻ → لا, ﷲ → الله), which the other folds then apply to.
    PresentationForms,
    /// Arabic-Indic and Persian digits become ASCII digits; ٫ → `.` and ٬ → `,`.
    Digits,
    /// Zero-width joiners, bidi marks, embeddings, overrides and isolates, the
    /// byte order mark, word joiner and soft hyphen are removed.
    Invisibles,
    /// Arabic punctuation becomes ASCII: ، ؛ ؟ « » → , ; ? " ". Off by default.
    Punctuation,
}

impl Fold {
    /// Every fold, in the order the documentation lists them.
    pub const ALL: [Fold; 10] = [
        Fold::Diacritics,
        Fold::Tatweel,
        Fold::Alef,
        Fold::Yeh,
        Fold::TehMarbuta,
        Fold::Persian,
        Fold::PresentationForms,
        Fold::Digits,
        Fold::Invisibles,
        Fold::Punctuation,
    ];

    /// The fold's name as JavaScript options spell it (`tehMarbuta`).
    pub fn js_name(self) -> &'static str {
        match self {
            Fold::Diacritics => "diacritics",
            Fold::Tatweel => "tatweel",
            Fold::Alef => "alef",
            Fold::Yeh => "yeh",
            Fold::TehMarbuta => "tehMarbuta",
            Fold::Persian => "persian",
            Fold::PresentationForms => "presentationForms",
            Fold::Digits => "digits",
            Fold::Invisibles => "invisibles",
            Fold::Punctuation => "punctuation",
        }
    }

    /// The fold's name as command-line switches spell it (`teh-marbuta`).
    pub fn cli_name(self) -> &'static str {
        match self {
            Fold::TehMarbuta => "teh-marbuta",
            Fold::PresentationForms => "presentation-forms",
            other => other.js_name(),
        }
    }

    /// The fold whose JavaScript name is `name`.
    pub fn from_js_name(name: &str) -> Option<Fold> {
        Fold::ALL.into_iter().find(|f| f.js_name() == name)
    }

    /// The fold whose command-line name is `name`.
    pub fn from_cli_name(name: &str) -> Option<Fold> {
        Fold::ALL.into_iter().find(|f| f.cli_name() == name)
    }
}

impl fmt::Display for Fold {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.js_name())
    }
}

/// One switch per [`Fold`]. The default enables every fold except punctuation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// See [`Fold::Diacritics`].
    pub diacritics: bool,
    /// See [`Fold::Tatweel`].
    pub tatweel: bool,
    /// See [`Fold::Alef`].
    pub alef: bool,
    /// See [`Fold::Yeh`].
    pub yeh: bool,
    /// See [`Fold::TehMarbuta`].
    pub teh_marbuta: bool,
    /// See [`Fold::Persian`].
    pub persian: bool,
    /// See [`Fold::PresentationForms`].
    pub presentation_forms: bool,
    /// See [`Fold::Digits`].
    pub digits: bool,
    /// See [`Fold::Invisibles`].
    pub invisibles: bool,
    /// See [`Fold::Punctuation`].
    pub punctuation: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            diacritics: true,
            tatweel: true,
            alef: true,
            yeh: true,
            teh_marbuta: true,
            persian: true,
            presentation_forms: true,
            digits: true,
            invisibles: true,
            punctuation: false,
        }
    }
}

impl Options {
    /// Options with every fold switched off: the normalizer copies text unchanged.
    pub fn none() -> Self {
        let mut o = Options::default();
        for fold in Fold::ALL {
            o.set(fold, false);
        }
        o
    }

    /// Whether `fold` is switched on.
    pub fn enabled(&self, fold: Fold) -> bool {
        *self.switch(fold)
    }

    /// Switches `fold` on or off.
    pub fn set(&mut self, fold: Fold, on: bool) {
        *self.switch_mut(fold) = on;
    }

    fn switch(&self, fold: Fold) -> &bool {
        match fold {
            Fold::Diacritics => &self.diacritics,
            Fold::Tatweel => &self.tatweel,
            Fold::Alef => &self.alef,
            Fold::Yeh => &self.yeh,
            Fold::TehMarbuta => &self.teh_marbuta,
            Fold::Persian => &self.persian,
            Fold::PresentationForms => &self.presentation_forms,
            Fold::Digits => &self.digits,
            Fold::Invisibles => &self.invisibles,
            Fold::Punctuation => &self.punctuation,
        }
    }

    fn switch_mut(&mut self, fold: Fold) -> &mut bool {
        match fold {
            Fold::Diacritics => &mut self.diacritics,
            Fold::Tatweel => &mut self.tatweel,
            Fold::Alef => &mut self.alef,
            Fold::Yeh => &mut self.yeh,
            Fold::TehMarbuta => &mut self.teh_marbuta,
            Fold::Persian => &mut self.persian,
            Fold::PresentationForms => &mut self.presentation_forms,
            Fold::Digits => &mut self.digits,
            Fold::Invisibles => &mut self.invisibles,
            Fold::Punctuation => &mut self.punctuation,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for fold in Fold::ALL {
            assert_eq!(Fold::from_js_name(fold.js_name()), Some(fold));
            assert_eq!(Fold::from_cli_name(fold.cli_name()), Some(fold));
        }
        assert_eq!(Fold::from_js_name("teh-marbuta"), None);
    }

    #[test]
    fn default_enables_all_but_punctuation() {
        let o = Options::default();
        for fold in Fold::ALL {
            assert_eq!(o.enabled(fold), fold != Fold::Punctuation, "{fold}");
        }
        assert!(Fold::ALL.iter().all(|&f| !Options::none().enabled(f)));
    }
}
