//! The ISA-independent half of `isa-check`: run a target's GNU objdump
//! ONCE over a blob of encoded samples and compare, sample by sample, its
//! bytes and text with ours.
//!
//! Each ISA's `check` module builds the samples (every form with operands
//! that cover its registers, addressing shapes and immediate limits),
//! encodes them into one blob and prints each with its address; this
//! module runs the disassembler ([`Objdump::disassemble`]), parses its
//! `address: bytes <tab> text` lines and reports every difference
//! ([`compare`]) in an [`IsaCheckReport`] whose last line is
//! `ISA: N forms, M samples, K mismatches`.

use std::collections::BTreeMap;
use std::fmt;
use std::io;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

/// One sample that did not match objdump (or could not be built).
#[derive(Clone, Debug)]
pub struct Mismatch {
    /// The form.
    pub form: &'static str,
    /// The operand values, as debug text.
    pub operands: String,
    /// Our bytes, hex.
    pub our_bytes: String,
    /// Our text.
    pub our_text: String,
    /// objdump's bytes and text at the same address (or what went wrong).
    pub objdump: String,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "mismatch: {} {}\n  ours:    {:<32} {}\n  objdump: {}",
            self.form, self.operands, self.our_bytes, self.our_text, self.objdump
        )
    }
}

/// The result of an encoding check.
#[derive(Clone, Debug)]
pub struct IsaCheckReport {
    /// ISA name as printed (`s390x`).
    pub isa: &'static str,
    /// Number of forms checked.
    pub forms: usize,
    /// Number of samples (instructions) checked.
    pub samples: usize,
    /// Every mismatch.
    pub mismatches: Vec<Mismatch>,
}

impl fmt::Display for IsaCheckReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for m in &self.mismatches {
            writeln!(f, "{m}")?;
        }
        write!(
            f,
            "{}: {} forms, {} samples, {} mismatches",
            self.isa,
            self.forms,
            self.samples,
            self.mismatches.len()
        )
    }
}

/// Why the check could not run.
#[derive(Debug)]
pub enum IsaCheckError {
    /// objdump could not be started.
    ObjdumpMissing {
        /// The command tried.
        command: String,
        /// What to install, or which variable to set.
        hint: &'static str,
    },
    /// objdump failed, a file could not be written, or labels did not resolve.
    Io(String),
}

impl fmt::Display for IsaCheckError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IsaCheckError::ObjdumpMissing { command, hint } => {
                write!(f, "`{command}` not found: {hint}")
            }
            IsaCheckError::Io(msg) => f.write_str(msg),
        }
    }
}

impl std::error::Error for IsaCheckError {}

/// How to run one ISA's disassembler on a raw binary file.
#[derive(Clone, Copy, Debug)]
pub struct Objdump {
    /// Environment variable that overrides the command.
    pub env_override: &'static str,
    /// The command when not overridden.
    pub command: &'static str,
    /// Arguments before the file name.
    pub args: &'static [&'static str],
    /// What to install when the command is missing.
    pub hint: &'static str,
}

/// objdump's disassembly: address -> (bytes in hex, text).
pub type Disassembly = BTreeMap<u64, (String, String)>;

/// Distinguishes the temporary files of concurrent runs in one process.
static RUN: AtomicUsize = AtomicUsize::new(0);

impl Objdump {
    /// The command to run (the override variable, else the default).
    pub fn command(&self) -> String {
        std::env::var(self.env_override).unwrap_or_else(|_| self.command.to_string())
    }

