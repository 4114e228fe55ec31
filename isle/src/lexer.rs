//! Lexer: turns DSL source text into tokens with spans.
//!
//! The language is S-expressions: `(`, `)`, `@` (in `x @ pat`), integers and
//! symbols. Comments are `;` to end of line and nestable `(; ... ;)` blocks;
//! they are skipped here. Integers accept `0x`, `0o`, `0b`, a leading `-` and
//! `_` separators, and must fit in an `i128`.
//!
//! Invariants: never panics; every token's span starts and ends on a UTF-8
//! character boundary; malformed text (a bad integer, an unterminated block
//! comment) yields a diagnostic and lexing goes on, so one run reports every
//! lexical error.

use crate::diagnostics::{Diagnostic, FileId, Span};

/// What a token is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// `(`
    LParen,
    /// `)`
    RParen,
    /// `@`
    At,
    /// An integer literal, already parsed.
    Int(i128),
    /// Any other run of non-delimiter characters.
    Symbol(String),
}

/// A token and where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// What it is.
    pub kind: TokenKind,
    /// Where it is.
    pub span: Span,
}

/// Splits `text` into tokens, appending any lexical errors to `errors`.
pub fn lex(file: FileId, text: &str, errors: &mut Vec<Diagnostic>) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut pos = 0usize;
    let span = |start: usize, end: usize| Span::new(file, start as u32, end as u32);
    while pos < bytes.len() {
        let b = bytes[pos];
        match b {
            b' ' | b'\t' | b'\n' | b'\r' => pos += 1,
            b';' => {
                while pos < bytes.len() && bytes[pos] != b'\n' {
                    pos += 1;
                }
            }
            b'(' if bytes.get(pos + 1) == Some(&b';') => {
                pos = skip_block_comment(bytes, pos, file, errors);
            }
            b'(' => {
                tokens.push(Token {
                    kind: TokenKind::LParen,
                    span: span(pos, pos + 1),
                });
                pos += 1;
            }
            b')' => {
                tokens.push(Token {
                    kind: TokenKind::RParen,
                    span: span(pos, pos + 1),
                });
                pos += 1;
            }
            b'@' => {
                tokens.push(Token {
                    kind: TokenKind::At,
                    span: span(pos, pos + 1),
                });
                pos += 1;
            }
            _ => {
                let start = pos;
                while pos < bytes.len() && !is_delimiter(bytes[pos]) {
                    pos += 1;
                }
                // Delimiters are ASCII, so `start..pos` is on char boundaries.
                let word = &text[start..pos];
                if looks_like_integer(word) {
                    match parse_integer(word) {
                        Ok(value) => tokens.push(Token {
                            kind: TokenKind::Int(value),
                            span: span(start, pos),
                        }),
                        Err(why) => {
                            errors.push(
                                Diagnostic::error(
                                    span(start, pos),
                                    format!("invalid integer literal `{word}`"),
                                )
                                .with_label(why),
                            );
                            // A placeholder keeps the form's shape, so the
                            // parser does not report follow-on errors.
                            tokens.push(Token {
                                kind: TokenKind::Int(0),
                                span: span(start, pos),
                            });
                        }
                    }
                } else {
                    tokens.push(Token {
                        kind: TokenKind::Symbol(word.to_string()),
                        span: span(start, pos),
                    });
                }
            }
        }
    }
    tokens
}

/// Bytes that end a symbol or integer.
fn is_delimiter(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'(' | b')' | b';' | b'@')
}

/// Skips a nestable `(; ... ;)` comment starting at `start`; returns the
/// position after it (end of text, with an error, if it is unterminated).
fn skip_block_comment(
    bytes: &[u8],
    start: usize,
    file: FileId,
    errors: &mut Vec<Diagnostic>,
) -> usize {
    let mut depth = 0usize;
    let mut pos = start;
    while pos < bytes.len() {
        if bytes[pos] == b'(' && bytes.get(pos + 1) == Some(&b';') {
            depth += 1;
            pos += 2;
        } else if bytes[pos] == b';' && bytes.get(pos + 1) == Some(&b')') {
            depth -= 1;
            pos += 2;
            if depth == 0 {
                return pos;
            }
        } else {
            pos += 1;
        }
    }
    errors.push(
        Diagnostic::error(
            Span::new(file, start as u32, start as u32 + 2),
            "unterminated block comment",
        )
        .with_label("comment starts here")
        .with_help("close it with `;)`"),
    );
    bytes.len()
}

