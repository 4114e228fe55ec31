//! Source files, spans and the errors the compiler reports about them.
//!
//! Every phase records problems as [`Diagnostic`]s instead of stopping, so one
//! run reports every error it can find. A diagnostic has one primary
//! [`Label`] (where the problem is), any number of secondary labels (the
//! other party: the rule it overlaps, the earlier definition) and optional
//! `help:` lines. [`Diagnostics`] owns the source text and renders them as
//!
//! ```text
//! rules/x.isle:3:7: error: unknown term `fo`
//!   |
//! 3 | (rule (fo x) x)
//!   |        ^^ not declared
//!   = help: declare it with `(decl fo ...)`
//! ```
//!
//! Invariants: a [`Span`] always lies inside its file's text and on UTF-8
//! boundaries (the lexer only creates spans at character boundaries);
//! rendering never panics, even for empty spans or spans at end of file.

use std::fmt;

/// Index of a source file in a [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

/// A byte range `start..end` in one source file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    /// The file the range is in.
    pub file: FileId,
    /// Byte offset of the first character.
    pub start: u32,
    /// Byte offset one past the last character.
    pub end: u32,
}

impl Span {
    /// A span from `start` to `end` in `file`.
    pub fn new(file: FileId, start: u32, end: u32) -> Span {
        Span { file, start, end }
    }

    /// The smallest span covering `self` and `other` (same file assumed).
    pub fn to(self, other: Span) -> Span {
        Span {
            file: self.file,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// One loaded source file.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// The name shown in diagnostics (usually the path given by the user).
    pub name: String,
    /// The file's text.
    pub text: String,
    /// Byte offset of the start of every line.
    line_starts: Vec<u32>,
}

impl SourceFile {
    fn new(name: String, text: String) -> SourceFile {
        let mut line_starts = vec![0];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                line_starts.push(i as u32 + 1);
            }
        }
        SourceFile {
            name,
            text,
            line_starts,
        }
    }

    /// 0-based line index containing byte `offset`.
    fn line_index(&self, offset: u32) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// The text of 0-based line `index`, without its line terminator.
    fn line_text(&self, index: usize) -> &str {
        let start = self.line_starts.get(index).copied().unwrap_or(0) as usize;
        let end = self
            .line_starts
            .get(index + 1)
            .map(|&e| e as usize)
            .unwrap_or(self.text.len());
        let line = self.text.get(start..end).unwrap_or("");
        line.trim_end_matches(['\n', '\r'])
    }

    /// 1-based line and column (in characters) of byte `offset`.
    pub fn line_col(&self, offset: u32) -> (usize, usize) {
        let line = self.line_index(offset);
        let start = self.line_starts.get(line).copied().unwrap_or(0) as usize;
        let end = (offset as usize).min(self.text.len());
        let col = self.text.get(start..end).map_or(0, |s| s.chars().count());
        (line + 1, col + 1)
    }
}

/// All source files of one compilation.
#[derive(Clone, Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    /// An empty map.
    pub fn new() -> SourceMap {
        SourceMap::default()
    }

    /// Adds a file and returns its id.
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> FileId {
        self.files.push(SourceFile::new(name.into(), text.into()));
        FileId(self.files.len() as u32 - 1)
    }

    /// The file with id `id`.
    pub fn file(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// Every file, in the order added.
    pub fn files(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(i as u32), f))
    }

    /// `file:line` of a span, as used in provenance comments.
    pub fn file_line(&self, span: Span) -> String {
        let file = self.file(span.file);
        let (line, _) = file.line_col(span.start);
        format!("{}:{}", file.name, line)
    }

    /// `file:line:col` of a span.
    pub fn location(&self, span: Span) -> String {
        let file = self.file(span.file);
        let (line, col) = file.line_col(span.start);
        format!("{}:{}:{}", file.name, line, col)
    }
}

/// A span with a short message shown next to its carets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What is there (may be empty).
    pub message: String,
}

/// One problem found in the sources.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The headline: lowercase, identifiers in backticks.
    pub message: String,
    /// Where the problem is; `None` only for problems without a location
    /// (a file that cannot be read).
    pub primary: Option<Label>,
    /// Other places involved (the earlier definition, the overlapping rule).
    pub secondary: Vec<Label>,
    /// Suggested fixes, one `help:` line each.
    pub help: Vec<String>,
}

impl Diagnostic {
    /// An error at `span` with `message`; the caret label is empty.
    pub fn error(span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            message: message.into(),
            primary: Some(Label {
                span,
                message: String::new(),
            }),
            secondary: Vec::new(),
            help: Vec::new(),
        }
    }

    /// An error with no source location.
    pub fn without_location(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            message: message.into(),
            primary: None,
            secondary: Vec::new(),
            help: Vec::new(),
        }
    }

    /// Sets the text shown next to the primary carets.
    pub fn with_label(mut self, message: impl Into<String>) -> Diagnostic {
        if let Some(primary) = &mut self.primary {
            primary.message = message.into();
        }
        self
    }

    /// Adds a secondary location.
    pub fn with_secondary(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.secondary.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    /// Adds a `help:` line.
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help.push(help.into());
        self
    }
}

