//! The lexer: source text to a list of tokens with their spans.
//!
//! Tokens are identifiers, keywords, unsigned decimal integers and the
//! punctuation of the grammar (see the [crate-level docs](super)).
//! Whitespace and `//` comments separate tokens and are dropped. The list
//! always ends with one [`TokenKind::Eof`] token whose span is empty and
//! at the end of the text, so the parser can always look one token ahead.
//!
//! Every error is collected (an unexpected character is skipped, a bad
//! number is replaced by `0`), so one run reports all of them.

use super::diagnostic::{Diagnostic, Span};

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// A name: `[A-Za-z_][A-Za-z0-9_]*` that is not a keyword.
    Ident,
    /// An unsigned decimal integer (at most `2^63`; the parser checks that
    /// only `-9223372036854775808` uses `2^63`).
    Int(u64),
    /// `fn`
    Fn,
    /// `let`
    Let,
    /// `if`
    If,
    /// `else`
    Else,
    /// `while`
    While,
    /// `return`
    Return,
    /// `print`
    Print,
    /// `(`
    LParen,
    /// `)`
    RParen,
    /// `{`
    LBrace,
    /// `}`
    RBrace,
    /// `,`
    Comma,
    /// `;`
    Semi,
    /// `=`
    Assign,
    /// `==`
    EqEq,
    /// `!=`
    NotEq,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `+`
    Plus,
    /// `-`
    Minus,
    /// `*`
    Star,
    /// `/`
    Slash,
    /// `%`
    Percent,
    /// `!`
    Bang,
    /// `&&`
    AndAnd,
    /// `||`
    OrOr,
    /// The end of the text.
    Eof,
}

impl TokenKind {
    /// How the token is written, for messages (`` `(` ``, `an integer`).
    pub fn describe(self) -> &'static str {
        use TokenKind::*;
        match self {
            Ident => "an identifier",
            Int(_) => "an integer",
            Fn => "`fn`",
            Let => "`let`",
            If => "`if`",
            Else => "`else`",
            While => "`while`",
            Return => "`return`",
            Print => "`print`",
            LParen => "`(`",
            RParen => "`)`",
            LBrace => "`{`",
            RBrace => "`}`",
            Comma => "`,`",
            Semi => "`;`",
            Assign => "`=`",
            EqEq => "`==`",
            NotEq => "`!=`",
            Lt => "`<`",
            Le => "`<=`",
            Gt => "`>`",
            Ge => "`>=`",
            Plus => "`+`",
            Minus => "`-`",
            Star => "`*`",
            Slash => "`/`",
            Percent => "`%`",
            Bang => "`!`",
            AndAnd => "`&&`",
            OrOr => "`||`",
            Eof => "the end of the file",
        }
    }
}

/// One token: its kind and where it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// What it is.
    pub kind: TokenKind,
    /// Where it is in the source.
    pub span: Span,
}

/// The keywords and their tokens.
const KEYWORDS: [(&str, TokenKind); 7] = [
    ("fn", TokenKind::Fn),
    ("let", TokenKind::Let),
    ("if", TokenKind::If),
    ("else", TokenKind::Else),
    ("while", TokenKind::While),
    ("return", TokenKind::Return),
    ("print", TokenKind::Print),
];

/// Two-character punctuation, tried before the one-character forms.
const PUNCT2: [(&[u8; 2], TokenKind); 6] = [
    (b"==", TokenKind::EqEq),
    (b"!=", TokenKind::NotEq),
    (b"<=", TokenKind::Le),
    (b">=", TokenKind::Ge),
    (b"&&", TokenKind::AndAnd),
    (b"||", TokenKind::OrOr),
];

/// One-character punctuation.
const PUNCT1: [(u8, TokenKind); 15] = [
    (b'(', TokenKind::LParen),
    (b')', TokenKind::RParen),
    (b'{', TokenKind::LBrace),
    (b'}', TokenKind::RBrace),
    (b',', TokenKind::Comma),
    (b';', TokenKind::Semi),
    (b'=', TokenKind::Assign),
    (b'<', TokenKind::Lt),
    (b'>', TokenKind::Gt),
    (b'+', TokenKind::Plus),
    (b'-', TokenKind::Minus),
    (b'*', TokenKind::Star),
    (b'/', TokenKind::Slash),
    (b'%', TokenKind::Percent),
    (b'!', TokenKind::Bang),
];

/// The largest integer literal: `2^63`, allowed only after a minus sign.
pub const MAX_LITERAL: u64 = 1 << 63;

