//! `test verifier`: each function's verifier errors must be exactly the
//! `; error: TEXT` annotations written in it.
//!
//! An annotation on an instruction's line expects an error located at that
//! instruction whose message contains `TEXT`; an annotation elsewhere (on
//! a block header, the function line) matches an error at any location
//! whose message contains `TEXT`. A function without annotations must
//! verify. Unmatched annotations and unexpected errors both fail the case.

use super::FileRun;
use crate::ir::AnyEntity;
use crate::reader::TestFile;
use crate::verifier::verify_function;
use std::io;

pub(super) fn run_verifier(run: &mut FileRun<'_>, file: &TestFile) -> io::Result<()> {
    for (func, details) in &file.functions {
        let expected: Vec<(u32, &str)> = details
            .comments
            .iter()
            .filter_map(|c| {
                c.text
                    .strip_prefix("error:")
                    .map(|t| (c.loc.line, t.trim()))
            })
            .collect();
        let errors = match verify_function(func) {
            Ok(()) => Vec::new(),
            Err(e) => e.0,
        };
        let mut matched = vec![false; expected.len()];
        let mut unexpected = Vec::new();
        for error in &errors {
            let line = match error.location {
                AnyEntity::Inst(inst) => details.inst_location(inst).map(|l| l.line),
                _ => None,
            };
            let hit = expected.iter().enumerate().position(|(i, &(eline, text))| {
                !matched[i] && error.message.contains(text) && line.is_none_or(|l| l == eline)
            });
            // An error at an instruction may also match an annotation that
            // is not on an instruction line (for errors about the block).
            let hit = hit.or_else(|| {
                expected.iter().enumerate().position(|(i, &(eline, text))| {
                    !matched[i]
                        && error.message.contains(text)
                        && !details.inst_locs.iter().any(|(_, l)| l.line == eline)
                })
            });
            match hit {
                Some(i) => matched[i] = true,
                None => unexpected.push(error),
            }
        }
        let missing: Vec<_> = expected
            .iter()
            .zip(&matched)
            .filter(|(_, m)| !**m)
            .map(|(e, _)| e)
            .collect();
        if missing.is_empty() && unexpected.is_empty() {
            run.pass(details.loc.line, &format_args!("verifier {}", func.name))?;
            continue;
        }
        let mut message = format!(
            "function {}: verifier result differs from the annotations",
            func.name
        );
        for (line, text) in missing {
            message.push_str(&format!(
                "\n  line {line}: expected an error containing `{text}`, none reported"
            ));
        }
        for error in unexpected {
            message.push_str(&format!("\n  unexpected error: {error}"));
        }
        run.fail(details.loc.line, &message)?;
    }
    Ok(())
}
