//! Word clusters: the table the learner writes is the table the lookup reads,
//! the learner is deterministic, and the shipped table groups like words.

use alam::clusters::{cluster_of, ClusterTable};
use alam::training::{learn, BrownOptions, Clustering, Corpus};

const FIXTURE: &str = include_str!("fixtures/clusters_corpus.txt");

fn options() -> BrownOptions {
    BrownOptions {
        clusters: 4,
        min_count: 2,
    }
}

fn learned() -> Clustering {
    let mut corpus = Corpus::new();
    corpus.add_text(FIXTURE);
    learn(&corpus, &options())
}

/// Normalized with the default options, as the recognizer's words are.
fn normalized(word: &str) -> String {
    alam::normalize(word, &alam::Options::default()).into_owned()
}

#[test]
fn every_learned_word_reads_back_with_its_path() {
    let clustering = learned();
    let (bytes, dropped) = clustering.to_bytes();
    assert_eq!(dropped, 0);
    let table = ClusterTable::from_bytes(&bytes).expect("a valid table");
    assert_eq!(table.clusters(), 4);
    assert_eq!(table.len(), clustering.words().count());
    assert!(table.len() >= 15, "{} words", table.len());
    for (word, _, path) in clustering.words() {
        assert_eq!(table.get(word), Some(path), "{word}");
        assert_eq!(table.cluster_of(word), Some(path), "{word}");
        assert!(
            !path.is_empty() && path.len() <= 3,
            "{word}: {}",
            path.bit_string()
        );
        assert_eq!(path.prefix(0), 1);
        assert_eq!(path.prefix(path.len()), path.code());
        assert_eq!(path.prefix(1), 2 | path.code() >> (path.len() - 1) & 1);
    }
}

#[test]
fn unknown_words_have_no_cluster() {
    let (bytes, _) = learned().to_bytes();
    let table = ClusterTable::from_bytes(&bytes).unwrap();
    for word in ["طوكيو", "جامعه", "", "xyz", "قالت"] {
        assert_eq!(table.cluster_of(word), None, "{word}");
    }
    // Seen once only: below the minimum count.
    assert_eq!(table.cluster_of(&normalized("غادر")), None);
}

#[test]
fn clitic_forms_read_as_their_word() {
    let (bytes, _) = learned().to_bytes();
    let table = ClusterTable::from_bytes(&bytes).unwrap();
    let cairo = table
        .get(&normalized("القاهرة"))
        .expect("القاهرة is learned");
    for form in ["والقاهرة", "بالقاهرة", "وبالقاهرة", "فالقاهرة"] {
        assert_eq!(table.get(&normalized(form)), None, "{form}");
        assert_eq!(table.cluster_of(&normalized(form)), Some(cairo), "{form}");
    }
    let london = table.get("لندن").expect("لندن is learned");
    assert_eq!(table.cluster_of("ولندن"), Some(london));
    assert_eq!(table.cluster_of("وبلندن"), Some(london));
}

#[test]
fn names_used_alike_share_a_cluster() {
    let clustering = learned();
    let id = |w: &str| {
        let w = normalized(w);
        clustering
            .words()
            .find(|(x, _, _)| *x == w)
            .map(|(_, _, p)| p.id())
            .unwrap_or_else(|| panic!("{w} is learned"))
    };
    assert_eq!(id("باريس"), id("بيروت"));
    assert_eq!(id("لندن"), id("القاهرة"));
    assert_eq!(id("أحمد"), id("علي"));
    assert_ne!(id("محمد"), id("باريس"));
}

#[test]
fn learning_twice_gives_the_same_bytes() {
    let first = learned().to_bytes().0;
    let second = learned().to_bytes().0;
    assert_eq!(first, second);
    // The summary names every cluster once.
    let summary = learned().summary(3);
    assert_eq!(summary.lines().count(), 4);
}

#[test]
fn damaged_tables_are_refused_without_panicking() {
    let (bytes, _) = learned().to_bytes();
    for cut in 0..bytes.len() {
        assert!(
            ClusterTable::from_bytes(&bytes[..cut]).is_err(),
            "cut at {cut}"
        );
    }
    let mut wrong = bytes.clone();
    wrong[0] = b'X';
    assert!(ClusterTable::from_bytes(&wrong).is_err());
    let mut version = bytes.clone();
    version[8] = 9;
    assert!(ClusterTable::from_bytes(&version).is_err());
    // A bucket start beyond the keys.
    let mut index = bytes;
    let buckets = 24 + 4 * 4;
    index[buckets..buckets + 4].copy_from_slice(&u32::MAX.to_le_bytes());
    let err = ClusterTable::from_bytes(&index).unwrap_err();
    assert_eq!(err.to_string(), "not a cluster table: bad bucket index");
}

#[test]
fn the_shipped_table_groups_countries_and_knows_common_words() {
    let table = alam::clusters::embedded().expect("data/clusters.bin is valid");
    assert_eq!(table.clusters(), 256);
    assert!(table.len() > 30_000, "{} words", table.len());
    let country = |w: &str| cluster_of(w).unwrap_or_else(|| panic!("{w} is known"));
    let france = country("فرنسا");
    for other in ["المانيا", "ايطاليا", "اسبانيا"] {
        assert_eq!(country(other).id(), france.id(), "{other}");
    }
    // والمانيا is read as المانيا.
    assert_eq!(cluster_of("والمانيا"), Some(country("المانيا")));
    assert_ne!(country("في").id(), france.id());
    assert_eq!(cluster_of("zzqqxxyy"), None);
}