/// Splits `source` into tokens, ending with [`TokenKind::Eof`]; or every
/// lexical error found.
pub fn tokenize(source: &str) -> Result<Vec<Token>, Vec<Diagnostic>> {
    let bytes = source.as_bytes();
    let mut tokens = Vec::new();
    let mut errors = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let start = i;
        if c.is_ascii_whitespace() {
            i += 1;
        } else if bytes[i..].starts_with(b"//") {
            i = bytes[i..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(bytes.len(), |n| i + n);
        } else if c.is_ascii_alphabetic() || c == b'_' {
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                i += 1;
            }
            let word = &source[start..i];
            let kind = KEYWORDS
                .iter()
                .find(|(k, _)| *k == word)
                .map_or(TokenKind::Ident, |&(_, kind)| kind);
            tokens.push(Token {
                kind,
                span: Span::new(start, i),
            });
        } else if c.is_ascii_digit() {
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                i += 1;
            }
            let span = Span::new(start, i);
            let value = number(&source[start..i], span).unwrap_or_else(|e| {
                errors.push(e);
                0
            });
            tokens.push(Token {
                kind: TokenKind::Int(value),
                span,
            });
        } else if let Some(&(_, kind)) = PUNCT2.iter().find(|(p, _)| bytes[i..].starts_with(*p)) {
            i += 2;
            tokens.push(Token {
                kind,
                span: Span::new(start, i),
            });
        } else if c == b'&' || c == b'|' {
            let op = if c == b'&' { "&&" } else { "||" };
            i += 1;
            errors.push(
                Diagnostic::error(
                    Span::new(start, i),
                    format!("unexpected character `{}`", c as char),
                )
                .with_help(format!(
                    "the logical operator is `{op}`; there are no bitwise operators"
                )),
            );
        } else if let Some(&(_, kind)) = PUNCT1.iter().find(|(p, _)| *p == c) {
            i += 1;
            tokens.push(Token {
                kind,
                span: Span::new(start, i),
            });
        } else {
            // Skip the whole (possibly multi-byte) character.
            let ch = source[start..].chars().next().unwrap_or('\u{fffd}');
            i += ch.len_utf8();
            errors.push(Diagnostic::error(
                Span::new(start, i),
                format!("unexpected character `{}`", ch.escape_default()),
            ));
        }
    }
    tokens.push(Token {
        kind: TokenKind::Eof,
        span: Span::new(bytes.len(), bytes.len()),
    });
    if errors.is_empty() {
        Ok(tokens)
    } else {
        Err(errors)
    }
}

/// The value of the integer literal `text`.
fn number(text: &str, span: Span) -> Result<u64, Diagnostic> {
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(
            Diagnostic::error(span, format!("invalid integer literal `{text}`"))
                .with_help("integers are written in decimal digits only"),
        );
    }
    text.parse::<u64>()
        .ok()
        .filter(|&v| v <= MAX_LITERAL)
        .ok_or_else(|| {
            Diagnostic::error(span, format!("integer literal `{text}` is out of range"))
                .with_help("values are 64-bit signed integers: at most 9223372036854775807")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<TokenKind> {
        match tokenize(src) {
            Ok(tokens) => tokens.into_iter().map(|t| t.kind).collect(),
            Err(e) => panic!("unexpected lexical errors: {e:?}"),
        }
    }

    #[test]
    fn tokens_keywords_and_comments() {
        use TokenKind::*;
        assert_eq!(
            kinds("fn f(a) { // comment\n return a<=10 && !b != c; }"),
            vec![
                Fn,
                Ident,
                LParen,
                Ident,
                RParen,
                LBrace,
                Return,
                Ident,
                Le,
                Int(10),
                AndAnd,
                Bang,
                Ident,
                NotEq,
                Ident,
                Semi,
                RBrace,
                Eof
            ]
        );
        assert_eq!(kinds("letx let_ printer"), vec![Ident, Ident, Ident, Eof]);
        assert_eq!(kinds("// only a comment"), vec![Eof]);
    }

    #[test]
    fn every_lexical_error_is_reported() {
        let Err(errors) = tokenize("a @ 12x 99999999999999999999 & é") else {
            panic!("expected errors");
        };
        let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(
            messages,
            vec![
                "unexpected character `@`",
                "invalid integer literal `12x`",
                "integer literal `99999999999999999999` is out of range",
                "unexpected character `&`",
                "unexpected character `\\u{e9}`",
            ]
        );
        assert_eq!(errors[0].span, Span::new(2, 3));
    }

    #[test]
    fn the_largest_literal_is_two_to_the_63() {
        assert_eq!(
            kinds("9223372036854775808"),
            vec![TokenKind::Int(MAX_LITERAL), TokenKind::Eof]
        );
        assert!(tokenize("9223372036854775809").is_err());
    }
}
