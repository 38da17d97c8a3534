//! Long texts cut into pieces the recognizer reads one at a time.

/// `text` cut into pieces of at most about `max` UTF-8 bytes, each ending at a
/// sentence end (a line break, or `.` `!` `?` `؟` and a space) where one is
/// within the piece, else at a space, else at a character boundary.
pub(super) fn pieces(text: &str, max: usize) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let mut cut = rest.len();
        if cut > max {
            cut = max;
            while !rest.is_char_boundary(cut) {
                cut -= 1;
            }
            let head = &rest[..cut];
            let sentence_end = head
                .char_indices()
                .rev()
                .find(|&(at, c)| {
                    c == '\n'
                        || (matches!(c, '.' | '!' | '?' | '؟')
                            && head[at + c.len_utf8()..].starts_with([' ', '\n']))
                })
                .map(|(at, c)| at + c.len_utf8());
            let space = || head.rfind(' ').map(|at| at + 1);
            cut = sentence_end
                .or_else(space)
                .filter(|&c| c > 0)
                .unwrap_or(cut.max(1));
            while !rest.is_char_boundary(cut) {
                cut += 1;
            }
        }
        let (piece, tail) = rest.split_at(cut);
        rest = tail;
        Some(piece)
    })
}
