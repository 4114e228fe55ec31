//! Compile-time errors of a toy program and how they are shown.
//!
//! A [`Diagnostic`] points at a byte range of the source ([`Span`]) and
//! says what is wrong there; it may add notes pointing elsewhere (where a
//! function was first defined, where a parenthesis was opened) and a
//! `help:` line. [`render`] turns a list of them into text:
//!
//! ```text
//! fib.toy:3:12: error: undefined variable `m`
//!     3 |     return m;
//!       |            ^
//! ```
//!
//! Lines and columns count from 1; a column counts characters (not bytes)
//! from the start of the line. A span may be empty (end of input): it is
//! shown as one caret after the last character.

use std::fmt::Write as _;

/// A byte range `start..end` of the source text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Span {
    /// The first byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// The range `start..end`.
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// The range from the start of `self` to the end of `other`.
    pub fn to(self, other: Span) -> Span {
        Span::new(self.start, other.end.max(self.start))
    }
}

/// One error of a toy program.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Where the error is.
    pub span: Span,
    /// What is wrong, lowercase, identifiers in backticks.
    pub message: String,
    /// Other places that explain the error.
    pub notes: Vec<(Span, String)>,
    /// How to fix it, when known.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error `message` at `span`.
    pub fn error(span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            span,
            message: message.into(),
            notes: Vec::new(),
            help: None,
        }
    }

    /// Adds a note at `span`.
    pub fn with_note(mut self, span: Span, note: impl Into<String>) -> Self {
        self.notes.push((span, note.into()));
        self
    }

    /// Adds a `help:` line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// The 1-based line and column of byte `offset` of `source`, and the text
/// of that line (without its line break).
pub fn line_col(source: &str, offset: usize) -> (usize, usize, &str) {
    let offset = floor_char_boundary(source, offset.min(source.len()));
    let before = &source[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let column = before[line_start..].chars().count() + 1;
    let line_end = source[line_start..]
        .find('\n')
        .map_or(source.len(), |i| line_start + i);
    let text = source[line_start..line_end].trim_end_matches('\r');
    (line, column, text)
}

/// The largest character boundary of `s` at or before `i`.
fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Renders `diagnostics` of `source` (read from `file`) as text, one
/// error after another, each with its snippet, notes and help.
pub fn render(file: &str, source: &str, diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        write_located(&mut out, file, source, d.span, "error", &d.message);
        for (span, note) in &d.notes {
            write_located(&mut out, file, source, *span, "note", note);
        }
        if let Some(help) = &d.help {
            let _ = writeln!(out, "      = help: {help}");
        }
    }
    out
}

/// The widest snippet shown, in characters; longer lines are cut to a
/// window around the error, marked with `...`.
const MAX_SNIPPET: usize = 100;

/// `file:line:col: kind: message` and the snippet with carets under `span`.
fn write_located(out: &mut String, file: &str, source: &str, span: Span, kind: &str, msg: &str) {
    let (line, column, text) = line_col(source, span.start);
    let _ = writeln!(out, "{file}:{line}:{column}: {kind}: {msg}");
    // The span's part on this line, in characters; at least one.
    let start = floor_char_boundary(source, span.start.min(source.len()));
    let line_rest = source[start..].split('\n').next().unwrap_or("");
    let end = span.end.clamp(start, start + line_rest.len());
    let width = source
        .get(start..end)
        .map_or(0, |s| s.chars().count())
        .max(1);
    // Show at most MAX_SNIPPET characters, starting early enough to show
    // some context before the span.
    let length = text.chars().count();
    let first = if length <= MAX_SNIPPET {
        0
    } else {
        (column - 1).saturating_sub(MAX_SNIPPET / 2)
    };
    let shown: String = text.chars().skip(first).take(MAX_SNIPPET).collect();
    let (before, after) = (
        if first > 0 { "..." } else { "" },
        if first + MAX_SNIPPET < length {
            "..."
        } else {
            ""
        },
    );
    let _ = writeln!(out, "{line:>5} | {before}{shown}{after}");
    let pad: String = before
        .chars()
        .chain(text.chars().skip(first).take(column - 1 - first))
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    let carets = width.min(MAX_SNIPPET + 1 - (column - first).min(MAX_SNIPPET));
    let _ = writeln!(out, "      | {pad}{}", "^".repeat(carets.max(1)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_count_characters_from_one() {
        let src = "ab\n\u{e9}x = 1;\n";
        assert_eq!(line_col(src, 0), (1, 1, "ab"));
        assert_eq!(line_col(src, 3), (2, 1, "\u{e9}x = 1;"));
        // `x` follows a two-byte character: column 2.
        assert_eq!(line_col(src, 5), (2, 2, "\u{e9}x = 1;"));
        // The end of input is past the last line break.
        assert_eq!(line_col(src, src.len()), (3, 1, ""));
    }

    #[test]
    fn renders_location_snippet_notes_and_help() {
        let src = "fn f() {\n    return m;\n}\n";
        let d = Diagnostic::error(Span::new(20, 21), "undefined variable `m`")
            .with_note(Span::new(3, 4), "in function `f`")
            .with_help("declare it with `let m = ...;`");
        let text = render("t.toy", src, &[d]);
        assert_eq!(
            text,
            "t.toy:2:12: error: undefined variable `m`
    2 |     return m;
      |            ^
t.toy:1:4: note: in function `f`
    1 | fn f() {
      |    ^
      = help: declare it with `let m = ...;`
"
        );
    }

    #[test]
    fn long_lines_show_a_window_around_the_error() {
        let src = format!("{}x{}", "-".repeat(1000), "+".repeat(1000));
        let d = Diagnostic::error(Span::new(1000, 1001), "here");
        let text = render("t.toy", &src, &[d]);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "t.toy:1:1001: error: here");
        let window = format!("...{}x{}...", "-".repeat(50), "+".repeat(49));
        assert_eq!(lines[1], format!("    1 | {window}"));
        assert_eq!(lines[2], format!("      | {}^", " ".repeat(53)));
    }
}
