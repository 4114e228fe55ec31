//! Parsing the `; run:` and `; print:` directives of filetests.
//!
//! ```text
//! ; run: %f(1, 0x7FFFFFFF_FFFFFFFF) == -2
//! ; run: %f(+Inf, -NaN:0x1) != 0
//! ; run: %g([1 2 3 4]) == [2 4 6 8]      vector argument and result
//! ; run: %h(5) == [1, 0]                  several results
//! ; run: %t()                             bare: the one result is non-zero
//! ; print: %f(3)
//! ```
//!
//! Literals are typed by the signature of the invoked function, which the
//! caller looks up by name, so `255` becomes an `i8` or an `f32` parse error
//! as the parameter demands.

use crate::data_value::{DataValue, parse_scalar};
use crate::ir::{Signature, Type};
use crate::reader::error::{ParseError, ParseResult};
use crate::reader::lexer::{Lexer, LocatedToken, Location, Token};

/// How a `; run:` line compares the actual results with the expected ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Comparison {
    /// `==`
    Equal,
    /// `!=`
    NotEqual,
}

/// A call of a test function with literal arguments.
#[derive(Clone, Debug, PartialEq)]
pub struct Invocation {
    /// The function's name, without `%`.
    pub func: String,
    /// The arguments, typed by the function's parameters.
    pub args: Vec<DataValue>,
}

/// One directive.
#[derive(Clone, Debug, PartialEq)]
pub enum RunCommand {
    /// `; print: %f(args)`: print the results.
    Print(Invocation),
    /// `; run: %f(args) == expected` or `!=`.
    Compare(Invocation, Comparison, Vec<DataValue>),
    /// `; run: %f(args)`: the single result must be non-zero.
    NonZero(Invocation),
}

impl RunCommand {
    /// The invocation of the directive.
    pub fn invocation(&self) -> &Invocation {
        match self {
            RunCommand::Print(i) | RunCommand::Compare(i, ..) | RunCommand::NonZero(i) => i,
        }
    }
}

/// If `comment` (the text after `;`) is a `run:` or `print:` directive,
/// parses it; `comment_loc` is where the `;` is, for error locations.
/// `signature_of` finds the signature of a function by name.
///
/// A bare `; run` or `; print` (no colon) invokes `attached_to`, the function
/// the comment belongs to, without arguments; `run` then expects a non-zero
/// integer result.
pub fn parse_run_command<'s>(
    comment: &str,
    comment_loc: Location,
    attached_to: &str,
    signature_of: impl Fn(&str) -> Option<&'s Signature>,
) -> ParseResult<Option<RunCommand>> {
    if comment == "run" || comment == "print" {
        let sig = signature_of(attached_to).ok_or_else(|| {
            ParseError::new(
                comment_loc,
                format!("no function named `%{attached_to}` in this file"),
            )
        })?;
        if !sig.params.is_empty() {
            return Err(ParseError::new(
                comment_loc,
                format!(
                    "a bare `{comment}` needs a function without parameters; write `{comment}: %{attached_to}(...)`"
                ),
            ));
        }
        let invocation = Invocation {
            func: attached_to.to_string(),
            args: Vec::new(),
        };
        if comment == "print" {
            return Ok(Some(RunCommand::Print(invocation)));
        }
        if sig.returns.len() != 1
            || !sig.returns[0].value_type.is_int()
            || sig.returns[0].value_type.is_vector()
        {
            return Err(ParseError::new(
                comment_loc,
                "a bare `run` needs a function returning one integer",
            ));
        }
        return Ok(Some(RunCommand::NonZero(invocation)));
    }
    let (is_print, rest, offset) = if let Some(rest) = comment.strip_prefix("run:") {
        (false, rest, 4)
    } else if let Some(rest) = comment.strip_prefix("print:") {
        (true, rest, 6)
    } else {
        return Ok(None);
    };
    // Columns of tokens in `rest` are relative; shift them to the source.
    // The comment text starts after `;` and any spaces, so this is close to
    // exact for the usual `; run:` spelling.
    let base_col =
        comment_loc.col + 1 + (comment.len() - comment.trim_start().len()) as u32 + offset;
    let tokens: Vec<LocatedToken<'_>> = Lexer::new(rest)
        .map(|mut t| {
            t.loc = Location {
                line: comment_loc.line,
                col: base_col + t.loc.col,
            };
            t
        })
        .collect();
    let mut p = RunParser {
        tokens,
        pos: 0,
        end: comment_loc,
    };
    let invocation_loc = p.loc();
    let func = match p.bump() {
        Some(Token::Name(name)) => name.to_string(),
        _ => {
            return Err(p.error_at(
                invocation_loc,
                "expected a function name such as `%f` after `run:`",
            ));
        }
    };
    let sig = signature_of(&func).ok_or_else(|| {
        ParseError::new(
            invocation_loc,
            format!("no function named `%{func}` in this file"),
        )
    })?;
    p.expect(Token::LParen, "`(`")?;
    let mut args = Vec::new();
    if !p.eat(Token::RParen) {
        loop {
            let index = args.len();
            let Some(param) = sig.params.get(index) else {
                return Err(p.error(format!(
                    "`%{func}` takes {} argument{}",
                    sig.params.len(),
                    if sig.params.len() == 1 { "" } else { "s" }
                )));
            };
            args.push(p.literal(param.value_type)?);
            if p.eat(Token::RParen) {
                break;
            }
            p.expect(Token::Comma, "`,` or `)`")?;
        }
    }
    if args.len() != sig.params.len() {
        return Err(ParseError::new(
            invocation_loc,
            format!(
                "`%{func}` takes {} arguments, {} given",
                sig.params.len(),
                args.len()
            ),
        ));
    }
    let invocation = Invocation { func, args };
    if is_print {
        p.finish()?;
        return Ok(Some(RunCommand::Print(invocation)));
    }
    let comparison = match p.peek() {
        None => {
            if sig.returns.len() != 1 {
                return Err(ParseError::new(
                    invocation_loc,
                    "a `run:` line without `==` or `!=` needs a function with exactly one result",
                ));
            }
            return Ok(Some(RunCommand::NonZero(invocation)));
        }
        Some(Token::Equal) => {
            p.bump();
            p.expect(Token::Equal, "`==`")?;
            Comparison::Equal
        }
        Some(Token::Bang) => {
            p.bump();
            p.expect(Token::Equal, "`!=`")?;
            Comparison::NotEqual
        }
        Some(_) => return Err(p.expected("`==`, `!=` or the end of the line")),
    };
    let returns: Vec<Type> = sig.returns.iter().map(|r| r.value_type).collect();
    let expected = match returns.as_slice() {
        [] => {
            // `== []`: a function without results.
            p.expect(Token::LBracket, "`[]` (the function returns nothing)")?;
            p.expect(Token::RBracket, "`]`")?;
            Vec::new()
        }
        [single] => vec![p.literal(*single)?],
        several => {
            p.expect(Token::LBracket, "`[` opening the list of expected results")?;
            let mut values = Vec::new();
            for (i, ty) in several.iter().enumerate() {
                if i > 0 {
                    p.expect(Token::Comma, "`,`")?;
                }
                values.push(p.literal(*ty)?);
            }
            p.expect(Token::RBracket, "`]`")?;
            values
        }
    };
    p.finish()?;
    Ok(Some(RunCommand::Compare(invocation, comparison, expected)))
}

