//! The errors of the recognizer and of model files, one sentence each.

use std::fmt;

/// The errors of the recognizer and of model files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Error {
    /// A label other than PER, LOC, ORG, MISC.
    UnknownLabel(String),
    /// A BIO tag other than O, B-X or I-X with a known label.
    UnknownTag(String),
    /// A user name with no letter or digit in it.
    EmptyName(String),
    /// The data does not start with the model file's magic bytes.
    ModelMagic,
    /// The model file has a format version this build cannot read.
    ModelVersion(u32),
    /// The model was trained with other feature templates than this build's.
    ModelFeatures(u32),
    /// The model file ends before its declared content.
    ModelTruncated,
    /// The model file's content does not match its checksum.
    ModelChecksum,
    /// The model file holds an impossible value.
    ModelCorrupt,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::UnknownLabel(l) => {
                write!(f, "unknown label `{l}` (expected PER, LOC, ORG or MISC)")
            }
            Error::UnknownTag(t) => write!(
                f,
                "unknown tag `{t}` (expected O or B-/I- with PER, LOC, ORG or MISC)"
            ),
            Error::EmptyName(n) => write!(f, "the name `{n}` has no letter or digit"),
            Error::ModelMagic => f.write_str("not an alam model file (bad magic bytes)"),
            Error::ModelVersion(v) => write!(f, "model file format version {v} is not supported"),
            Error::ModelFeatures(v) => write!(
                f,
                "the model was trained with feature templates version {v}, this build needs {}",
                crate::model::features::FEATURES_VERSION
            ),
            Error::ModelTruncated => f.write_str("the model file is truncated"),
            Error::ModelChecksum => f.write_str("the model file is corrupt (checksum mismatch)"),
            Error::ModelCorrupt => f.write_str("the model file is corrupt"),
        }
    }
}

impl std::error::Error for Error {}