    /// Runs the disassembler once on `bytes`.
    pub fn disassemble(&self, bytes: &[u8]) -> Result<Disassembly, IsaCheckError> {
        let cmd = self.command();
        let path = std::env::temp_dir().join(format!(
            "lathe-isa-check-{}-{}.bin",
            std::process::id(),
            RUN.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::write(&path, bytes)
            .map_err(|e| IsaCheckError::Io(format!("{}: {e}", path.display())))?;
        let output = Command::new(&cmd).args(self.args).arg(&path).output();
        let _ = std::fs::remove_file(&path);
        let output = match output {
            Ok(o) => o,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Err(IsaCheckError::ObjdumpMissing {
                    command: cmd,
                    hint: self.hint,
                });
            }
            Err(e) => return Err(IsaCheckError::Io(format!("{cmd}: {e}"))),
        };
        if !output.status.success() {
            return Err(IsaCheckError::Io(format!(
                "{cmd} failed: {}",
                String::from_utf8_lossy(&output.stderr)
            )));
        }
        Ok(parse(&String::from_utf8_lossy(&output.stdout)))
    }
}

/// Parses objdump's `  addr:\tbytes \ttext` lines; other lines are skipped.
pub fn parse(output: &str) -> Disassembly {
    let mut lines = BTreeMap::new();
    for line in output.lines() {
        let mut parts = line.splitn(3, '\t');
        let (Some(addr), Some(bytes), Some(text)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let Some(addr) = addr.trim().strip_suffix(':') else {
            continue;
        };
        let Ok(addr) = u64::from_str_radix(addr, 16) else {
            continue;
        };
        lines.insert(
            addr,
            (bytes.trim().to_string(), text.trim_end().to_string()),
        );
    }
    lines
}

/// Bytes as objdump shows them: lowercase hex pairs separated by spaces.
pub fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// One encoded sample: where it is in the blob and how we print it.
#[derive(Clone, Debug)]
pub struct EncodedSample {
    /// The form's name.
    pub form: &'static str,
    /// The operand values, as debug text.
    pub operands: String,
    /// Offset of the first byte.
    pub start: u64,
    /// Offset after the last byte.
    pub end: u64,
    /// Our text for it.
    pub text: String,
}

/// Compares every sample with objdump's line at its address.
pub fn compare(blob: &[u8], samples: &[EncodedSample], disassembly: &Disassembly) -> Vec<Mismatch> {
    let mut mismatches = Vec::new();
    for s in samples {
        let our_bytes = blob
            .get(s.start as usize..s.end as usize)
            .map_or_else(String::new, hex);
        let theirs = disassembly.get(&s.start);
        if theirs.is_some_and(|(b, t)| *b == our_bytes && *t == s.text) {
            continue;
        }
        mismatches.push(Mismatch {
            form: s.form,
            operands: s.operands.clone(),
            our_bytes,
            our_text: s.text.clone(),
            objdump: theirs.map_or_else(
                || "(no instruction starts here)".to_string(),
                |(b, t)| format!("{b:<32} {t}"),
            ),
        });
    }
    mismatches
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_objdump_lines_and_reports_differences() {
        let out = "\nfile format binary\n\n0000000000000000 <.data>:\n   0:\tb9 04 00 12       \tlgr\t%r1,%r2\n   4:\t07 fe             \tbr\t%r14\n";
        let d = parse(out);
        assert_eq!(d.len(), 2);
        assert_eq!(d[&4], ("07 fe".to_string(), "br\t%r14".to_string()));
        let blob = [0xb9, 0x04, 0x00, 0x12, 0x07, 0xfe, 0x07, 0x00];
        let sample = |start, end, text: &str| EncodedSample {
            form: "f",
            operands: String::new(),
            start,
            end,
            text: text.to_string(),
        };
        let samples = [
            sample(0, 4, "lgr\t%r1,%r2"),
            sample(4, 6, "br\t%r15"),
            sample(6, 8, "nopr"),
        ];
        let m = compare(&blob, &samples, &d);
        assert_eq!(m.len(), 2);
        assert!(m[0].objdump.contains("br\t%r14"));
        assert_eq!(m[1].objdump, "(no instruction starts here)");
        let report = IsaCheckReport {
            isa: "toy",
            forms: 3,
            samples: 3,
            mismatches: m,
        };
        assert!(
            report
                .to_string()
                .ends_with("toy: 3 forms, 3 samples, 2 mismatches")
        );
    }

    #[test]
    fn a_missing_disassembler_is_reported_as_such() {
        let tool = Objdump {
            env_override: "LATHE_TEST_NO_SUCH_OBJDUMP",
            command: "lathe-no-such-objdump",
            args: &[],
            hint: "install it",
        };
        match tool.disassemble(&[0]) {
            Err(e @ IsaCheckError::ObjdumpMissing { .. }) => {
                assert_eq!(
                    e.to_string(),
                    "`lathe-no-such-objdump` not found: install it"
                )
            }
            other => panic!("expected a missing tool, got {other:?}"),
        }
    }
}
