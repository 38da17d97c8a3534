//! Reading CoNLL data, scoring entities against it, and training the model
//! (native builds only; `alam train` and `alam eval` use it). It sits above
//! the recognizer: training scores its epochs through a [`crate::Recognizer`].

mod brown;
mod calibrate;
mod conll;
mod eval;
mod train;

pub use crate::gazetteer::merged_lists;
pub use brown::{learn, BrownOptions, Clustering, Corpus};
pub use conll::{read_conll, ConllError, Domain, Sentence};
pub use eval::{evaluate, score_predicted, Counts, Scores};
pub use train::{train, TrainOptions};