/// True if `word` is meant as an integer: a digit, or `-` then a digit.
fn looks_like_integer(word: &str) -> bool {
    let digits = word.strip_prefix('-').unwrap_or(word);
    digits.starts_with(|c: char| c.is_ascii_digit())
}

/// Parses an integer literal in any radix with `_` separators.
pub fn parse_integer(word: &str) -> Result<i128, &'static str> {
    let (negative, rest) = match word.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, word),
    };
    let (radix, digits) = if let Some(d) = rest.strip_prefix("0x").or(rest.strip_prefix("0X")) {
        (16, d)
    } else if let Some(d) = rest.strip_prefix("0o").or(rest.strip_prefix("0O")) {
        (8, d)
    } else if let Some(d) = rest.strip_prefix("0b").or(rest.strip_prefix("0B")) {
        (2, d)
    } else {
        (10, rest)
    };
    let mut magnitude: u128 = 0;
    let mut any_digit = false;
    for c in digits.chars() {
        if c == '_' {
            continue;
        }
        let Some(d) = c.to_digit(radix) else {
            return Err("not a digit of this radix");
        };
        any_digit = true;
        magnitude = magnitude
            .checked_mul(radix as u128)
            .and_then(|m| m.checked_add(d as u128))
            .ok_or("does not fit in 128 bits")?;
    }
    if !any_digit {
        return Err("no digits");
    }
    if negative {
        if magnitude > i128::MAX as u128 + 1 {
            return Err("does not fit in i128");
        }
        Ok((magnitude as i128).wrapping_neg())
    } else {
        i128::try_from(magnitude).map_err(|_| "does not fit in i128")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> (Vec<TokenKind>, usize) {
        let mut errors = Vec::new();
        let tokens = lex(FileId(0), text, &mut errors);
        (tokens.into_iter().map(|t| t.kind).collect(), errors.len())
    }

    #[test]
    fn lexes_parens_symbols_and_at() {
        let (k, e) = kinds("(rule x@(A.B $C) y)");
        assert_eq!(e, 0);
        assert_eq!(
            k,
            vec![
                TokenKind::LParen,
                TokenKind::Symbol("rule".into()),
                TokenKind::Symbol("x".into()),
                TokenKind::At,
                TokenKind::LParen,
                TokenKind::Symbol("A.B".into()),
                TokenKind::Symbol("$C".into()),
                TokenKind::RParen,
                TokenKind::Symbol("y".into()),
                TokenKind::RParen,
            ]
        );
    }

    #[test]
    fn integers_in_every_radix() {
        let (k, e) = kinds("10 -3 0x1F 0o17 0b1010 1_000 -0x8000_0000 0xFF_FF");
        assert_eq!(e, 0);
        let values: Vec<i128> = k
            .into_iter()
            .map(|t| match t {
                TokenKind::Int(v) => v,
                other => panic!("not an int: {other:?}"),
            })
            .collect();
        assert_eq!(values, vec![10, -3, 31, 15, 10, 1000, -0x8000_0000, 0xFFFF]);
    }

    #[test]
    fn integer_limits() {
        assert_eq!(parse_integer(&i128::MIN.to_string()), Ok(i128::MIN));
        assert_eq!(parse_integer(&i128::MAX.to_string()), Ok(i128::MAX));
        assert!(parse_integer("170141183460469231731687303715884105728").is_err());
        assert!(parse_integer("0x").is_err());
        assert!(parse_integer("12ab").is_err());
        assert!(parse_integer("0b102").is_err());
    }

    #[test]
    fn comments_are_skipped_and_nest() {
        let (k, e) = kinds("a ; line\n(; outer (; inner ;) still ;) b");
        assert_eq!(e, 0);
        assert_eq!(
            k,
            vec![TokenKind::Symbol("a".into()), TokenKind::Symbol("b".into())]
        );
    }

    #[test]
    fn bad_input_gives_errors_not_panics() {
        assert_eq!(kinds("(; never closed").1, 1);
        assert_eq!(kinds("0xZZ 12q -9x").1, 3);
        let (k, e) = kinds("é -> ∀");
        assert_eq!(e, 0);
        assert_eq!(k.len(), 3);
    }
}
