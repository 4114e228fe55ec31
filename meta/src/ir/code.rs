//! A small builder for generated source text: lines with indentation.

/// Accumulates lines of generated code.
#[derive(Default)]
pub(crate) struct Code {
    text: String,
    indent: usize,
}

impl Code {
    /// An empty buffer.
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Appends one line at the current indentation (an empty line stays empty).
    pub(crate) fn line(&mut self, s: impl AsRef<str>) {
        let s = s.as_ref();
        if !s.is_empty() {
            for _ in 0..self.indent {
                self.text.push_str("    ");
            }
            self.text.push_str(s);
        }
        self.text.push('\n');
    }

    /// Appends `open`, indents the lines `body` writes, then appends `close`.
    pub(crate) fn block(
        &mut self,
        open: impl AsRef<str>,
        close: &str,
        body: impl FnOnce(&mut Code),
    ) {
        self.line(open);
        self.indent += 1;
        body(self);
        self.indent -= 1;
        self.line(close);
    }

    /// The text.
    pub(crate) fn finish(self) -> String {
        self.text
    }
}
