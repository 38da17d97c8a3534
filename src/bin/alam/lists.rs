//! `alam lists`: merges the shipped name lists into the file the crate embeds.

use crate::Failure;

const USAGE: &str = "\
usage: alam lists [--dir DIR] [--out FILE]

Merges the name lists of DIR (default data/gazetteers) into FILE (default
data/lists.txt), the form the crate embeds: every entry once, normalized,
grouped by the feature groups of the lists that hold it. Run it (make lists)
after changing a list; a test fails while data/lists.txt is out of date.";

/// Runs `alam lists ARGS`.
pub fn run(args: &[String]) -> Result<(), Failure> {
    let (mut dir, mut out) = ("data/gazetteers".to_string(), "data/lists.txt".to_string());
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |flag: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| Failure::Message(format!("{flag} needs a path")))
        };
        match a.as_str() {
            "--help" => return crate::output::print(&format!("{USAGE}\n")),
            "--dir" => dir = value("--dir")?,
            "--out" => out = value("--out")?,
            other => {
                return Err(Failure::Message(format!(
                    "unknown argument `{other}`; try `alam lists --help`"
                )))
            }
        }
    }
    let merged = alam::training::merged_lists(std::path::Path::new(&dir))?;
    std::fs::write(&out, &merged)
        .map_err(|e| Failure::Message(format!("cannot write `{out}`: {e}")))?;
    eprintln!(
        "wrote {out} ({} entries)",
        merged.lines().filter(|l| !l.starts_with('#')).count()
    );
    Ok(())
}
