//! The CLIF lexer: turns text into tokens with line/column locations.
//!
//! The lexer never fails: characters it does not understand become
//! [`Token::Unknown`], and the parser reports them with their location. It
//! keeps comments as tokens because filetests carry directives in them
//! (`; run: ...`, `; error: ...`); the parser decides which ones matter.
//!
//! Words are split by class so the parser can stay simple:
//! - identifiers: `[A-Za-z_][A-Za-z0-9_]*` (opcodes, types, entity references
//!   such as `v12` or `block3`, keywords);
//! - numbers: anything starting with a digit, or a sign followed by a digit
//!   or a float keyword (`-Inf`, `+NaN:0x1`, `-sNaN:0x1`), continuing over
//!   `[0-9A-Za-z_.]`, a `:` that introduces a NaN payload, and a sign right
//!   after a float exponent marker; `NaN`, `Inf` and `sNaN` alone are numbers
//!   too. Their text is handed to the immediate parsers unchanged;
//! - names: `%name` (test case names, `%0` allowed);
//! - strings: `"..."` (feature names);
//! - punctuation.

use std::fmt;

/// A 1-based line and column in the source text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// Line number, starting at 1.
    pub line: u32,
    /// Column number in characters, starting at 1.
    pub col: u32,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.col)
    }
}

/// One lexical token. Text-carrying variants borrow from the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Token<'a> {
    /// `; ...` up to the end of the line, without the leading `;` and with
    /// surrounding whitespace trimmed.
    Comment(&'a str),
    /// `(`
    LParen,
    /// `)`
    RParen,
    /// `{`
    LBrace,
    /// `}`
    RBrace,
    /// `[`
    LBracket,
    /// `]`
    RBracket,
    /// `,`
    Comma,
    /// `.`
    Dot,
    /// `:`
    Colon,
    /// `=`
    Equal,
    /// `!`
    Bang,
    /// `@` followed by hex digits: a source location (`@0012`).
    SourceLoc(&'a str),
    /// `->`
    Arrow,
    /// `[A-Za-z_][A-Za-z0-9_]*`
    Ident(&'a str),
    /// A numeric literal's raw text, sign included.
    Number(&'a str),
    /// `%name`, without the `%`.
    Name(&'a str),
    /// `"..."`, without the quotes.
    Str(&'a str),
    /// A character the lexer does not recognise.
    Unknown(char),
}

impl fmt::Display for Token<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Token::Comment(c) => write!(f, "comment `;{c}`"),
            Token::LParen => f.write_str("`(`"),
            Token::RParen => f.write_str("`)`"),
            Token::LBrace => f.write_str("`{`"),
            Token::RBrace => f.write_str("`}`"),
            Token::LBracket => f.write_str("`[`"),
            Token::RBracket => f.write_str("`]`"),
            Token::Comma => f.write_str("`,`"),
            Token::Dot => f.write_str("`.`"),
            Token::Colon => f.write_str("`:`"),
            Token::Equal => f.write_str("`=`"),
            Token::Bang => f.write_str("`!`"),
            Token::SourceLoc(s) => write!(f, "`@{s}`"),
            Token::Arrow => f.write_str("`->`"),
            Token::Ident(s) => write!(f, "`{s}`"),
            Token::Number(s) => write!(f, "`{s}`"),
            Token::Name(s) => write!(f, "`%{s}`"),
            Token::Str(s) => write!(f, "`\"{s}\"`"),
            Token::Unknown(c) => write!(f, "unexpected character {c:?}"),
        }
    }
}

/// A token with the location of its first character.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LocatedToken<'a> {
    /// The token.
    pub token: Token<'a>,
    /// Where it starts.
    pub loc: Location,
}

/// An iterator over the tokens of a source text.
pub struct Lexer<'a> {
    source: &'a str,
    bytes: &'a [u8],
    pos: usize,
    line: u32,
    line_start: usize,
}

impl<'a> Lexer<'a> {
    /// Creates a lexer over `source`.
    pub fn new(source: &'a str) -> Self {
        Self {
            source,
            bytes: source.as_bytes(),
            pos: 0,
            line: 1,
            line_start: 0,
        }
    }

    fn location(&self) -> Location {
        // Columns count characters, not bytes, so multi-byte UTF-8 in
        // comments does not shift later columns.
        let col = self.source[self.line_start..self.pos].chars().count() as u32 + 1;
        Location {
            line: self.line,
            col,
        }
    }