struct RunParser<'a> {
    tokens: Vec<LocatedToken<'a>>,
    pos: usize,
    end: Location,
}

impl<'a> RunParser<'a> {
    fn peek(&self) -> Option<Token<'a>> {
        self.tokens.get(self.pos).map(|t| t.token)
    }

    fn loc(&self) -> Location {
        self.tokens.get(self.pos).map_or(self.end, |t| t.loc)
    }

    fn bump(&mut self) -> Option<Token<'a>> {
        let t = self.peek();
        self.pos += 1;
        t
    }

    fn eat(&mut self, tok: Token<'_>) -> bool {
        if self.peek() == Some(tok) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn error(&self, message: impl Into<String>) -> ParseError {
        ParseError::new(self.loc(), message)
    }

    fn error_at(&self, loc: Location, message: impl Into<String>) -> ParseError {
        ParseError::new(loc, message)
    }

    fn expected(&self, what: &str) -> ParseError {
        match self.peek() {
            Some(t) => self.error(format!("expected {what}, found {t}")),
            None => self.error(format!("expected {what}, found the end of the line")),
        }
    }

    fn expect(&mut self, tok: Token<'_>, what: &str) -> ParseResult<()> {
        if self.eat(tok) {
            Ok(())
        } else {
            Err(self.expected(what))
        }
    }

    fn finish(&self) -> ParseResult<()> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(self.expected("the end of the line")),
        }
    }

    /// A literal of type `ty`: a number, or `[lane lane ...]` for a vector.
    fn literal(&mut self, ty: Type) -> ParseResult<DataValue> {
        let loc = self.loc();
        if ty.is_vector() {
            if ty.bytes() > 16 {
                return Err(self.error(format!(
                    "vectors of type `{ty}` are not supported in run lines"
                )));
            }
            self.expect(Token::LBracket, &format!("`[` starting a `{ty}` vector"))?;
            let mut lanes = Vec::new();
            while !self.eat(Token::RBracket) {
                if !lanes.is_empty() {
                    self.eat(Token::Comma);
                }
                lanes.push(self.scalar(ty.lane_type())?);
            }
            if lanes.len() != ty.lane_count() as usize {
                return Err(ParseError::new(
                    loc,
                    format!(
                        "a `{ty}` vector has {} lanes, {} given",
                        ty.lane_count(),
                        lanes.len()
                    ),
                ));
            }
            DataValue::from_lanes(ty, &lanes)
                .ok_or_else(|| ParseError::new(loc, format!("bad `{ty}` vector")))
        } else {
            self.scalar(ty)
        }
    }

    fn scalar(&mut self, ty: Type) -> ParseResult<DataValue> {
        let loc = self.loc();
        let text = match self.peek() {
            Some(Token::Number(text)) => text,
            // `true`/`false` were CLIF's boolean literals; they mean 1 and 0.
            Some(Token::Ident("true")) if ty.is_int() => "1",
            Some(Token::Ident("false")) if ty.is_int() => "0",
            _ => return Err(self.expected(&format!("a `{ty}` literal"))),
        };
        self.pos += 1;
        parse_scalar(ty, text).map_err(|e| ParseError::new(loc, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::types::*;
    use crate::ir::{AbiParam, CallConv};

    fn sig(params: &[Type], returns: &[Type]) -> Signature {
        let mut s = Signature::new(CallConv::SystemV);
        s.params.extend(params.iter().map(|t| AbiParam::new(*t)));
        s.returns.extend(returns.iter().map(|t| AbiParam::new(*t)));
        s
    }

    fn parse(text: &str, s: &Signature) -> ParseResult<Option<RunCommand>> {
        parse_run_command(text, Location { line: 3, col: 1 }, "f", |name| {
            (name == "f").then_some(s)
        })
    }

    #[test]
    fn comparisons() {
        let s = sig(&[I64, I64], &[I64]);
        let cmd = parse("run: %f(1, 0x7FFFFFFF_FFFFFFFF) == -2", &s)
            .unwrap()
            .unwrap();
        assert_eq!(
            cmd,
            RunCommand::Compare(
                Invocation {
                    func: "f".into(),
                    args: vec![DataValue::I64(1), DataValue::I64(i64::MAX)]
                },
                Comparison::Equal,
                vec![DataValue::I64(-2)]
            )
        );
        let cmd = parse("run: %f(0, 0) != 3", &s).unwrap().unwrap();
        assert!(matches!(
            cmd,
            RunCommand::Compare(_, Comparison::NotEqual, _)
        ));
        assert!(matches!(
            parse("run: %f(0, 0)", &s).unwrap().unwrap(),
            RunCommand::NonZero(_)
        ));
        assert!(matches!(
            parse("print: %f(0, 0)", &s).unwrap().unwrap(),
            RunCommand::Print(_)
        ));
        assert_eq!(parse("just a comment", &s).unwrap(), None);
        let none = sig(&[], &[I8]);
        assert!(matches!(
            parse("run", &none).unwrap().unwrap(),
            RunCommand::NonZero(_)
        ));
        assert!(matches!(
            parse("print", &none).unwrap().unwrap(),
            RunCommand::Print(_)
        ));
        assert!(parse("run", &s).is_err());
        let unit = sig(&[I64], &[]);
        assert!(matches!(
            parse("run: %f(1) == []", &unit).unwrap().unwrap(),
            RunCommand::Compare(..)
        ));
    }

    #[test]
    fn vectors_and_several_results() {
        let s = sig(&[I32X4], &[I32X4]);
        let cmd = parse("run: %f([1 2 3 4]) == [2 4 6 8]", &s)
            .unwrap()
            .unwrap();
        assert_eq!(cmd.invocation().args[0].to_string(), "[1 2 3 4]");
        let s = sig(&[F32], &[I8, I8]);
        let cmd = parse("run: %f(-NaN:0x1) == [1, 0]", &s).unwrap().unwrap();
        let RunCommand::Compare(_, _, expected) = cmd else {
            panic!("not a comparison")
        };
        assert_eq!(expected, vec![DataValue::I8(1), DataValue::I8(0)]);
    }

    #[test]
    fn errors_have_locations() {
        let s = sig(&[I8], &[I8]);
        let e = parse("run: %f(256) == 1", &s).unwrap_err();
        assert!(e.message.contains("does not fit"), "{e}");
        assert_eq!(e.location.line, 3);
        assert!(
            parse("run: %g(1) == 1", &s)
                .unwrap_err()
                .message
                .contains("no function")
        );
        assert!(
            parse("run: %f(1, 2) == 1", &s)
                .unwrap_err()
                .message
                .contains("takes 1 argument")
        );
        assert!(
            parse("run: %f() == 1", &s)
                .unwrap_err()
                .message
                .contains("takes 1 arguments")
        );
        assert!(parse("run: %f(1) = 1", &s).is_err());
        assert!(parse("run: %f(1) == 1 2", &s).is_err());
        assert!(parse("run: f(1)", &s).is_err());
        let v = sig(&[I32X4], &[I32X4]);
        assert!(
            parse("run: %f([1 2 3]) == [1 2 3 4]", &v)
                .unwrap_err()
                .message
                .contains("4 lanes")
        );
    }
}
