//! Integration tests of the CLIF reader, writer and verifier:
//!
//! - every `.clif` file under `tests/` parses, and printing is a fixed point
//!   (`cat` of `cat` equals `cat`);
//! - every function of a file that is not a `test verifier` file verifies;
//! - `lathe cat` output of the parser samples is snapshotted;
//! - mutated samples (truncations, byte flips, line shuffles, deep nesting)
//!   give errors, never panics.

use lathe::reader::parse_test;
use lathe::verifier::verify_function;
use std::path::{Path, PathBuf};

fn clif_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "clif") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The canonical text of every function of `text`, or the parse error.
fn cat(text: &str) -> Result<String, String> {
    let file = parse_test(text).map_err(|e| e.to_string())?;
    let mut out = String::new();
    for (i, (func, _)) in file.functions.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&func.display().to_string());
    }
    Ok(out)
}

#[test]
fn every_clif_file_round_trips() {
    let files = clif_files();
    assert!(!files.is_empty(), "no .clif files found under tests/");
    let mut failures = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let once = match cat(&text) {
            Ok(t) => t,
            Err(e) => {
                failures.push(format!("{}: {e}", path.display()));
                continue;
            }
        };
        match cat(&once) {
            Ok(twice) if twice == once => {}
            Ok(twice) => failures.push(format!(
                "{}: printing is not a fixed point:\n--- once\n{once}\n--- twice\n{twice}",
                path.display()
            )),
            Err(e) => failures.push(format!(
                "{}: re-parsing the printed text failed: {e}\n{once}",
                path.display()
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_function_outside_verifier_tests_verifies() {
    let mut failures = Vec::new();
    for path in clif_files() {
        let text = std::fs::read_to_string(&path).unwrap();
        let Ok(file) = parse_test(&text) else {
            continue;
        };
        if file.commands.iter().any(|c| c.name == "verifier") {
            continue;
        }
        for (func, _) in &file.functions {
            if let Err(errors) = verify_function(func) {
                failures.push(format!("{}: {}", path.display(), errors));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn cat_snapshots_of_parser_samples() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/filetests/parser");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "clif"))
        .collect();
    files.sort();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        let printed = cat(&text).unwrap_or_else(|e| format!("error: {e}"));
        insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!(format!("cat_{name}"), printed);
        });
    }
}

/// A small deterministic PRNG (xorshift) so mutations are reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Parses and (when it parses) verifies; panics propagate to the test.
fn parse_and_verify(text: &str) -> bool {
    match parse_test(text) {
        Ok(file) => {
            for (func, _) in &file.functions {
                let _ = verify_function(func);
                let _ = func.display().to_string();
            }
            true
        }
        Err(e) => {
            assert!(e.location.line >= 1, "error without a location: {e}");
            false
        }
    }
}

#[test]
fn mutated_samples_never_panic() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut errors = 0usize;
    let mut total = 0usize;
    // The syntax samples: small files dense in syntax, so most mutations
    // break something (the run-test files are mostly comments).
    let samples: Vec<PathBuf> = clif_files()
        .into_iter()
        .filter(|p| {
            p.parent()
                .is_some_and(|d| d.ends_with("parser") || d.ends_with("verifier"))
        })
        .collect();
    assert!(
        samples.len() >= 5,
        "expected the parser and verifier samples"
    );
    for path in samples {
        let text = std::fs::read_to_string(&path).unwrap();
        let bytes = text.as_bytes();
        // Truncations at every 7th byte.
        for cut in (0..bytes.len()).step_by(7) {
            let t = String::from_utf8_lossy(&bytes[..cut]);
            total += 1;
            errors += usize::from(!parse_and_verify(&t));
        }
        // Byte flips and replacements.
        for _ in 0..200 {
            let mut b = bytes.to_vec();
            if b.is_empty() {
                break;
            }
            let i = rng.below(b.len());
            b[i] = match rng.below(4) {
                0 => b[i] ^ (1 << rng.below(8)),
                1 => b"(){}[],:=-+.%@;\n v0123456789"[rng.below(28)],
                2 => rng.next() as u8,
                _ => b' ',
            };
            total += 1;
            errors += usize::from(!parse_and_verify(&String::from_utf8_lossy(&b)));
        }
        // Line shuffles: swap two lines.
        let lines: Vec<&str> = text.lines().collect();
        for _ in 0..50 {
            if lines.len() < 2 {
                break;
            }
            let mut l = lines.clone();
            let (a, b) = (rng.below(l.len()), rng.below(l.len()));
            l.swap(a, b);
            total += 1;
            errors += usize::from(!parse_and_verify(&l.join("\n")));
        }
    }
    assert!(total > 0);
    assert!(
        errors * 2 > total,
        "only {errors} of {total} mutations were rejected"
    );
}

#[test]
fn pathological_inputs_are_errors() {
    let deep = format!(
        "function %f() {{\nblock0:\n    v0 = iconst.i32 {}1{}\n}}",
        "(".repeat(100_000),
        ")".repeat(100_000)
    );
    assert!(!parse_and_verify(&deep));
    let huge_value = "function %f() -> i32 {\nblock0:\n    return v4000000000\n}";
    assert!(!parse_and_verify(huge_value));
    let huge_block = "function %f() {\nblock0:\n    jump block3999999999\n}";
    assert!(!parse_and_verify(huge_block));
    let no_terminator = "function %f() {\nblock0:\n    v0 = iconst.i32 1\n}";
    assert!(!verify_ok(no_terminator));
    let undefined = "function %f() -> i32 {\nblock0:\n    return v7\n}";
    assert!(!parse_and_verify(undefined) || !verify_ok(undefined));
    let wrong_type = "function %f(i32) -> i64 {\nblock0(v0: i32):\n    return v0\n}";
    assert!(!verify_ok(wrong_type));
    let out_of_range = "function %f() -> i8 {\nblock0:\n    v0 = iconst.i8 0x1ff\n    return v0\n}";
    assert!(!verify_ok(out_of_range));
    assert!(!parse_and_verify("\u{0}\u{1}\u{2}garbage"));
    // Many blocks in a chain: no recursion on the input's size.
    let mut long = String::from("function %chain() {\n");
    for i in 0..20_000 {
        long.push_str(&format!("block{i}:\n    jump block{}\n", i + 1));
    }
    long.push_str("block20000:\n    return\n}\n");
    assert!(verify_ok(&long));
}

fn verify_ok(text: &str) -> bool {
    match parse_test(text) {
        Ok(file) => file
            .functions
            .iter()
            .all(|(f, _)| verify_function(f).is_ok()),
        Err(_) => false,
    }
}