    fn peek_at(&self, offset: usize) -> Option<u8> {
        self.bytes.get(self.pos + offset).copied()
    }

    fn skip_whitespace(&mut self) {
        while let Some(b) = self.peek_at(0) {
            match b {
                b'\n' => {
                    self.pos += 1;
                    self.line += 1;
                    self.line_start = self.pos;
                }
                b' ' | b'\t' | b'\r' | 0x0b | 0x0c => self.pos += 1,
                _ => break,
            }
        }
    }

    fn take_while(&mut self, mut pred: impl FnMut(u8) -> bool) -> &'a str {
        let start = self.pos;
        while let Some(b) = self.peek_at(0) {
            if !pred(b) {
                break;
            }
            self.pos += 1;
        }
        &self.source[start..self.pos]
    }

    /// Scans a number starting at the current position (a sign, if any, is
    /// already known to be followed by something numeric).
    fn scan_number(&mut self) -> &'a str {
        let start = self.pos;
        if matches!(self.peek_at(0), Some(b'-' | b'+')) {
            self.pos += 1;
        }
        let is_hex =
            self.bytes[self.pos..].starts_with(b"0x") || self.bytes[self.pos..].starts_with(b"0X");
        while let Some(b) = self.peek_at(0) {
            let prev = if self.pos > start {
                self.bytes[self.pos - 1]
            } else {
                0
            };
            let sign_after_exponent = matches!(b, b'+' | b'-')
                && if is_hex {
                    matches!(prev, b'p' | b'P')
                } else {
                    matches!(prev, b'e' | b'E' | b'p' | b'P')
                }
                && self.peek_at(1).is_some_and(|n| n.is_ascii_digit());
            let nan_payload = b == b':' && self.peek_at(1).is_some_and(|n| n.is_ascii_digit()) && {
                let word = &self.source[start..self.pos];
                let word = word.trim_start_matches(['+', '-']);
                word == "NaN" || word == "sNaN"
            };
            if b.is_ascii_alphanumeric()
                || b == b'_'
                || b == b'.'
                || sign_after_exponent
                || nan_payload
            {
                self.pos += 1;
            } else {
                break;
            }
        }
        &self.source[start..self.pos]
    }

    /// Returns the next token, or `None` at the end of the input.
    pub fn next_token(&mut self) -> Option<LocatedToken<'a>> {
        self.skip_whitespace();
        let loc = self.location();
        let b = self.peek_at(0)?;
        let token = match b {
            b';' => {
                self.pos += 1;
                let text = self.take_while(|b| b != b'\n');
                Token::Comment(text.trim())
            }
            b'(' => self.punct(Token::LParen),
            b')' => self.punct(Token::RParen),
            b'{' => self.punct(Token::LBrace),
            b'}' => self.punct(Token::RBrace),
            b'[' => self.punct(Token::LBracket),
            b']' => self.punct(Token::RBracket),
            b',' => self.punct(Token::Comma),
            b'.' => self.punct(Token::Dot),
            b':' => self.punct(Token::Colon),
            b'=' => self.punct(Token::Equal),
            b'!' => self.punct(Token::Bang),
            b'-' if self.peek_at(1) == Some(b'>') => {
                self.pos += 2;
                Token::Arrow
            }
            b'-' | b'+' if self.peek_at(1).is_some_and(|n| n.is_ascii_alphanumeric()) => {
                Token::Number(self.scan_number())
            }
            b'0'..=b'9' => Token::Number(self.scan_number()),
            b'%' => {
                self.pos += 1;
                Token::Name(self.take_while(|b| b.is_ascii_alphanumeric() || b == b'_'))
            }
            b'@' => {
                self.pos += 1;
                Token::SourceLoc(self.take_while(|b| b.is_ascii_hexdigit()))
            }
            b'"' => {
                self.pos += 1;
                let text = self.take_while(|b| b != b'"' && b != b'\n');
                if self.peek_at(0) == Some(b'"') {
                    self.pos += 1;
                    Token::Str(text)
                } else {
                    Token::Unknown('"')
                }
            }
            b if b.is_ascii_alphabetic() || b == b'_' => {
                let start = self.pos;
                let word = self.take_while(|b| b.is_ascii_alphanumeric() || b == b'_');
                let is_float_word = matches!(word, "NaN" | "sNaN" | "Inf");
                if is_float_word {
                    self.pos = start;
                    Token::Number(self.scan_number())
                } else {
                    Token::Ident(word)
                }
            }
            _ => {
                let c = self.source[self.pos..].chars().next().unwrap_or('\u{fffd}');
                self.pos += c.len_utf8();
                Token::Unknown(c)
            }
        };
        Some(LocatedToken { token, loc })
    }

    fn punct(&mut self, token: Token<'a>) -> Token<'a> {
        self.pos += 1;
        token
    }
}

