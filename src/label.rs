//! Entity labels and the BIO tags that spell entities word by word.

use crate::Error;
use serde::{Serialize, Serializer};
use std::fmt;
use std::ops::Range;
use std::str::FromStr;

/// The kind of a named entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum Label {
    /// A person.
    Per = 0,
    /// A place: country, city, region, geographic feature.
    Loc,
    /// An organization: government body, company, party, team, agency.
    Org,
    /// Another name: event, product, work, nationality used as a name.
    Misc,
}

impl Label {
    /// Every label, in tag order.
    pub const ALL: [Label; 4] = [Label::Per, Label::Loc, Label::Org, Label::Misc];

    /// The label's name: `PER`, `LOC`, `ORG` or `MISC`.
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Per => "PER",
            Label::Loc => "LOC",
            Label::Org => "ORG",
            Label::Misc => "MISC",
        }
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Label {
    type Err = Error;

    /// Parses `PER`, `LOC`, `ORG` or `MISC`.
    ///
    /// ```
    /// use alam::Label;
    /// assert_eq!("LOC".parse::<Label>().unwrap(), Label::Loc);
    /// assert_eq!(
    ///     "CITY".parse::<Label>().unwrap_err().to_string(),
    ///     "unknown label `CITY` (expected PER, LOC, ORG or MISC)"
    /// );
    /// ```
    fn from_str(s: &str) -> Result<Self, Error> {
        Label::ALL
            .into_iter()
            .find(|l| l.as_str() == s)
            .ok_or_else(|| Error::UnknownLabel(s.to_string()))
    }
}

impl Serialize for Label {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// A BIO tag of one word: outside any entity ([`Tag::O`]), the first word of
/// an entity ([`Tag::begin`]) or a later one ([`Tag::inside`]).
///
/// ```
/// use alam::{Label, Tag};
/// let b = Tag::begin(Label::Loc);
/// assert_eq!((b.label(), b.is_begin()), (Some(Label::Loc), true));
/// assert_eq!("I-LOC".parse::<Tag>().unwrap(), Tag::inside(Label::Loc));
/// assert_eq!(Tag::O.to_string(), "O");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Tag(u8);

impl Tag {
    /// Outside any entity.
    pub const O: Tag = Tag(0);

    /// How many tags there are: O, then B and I of each label.
    pub const COUNT: usize = 1 + 2 * Label::ALL.len();

    /// The first word of an entity of `label`.
    pub const fn begin(label: Label) -> Tag {
        Tag(1 + 2 * label as u8)
    }

    /// A later word of an entity of `label`.
    pub const fn inside(label: Label) -> Tag {
        Tag(2 + 2 * label as u8)
    }

    /// The label of the entity the word is in (`None` for O).
    pub fn label(self) -> Option<Label> {
        (self.0 > 0).then(|| Label::ALL[usize::from(self.0 - 1) / 2])
    }

    /// Whether the tag begins an entity.
    pub fn is_begin(self) -> bool {
        self.0 % 2 == 1
    }

    /// The tag's place among all tags, `0..Tag::COUNT`: the index of the
    /// model's weight rows (and, as a number, of its stacked features).
    pub fn index(self) -> usize {
        usize::from(self.0)
    }

    /// The tag at place `index` of `0..Tag::COUNT`.
    pub(crate) fn from_index(index: usize) -> Tag {
        debug_assert!(index < Tag::COUNT);
        Tag(index as u8)
    }

    /// Whether the tag may follow `prev` (`None`: the first word): I-X only
    /// after B-X or I-X.
    pub fn may_follow(self, prev: Option<Tag>) -> bool {
        self.0 == 0 || self.is_begin() || prev.is_some_and(|p| p.label() == self.label())
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.label() {
            None => f.write_str("O"),
            Some(l) if self.is_begin() => write!(f, "B-{l}"),
            Some(l) => write!(f, "I-{l}"),
        }
    }
}

impl FromStr for Tag {
    type Err = Error;

    /// Parses `O`, `B-PER`, `I-LOC`, ...
    fn from_str(s: &str) -> Result<Self, Error> {
        if s == "O" {
            return Ok(Tag::O);
        }
        let bad = || Error::UnknownTag(s.to_string());
        let (bio, label) = s.split_once('-').ok_or_else(bad)?;
        let label: Label = label.parse().map_err(|_| bad())?;
        match bio {
            "B" => Ok(Tag::begin(label)),
            "I" => Ok(Tag::inside(label)),
            _ => Err(bad()),
        }
    }
}

/// The entities a tag sequence spells, as `(label, words)`: each run of a B-X
/// or a stray I-X followed by I-X tags (a stray I-X starts an entity, as
/// conlleval reads it).
pub fn runs(tags: &[Tag]) -> impl Iterator<Item = (Label, Range<usize>)> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < tags.len() {
            let start = i;
            i += 1;
            if let Some(label) = tags[start].label() {
                while i < tags.len() && tags[i] == Tag::inside(label) {
                    i += 1;
                }
                return Some((label, start..i));
            }
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_know_their_label_and_place() {
        assert_eq!(Tag::COUNT, 9);
        for index in 1..Tag::COUNT {
            let t = Tag::from_index(index);
            let label = t.label().unwrap();
            let back = if t.is_begin() {
                Tag::begin(label)
            } else {
                Tag::inside(label)
            };
            assert_eq!(back, t);
            assert_eq!(t.to_string().parse::<Tag>().unwrap(), t);
        }
        assert_eq!(Tag::O.label(), None);
        assert!("B-CITY".parse::<Tag>().is_err() && "X-PER".parse::<Tag>().is_err());
    }

    #[test]
    fn runs_follow_conlleval() {
        let (b, i) = (Tag::begin, Tag::inside);
        use Label::*;
        let tags = [
            b(Per),
            i(Per),
            Tag::O,
            i(Loc),
            i(Org),
            b(Misc),
            b(Misc),
            i(Misc),
        ];
        let got: Vec<_> = runs(&tags).collect();
        assert_eq!(
            got,
            [
                (Per, 0..2),
                (Loc, 3..4),
                (Org, 4..5),
                (Misc, 5..6),
                (Misc, 6..8)
            ]
        );
    }

    #[test]
    fn i_follows_only_its_own_label() {
        let (b, i) = (Tag::begin, Tag::inside);
        assert!(i(Label::Per).may_follow(Some(b(Label::Per))));
        assert!(i(Label::Per).may_follow(Some(i(Label::Per))));
        assert!(!i(Label::Per).may_follow(Some(b(Label::Loc))));
        assert!(!i(Label::Per).may_follow(Some(Tag::O)));
        assert!(!i(Label::Per).may_follow(None));
        assert!(b(Label::Per).may_follow(None) && Tag::O.may_follow(Some(i(Label::Org))));
    }
}
