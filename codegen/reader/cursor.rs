//! A cursor over the token stream of one source text.
//!
//! Comments are pulled out of the stream as it is built, so the parser sees
//! only significant tokens; each comment remembers the index of the token it
//! precedes, which lets the parser hand the comments inside and after a
//! function to that function.

use crate::reader::error::{ParseError, ParseResult};
use crate::reader::lexer::{Lexer, LocatedToken, Location, Token};
use crate::reader::testfile::Comment;

/// Significant tokens, the comments between them, and a read position.
pub struct Cursor<'a> {
    tokens: Vec<LocatedToken<'a>>,
    /// Comments with the index of the next significant token at their point.
    comments: Vec<(usize, Comment)>,
    pos: usize,
    end: Location,
}

impl<'a> Cursor<'a> {
    /// Lexes all of `source`.
    pub fn new(source: &'a str) -> Self {
        let mut tokens = Vec::new();
        let mut comments = Vec::new();
        let mut end = Location { line: 1, col: 1 };
        for tok in Lexer::new(source) {
            end = tok.loc;
            match tok.token {
                Token::Comment(text) => comments.push((
                    tokens.len(),
                    Comment {
                        text: text.to_string(),
                        loc: tok.loc,
                    },
                )),
                _ => tokens.push(tok),
            }
        }
        // End of input: just past the last character of the last line.
        if let Some(last) = source.lines().last() {
            end = Location {
                line: (source.lines().count() as u32).max(end.line),
                col: last.chars().count() as u32 + 1,
            };
        }
        Self {
            tokens,
            comments,
            pos: 0,
            end,
        }
    }

    /// The current token, without consuming it.
    pub fn peek(&self) -> Option<Token<'a>> {
        self.tokens.get(self.pos).map(|t| t.token)
    }

    /// The token after the current one.
    pub fn peek2(&self) -> Option<Token<'a>> {
        self.tokens.get(self.pos + 1).map(|t| t.token)
    }

    /// The location of the current token (or the end of input).
    pub fn loc(&self) -> Location {
        self.tokens.get(self.pos).map_or(self.end, |t| t.loc)
    }

    /// The index of the current token; comments are keyed by it.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// The comments whose position lies in `start..end` (token indices).
    pub fn comments_between(&self, start: usize, end: usize) -> Vec<Comment> {
        self.comments
            .iter()
            .filter(|(at, _)| *at >= start && *at < end)
            .map(|(_, c)| c.clone())
            .collect()
    }

    /// The comments at or after position `start`.
    pub fn comments_from(&self, start: usize) -> Vec<Comment> {
        self.comments_between(start, usize::MAX)
    }

    /// Whether all tokens are consumed.
    pub fn at_end(&self) -> bool {
        self.pos >= self.tokens.len()
    }

    /// Consumes and returns the current token.
    pub fn bump(&mut self) -> Option<Token<'a>> {
        let t = self.peek();
        if t.is_some() {
            self.pos += 1;
        }
        t
    }

    /// Consumes the current token if it equals `tok`.
    pub fn eat(&mut self, tok: Token<'_>) -> bool {
        if self.peek() == Some(tok) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// Consumes the identifier `word` if it is next.
    pub fn eat_ident(&mut self, word: &str) -> bool {
        self.eat(Token::Ident(word))
    }

    /// An error at the current token.
    pub fn error(&self, message: impl Into<String>) -> ParseError {
        ParseError::new(self.loc(), message)
    }

    /// An error "expected X, found Y" at the current token.
    pub fn expected(&self, what: &str) -> ParseError {
        match self.peek() {
            Some(t) => self.error(format!("expected {what}, found {t}")),
            None => self.error(format!("expected {what}, found end of input")),
        }
    }

    /// Consumes `tok` or reports that `what` was expected.
    pub fn expect(&mut self, tok: Token<'_>, what: &str) -> ParseResult<()> {
        if self.eat(tok) {
            Ok(())
        } else {
            Err(self.expected(what))
        }
    }

    /// Consumes an identifier.
    pub fn expect_ident(&mut self, what: &str) -> ParseResult<&'a str> {
        match self.peek() {
            Some(Token::Ident(s)) => {
                self.pos += 1;
                Ok(s)
            }
            _ => Err(self.expected(what)),
        }
    }

    /// Consumes a number token and returns its text.
    pub fn expect_number(&mut self, what: &str) -> ParseResult<&'a str> {
        match self.peek() {
            Some(Token::Number(s)) => {
                self.pos += 1;
                Ok(s)
            }
            _ => Err(self.expected(what)),
        }
    }

    /// Skips to just past the next token on a later line than `line`
    /// boundary: used to recover after a malformed header line.
    pub fn skip_line(&mut self, line: u32) {
        while self.pos < self.tokens.len() && self.tokens[self.pos].loc.line == line {
            self.pos += 1;
        }
    }

    /// The line of the current token.
    pub fn line(&self) -> u32 {
        self.loc().line
    }
}