impl<'a> Iterator for Lexer<'a> {
    type Item = LocatedToken<'a>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_token()
    }
}

/// Splits an entity reference such as `block12` into its prefix and number.
///
/// Returns `None` unless the word is `prefix` followed by a decimal number
/// without leading zeros (`v01` is not a value).
pub fn split_entity(word: &str, prefix: &str) -> Option<u32> {
    let digits = word.strip_prefix(prefix)?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if digits.len() > 1 && digits.starts_with('0') {
        return None;
    }
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(src: &str) -> Vec<Token<'_>> {
        Lexer::new(src).map(|t| t.token).collect()
    }

    #[test]
    fn instruction_line() {
        assert_eq!(
            tokens("v3 = iadd.i32 v1, v2 ; sum"),
            vec![
                Token::Ident("v3"),
                Token::Equal,
                Token::Ident("iadd"),
                Token::Dot,
                Token::Ident("i32"),
                Token::Ident("v1"),
                Token::Comma,
                Token::Ident("v2"),
                Token::Comment("sum"),
            ]
        );
    }

    #[test]
    fn numbers_and_offsets() {
        assert_eq!(
            tokens("load.i64 notrap v0+8 v1-16 -0x1.8p-3 0x7FFF_FFFF"),
            vec![
                Token::Ident("load"),
                Token::Dot,
                Token::Ident("i64"),
                Token::Ident("notrap"),
                Token::Ident("v0"),
                Token::Number("+8"),
                Token::Ident("v1"),
                Token::Number("-16"),
                Token::Number("-0x1.8p-3"),
                Token::Number("0x7FFF_FFFF"),
            ]
        );
    }

    #[test]
    fn float_words() {
        assert_eq!(
            tokens("+Inf -NaN:0x1 +sNaN:0x1 NaN Inf -0.0"),
            vec![
                Token::Number("+Inf"),
                Token::Number("-NaN:0x1"),
                Token::Number("+sNaN:0x1"),
                Token::Number("NaN"),
                Token::Number("Inf"),
                Token::Number("-0.0"),
            ]
        );
    }

    #[test]
    fn signature_and_names() {
        assert_eq!(
            tokens("function %f(i64 uext) -> i8 system_v {"),
            vec![
                Token::Ident("function"),
                Token::Name("f"),
                Token::LParen,
                Token::Ident("i64"),
                Token::Ident("uext"),
                Token::RParen,
                Token::Arrow,
                Token::Ident("i8"),
                Token::Ident("system_v"),
                Token::LBrace,
            ]
        );
    }

    #[test]
    fn locations() {
        let toks: Vec<_> = Lexer::new("a\n  bé ; é\n   c").collect();
        assert_eq!(toks[0].loc, Location { line: 1, col: 1 });
        assert_eq!(toks[1].loc, Location { line: 2, col: 3 });
        assert_eq!(toks[2].token, Token::Unknown('é'));
        assert_eq!(toks[3].loc, Location { line: 2, col: 6 });
        assert_eq!(toks[4].loc, Location { line: 3, col: 4 });
    }

    #[test]
    fn entity_split() {
        assert_eq!(split_entity("block12", "block"), Some(12));
        assert_eq!(split_entity("v0", "v"), Some(0));
        assert_eq!(split_entity("v01", "v"), None);
        assert_eq!(split_entity("vx", "v"), None);
        assert_eq!(split_entity("v99999999999", "v"), None);
    }

    #[test]
    fn never_panics_on_bytes() {
        let src = "\u{0}\u{7f}%%@@\"abc -+ 0x:1 NaN: ->>";
        let n = Lexer::new(src).count();
        assert!(n > 0);
    }
}
