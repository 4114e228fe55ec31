//! Parse errors: a message and the location it applies to.

use crate::reader::lexer::Location;
use std::fmt;

/// An error found while reading CLIF text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// Where the offending token starts.
    pub location: Location,
    /// What is wrong, lowercase, identifiers in backticks.
    pub message: String,
}

impl ParseError {
    /// Creates an error at `location`.
    pub fn new(location: Location, message: impl Into<String>) -> Self {
        Self {
            location,
            message: message.into(),
        }
    }

    /// Formats the error as `path:line:col: error: message`.
    pub fn display_with_path<'a>(&'a self, path: &'a str) -> impl fmt::Display + 'a {
        DisplayWithPath { error: self, path }
    }
}

struct DisplayWithPath<'a> {
    error: &'a ParseError,
    path: &'a str,
}

impl fmt::Display for DisplayWithPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: error: {}",
            self.path, self.error.location, self.error.message
        )
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: error: {}", self.location, self.message)
    }
}

impl std::error::Error for ParseError {}

/// The result of a parsing step.
pub type ParseResult<T> = Result<T, ParseError>;
