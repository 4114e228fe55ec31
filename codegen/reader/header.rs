//! Parsing the filetest header: `test`, `set`, `target` and `feature` lines.
//!
//! Header lines are read as whitespace-separated words of the raw line (so
//! `precise-output` or `opt_level=speed_and_size` need no special tokens).
//! Unknown test kinds, settings, targets and flags are kept as data; only a
//! line that is structurally broken (`target` without an ISA, a `feature`
//! without a quoted name) is an error.

use crate::reader::error::{ParseError, ParseResult};
use crate::reader::lexer::Location;
use crate::reader::testfile::{Feature, Setting, TargetLine, TestCommand, TestFile};

/// The header keywords that start a header line.
pub const HEADER_KEYWORDS: [&str; 4] = ["test", "set", "target", "feature"];

/// Parses one header line (`line` is the raw text from the keyword to the
/// end of the line, comment stripped) into `file`.
pub fn parse_header_line(file: &mut TestFile, line: &str, loc: Location) -> ParseResult<()> {
    let mut words = WordIter::new(line, loc);
    let Some((keyword, _)) = words.next() else {
        return Err(ParseError::new(loc, "empty header line"));
    };
    match keyword {
        "test" => {
            let Some((name, _)) = words.next() else {
                return Err(ParseError::new(loc, "expected a test kind after `test`"));
            };
            file.commands.push(TestCommand {
                name: name.to_string(),
                options: words.map(|(w, _)| w.to_string()).collect(),
                loc,
            });
        }
        "set" => {
            let mut any = false;
            for (word, wloc) in words {
                file.settings.push(parse_setting(word, wloc)?);
                any = true;
            }
            if !any {
                return Err(ParseError::new(loc, "expected a setting after `set`"));
            }
        }
        "target" => {
            let Some((isa, _)) = words.next() else {
                return Err(ParseError::new(loc, "expected an ISA name after `target`"));
            };
            let flags = words
                .map(|(w, wloc)| parse_setting(w, wloc))
                .collect::<ParseResult<Vec<_>>>()?;
            file.targets.push(TargetLine {
                isa: isa.to_string(),
                flags,
                settings: file.settings.clone(),
                loc,
            });
        }
        "feature" => {
            let Some((word, wloc)) = words.next() else {
                return Err(ParseError::new(
                    loc,
                    "expected a quoted feature name after `feature`",
                ));
            };
            let (enabled, quoted) = match word.strip_prefix('!') {
                Some(rest) => (false, rest),
                None => (true, word),
            };
            let name = quoted
                .strip_prefix('"')
                .and_then(|w| w.strip_suffix('"'))
                .filter(|n| !n.is_empty())
                .ok_or_else(|| {
                    ParseError::new(
                        wloc,
                        format!("expected a quoted feature name, found `{word}`"),
                    )
                })?;
            file.features.push(Feature {
                name: name.to_string(),
                enabled,
                loc,
            });
            if let Some((extra, eloc)) = words.next() {
                return Err(ParseError::new(
                    eloc,
                    format!("unexpected `{extra}` after the feature name"),
                ));
            }
        }
        other => {
            return Err(ParseError::new(
                loc,
                format!("`{other}` is not a header keyword"),
            ));
        }
    }
    Ok(())
}

fn parse_setting(word: &str, loc: Location) -> ParseResult<Setting> {
    let (name, value) = match word.split_once('=') {
        Some((n, v)) => (n, Some(v.to_string())),
        None => (word, None),
    };
    if name.is_empty()
        || !name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        return Err(ParseError::new(loc, format!("malformed setting `{word}`")));
    }
    if value.as_deref() == Some("") {
        return Err(ParseError::new(
            loc,
            format!("setting `{name}` has an empty value"),
        ));
    }
    Ok(Setting {
        name: name.to_string(),
        value,
        loc,
    })
}

/// Whitespace-separated words of a line with their locations.
struct WordIter<'a> {
    rest: &'a str,
    col: u32,
    line: u32,
}

impl<'a> WordIter<'a> {
    fn new(line: &'a str, loc: Location) -> Self {
        Self {
            rest: line,
            col: loc.col,
            line: loc.line,
        }
    }
}

impl<'a> Iterator for WordIter<'a> {
    type Item = (&'a str, Location);

    fn next(&mut self) -> Option<Self::Item> {
        let trimmed = self.rest.trim_start();
        self.col += (self.rest.len() - trimmed.len()) as u32;
        if trimmed.is_empty() {
            return None;
        }
        let end = trimmed.find(char::is_whitespace).unwrap_or(trimmed.len());
        let word = &trimmed[..end];
        let loc = Location {
            line: self.line,
            col: self.col,
        };
        self.col += word.chars().count() as u32;
        self.rest = &trimmed[end..];
        Some((word, loc))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(lines: &[&str]) -> ParseResult<TestFile> {
        let mut file = TestFile::default();
        for (i, l) in lines.iter().enumerate() {
            parse_header_line(
                &mut file,
                l,
                Location {
                    line: i as u32 + 1,
                    col: 1,
                },
            )?;
        }
        Ok(file)
    }

    #[test]
    fn commands_settings_targets() {
        let f = header(&[
            "test compile precise-output",
            "set opt_level=speed_and_size",
            "set enable_verifier",
            "target x86_64 has_avx has_sse41=false",
            "set opt_level=none",
            "target riscv64 has_m",
            "target pulley64be",
            "feature !\"experimental\"",
        ])
        .unwrap();
        assert_eq!(f.commands[0].name, "compile");
        assert_eq!(f.commands[0].options, ["precise-output"]);
        assert_eq!(f.settings.len(), 3);
        assert_eq!(f.settings[1].value, None);
        assert_eq!(f.targets.len(), 3);
        assert_eq!(f.targets[0].settings.len(), 2);
        assert_eq!(f.targets[0].flags[1].value.as_deref(), Some("false"));
        assert_eq!(f.targets[1].isa, "riscv64");
        assert_eq!(f.targets[1].settings.len(), 3);
        assert!(!f.features[0].enabled);
        assert_eq!(f.features[0].name, "experimental");
    }

    #[test]
    fn broken_lines() {
        let e = header(&["target"]).unwrap_err();
        assert_eq!(e.message, "expected an ISA name after `target`");
        let e = header(&["set =3"]).unwrap_err();
        assert_eq!(e.location, Location { line: 1, col: 5 });
        assert!(header(&["feature foo"]).is_err());
        assert!(header(&["test"]).is_err());
        assert!(header(&["set x="]).is_err());
    }
}