/// Every diagnostic of a run, together with the sources they point into.
///
/// `Display` renders all of them, in the order they were found, each as
/// `file:line:col: error: message` followed by source snippets.
#[derive(Clone, Debug)]
pub struct Diagnostics {
    /// The sources the spans refer to.
    pub sources: SourceMap,
    /// The problems, in discovery order.
    pub list: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Number of errors.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// True if there is no error.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

impl std::error::Error for Diagnostics {}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, diagnostic) in self.list.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            render(&self.sources, diagnostic, f)?;
        }
        if self.list.len() > 1 {
            writeln!(f)?;
            writeln!(f, "{} errors", self.list.len())?;
        }
        Ok(())
    }
}

/// Renders one diagnostic.
fn render(sources: &SourceMap, d: &Diagnostic, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let Some(primary) = &d.primary else {
        writeln!(f, "error: {}", d.message)?;
        for help in &d.help {
            writeln!(f, "  = help: {help}")?;
        }
        return Ok(());
    };
    // Width of the line-number gutter: enough for every line shown.
    let gutter = std::iter::once(primary)
        .chain(&d.secondary)
        .map(|l| sources.file(l.span.file).line_col(l.span.start).0)
        .max()
        .unwrap_or(1)
        .to_string()
        .len();
    writeln!(
        f,
        "{}: error: {}",
        sources.location(primary.span),
        d.message
    )?;
    snippet(sources, primary, '^', gutter, f)?;
    for label in &d.secondary {
        writeln!(f, "{:gutter$}::: {}", "", sources.location(label.span))?;
        snippet(sources, label, '-', gutter, f)?;
    }
    for help in &d.help {
        writeln!(f, "{:gutter$} = help: {help}", "")?;
    }
    Ok(())
}

/// Renders the source line of `label` with `marker` under its span.
fn snippet(
    sources: &SourceMap,
    label: &Label,
    marker: char,
    gutter: usize,
    f: &mut fmt::Formatter<'_>,
) -> fmt::Result {
    let file = sources.file(label.span.file);
    let (line, col) = file.line_col(label.span.start);
    let text = file.line_text(line - 1);
    // Only the first line of a multi-line span is underlined.
    let line_chars = text.chars().count();
    let (end_line, end_col) = file.line_col(label.span.end);
    let last_col = if end_line == line {
        end_col
    } else {
        line_chars + 1
    };
    let width = last_col.saturating_sub(col).max(1);
    let text = text.replace('\t', " ");
    writeln!(f, "{:gutter$} |", "")?;
    writeln!(f, "{line:>gutter$} | {text}")?;
    let underline: String = std::iter::repeat_n(marker, width).collect();
    if label.message.is_empty() {
        writeln!(f, "{:gutter$} | {:pad$}{underline}", "", "", pad = col - 1)
    } else {
        writeln!(
            f,
            "{:gutter$} | {:pad$}{underline} {}",
            "",
            "",
            label.message,
            pad = col - 1
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render_one(text: &str, d: impl FnOnce(FileId) -> Diagnostic) -> String {
        let mut sources = SourceMap::new();
        let file = sources.add("t.isle", text);
        let diagnostics = Diagnostics {
            list: vec![d(file)],
            sources,
        };
        diagnostics.to_string()
    }

    #[test]
    fn renders_location_snippet_and_help() {
        let out = render_one("(decl a () u8)\n(rule (fo x) x)\n", |file| {
            Diagnostic::error(Span::new(file, 21, 23), "unknown term `fo`")
                .with_label("not declared")
                .with_help("declare it with `(decl fo ...)`")
        });
        assert_eq!(
            out,
            "t.isle:2:7: error: unknown term `fo`\n  |\n2 | (rule (fo x) x)\n  |       ^^ not declared\n  = help: declare it with `(decl fo ...)`\n"
        );
    }

    #[test]
    fn renders_secondary_labels_and_end_of_file_spans() {
        let out = render_one("(a)\n(b", |file| {
            Diagnostic::error(Span::new(file, 6, 6), "unclosed `(`")
                .with_secondary(Span::new(file, 0, 3), "first")
        });
        assert!(out.starts_with("t.isle:2:3: error: unclosed `(`\n"));
        assert!(out.contains("::: t.isle:1:1\n"));
        assert!(out.contains("^"));
        assert!(out.contains("--- first"));
    }

    #[test]
    fn line_col_counts_characters() {
        let mut sources = SourceMap::new();
        let file = sources.add("u.isle", "é(x\n y");
        let f = sources.file(file);
        assert_eq!(f.line_col(2), (1, 2));
        assert_eq!(f.line_col(5), (2, 1));
        assert_eq!(f.line_col(100), (2, 3));
    }
}
