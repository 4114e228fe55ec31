//! Reader unit tests: syntax coverage through round trips, and error
//! messages with locations.

use super::*;

/// Parses, prints, re-parses and re-prints; returns the first print.
fn round_trip(text: &str) -> String {
    let file = parse_test(text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    let mut once = String::new();
    for (f, _) in &file.functions {
        once.push_str(&f.display().to_string());
    }
    let again = parse_test(&once).unwrap_or_else(|e| panic!("re-parse: {e}\n{once}"));
    let mut twice = String::new();
    for (f, _) in &again.functions {
        twice.push_str(&f.display().to_string());
    }
    assert_eq!(once, twice, "printing is not a fixed point");
    once
}

#[test]
fn sample_files_round_trip() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/filetests/parser");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    paths.sort();
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        round_trip(&text);
    }
}

#[test]
fn keeps_value_and_block_numbers() {
    let out = round_trip(
        "function %f(i32) -> i32 {\nblock7(v3: i32):\n    v9 = iadd v3, v3\n    jump block2(v9)\n\nblock2(v1: i32):\n    return v1\n}\n",
    );
    assert_eq!(
        out,
        "function %f(i32) -> i32 fast {\nblock7(v3: i32):\n    v9 = iadd v3, v3\n    jump block2(v9)\n\nblock2(v1: i32):\n    return v1\n}\n"
    );
}

#[test]
fn type_suffix_only_when_needed() {
    let out = round_trip(
        "function %f(i64) -> i64 {\nblock0(v0: i64):\n    jump block1\n\nblock1:\n    v1 = iadd v0, v0\n    v2 = iadd v1, v1\n    return v2\n}\n",
    );
    assert!(out.contains("v1 = iadd.i64 v0, v0"), "{out}");
    assert!(out.contains("v2 = iadd v1, v1"), "{out}");
}

#[test]
fn aliases_print_after_their_target() {
    let out = round_trip(
        "function %f(i32) -> i32 {\nblock0(v0: i32):\n    v5 -> v0\n    v1 = iadd v5, v0\n    return v1\n}\n",
    );
    assert!(out.contains("block0(v0: i32):\n    v5 -> v0\n"), "{out}");
}

#[test]
fn header_and_comments_are_kept() {
    let text = "test run\nset opt_level=speed\ntarget x86_64 has_avx\ntarget riscv64 has_m\n; file comment\nfunction %f() -> i32 {\nblock0:\n    v0 = iconst.i32 1 ; one\n    return v0\n}\n; run: %f() == 1\n\nfunction %g() {\nblock0:\n    return\n}\n; run: %g()\n";
    let file = parse_test(text).unwrap();
    assert_eq!(file.commands[0].name, "run");
    assert_eq!(file.targets.len(), 2);
    assert_eq!(file.preamble_comments[0].text, "file comment");
    let f_comments: Vec<_> = file.functions[0]
        .1
        .comments
        .iter()
        .map(|c| c.text.as_str())
        .collect();
    assert_eq!(f_comments, ["one", "run: %f() == 1"]);
    assert_eq!(file.functions[1].1.comments[0].text, "run: %g()");
    assert_eq!(file.functions[0].1.comments[1].loc.line, 11);
}

fn error_of(text: &str) -> ParseError {
    match parse_test(text) {
        Ok(_) => panic!("expected an error for:\n{text}"),
        Err(e) => e,
    }
}

#[test]
fn errors_name_the_problem_and_place() {
    let e = error_of("function %f() {\nblock0:\n    v0 = frobnicate v1\n}");
    assert_eq!((e.location.line, e.location.col), (3, 10));
    assert_eq!(e.message, "unknown opcode `frobnicate`");

    let e = error_of("function %f() -> i32 {\nblock0:\n    return v7\n}");
    assert_eq!(e.message, "`v7` is used but never defined");
    assert_eq!(e.location.line, 3);

    let e = error_of("function %f() {\nblock0:\n    jump block9\n}");
    assert_eq!(e.message, "`block9` is used but never defined");

    let e = error_of("function %f() {\nblock0:\n    v0 = iconst 1\n    return\n}");
    assert!(e.message.contains("needs a type suffix"), "{e}");

    let e = error_of("function %f() {\nblock0:\n    v0, v1 = iconst.i32 1\n    return\n}");
    assert!(e.message.contains("defines 1 result, 2 written"), "{e}");

    let e = error_of(
        "function %f() {\nblock0:\n    v0 = iconst.i32 1\n    v0 = iconst.i32 2\n    return\n}",
    );
    assert!(e.message.contains("defined more than once"), "{e}");

    let e = error_of("function %f() {\nblock0:\n    return\n\nblock0:\n    return\n}");
    assert!(e.message.contains("defined twice"), "{e}");

    let e = error_of("function %f() {\n    fn0 = %g sig3\nblock0:\n    return\n}");
    assert!(e.message.contains("`sig3` is not defined"), "{e}");

    let e = error_of("function %f() {\nblock0:\n    return v4000000000\n}");
    assert!(e.message.contains("too large"), "{e}");

    let e = error_of("function %f(i32) {\nblock0(v0: i32):\n    v1 = iadd.i32 v0\n    return\n}");
    assert!(e.message.contains("expected `,`"), "{e}");

    let e = error_of("function %f() {\nblock0:\n    return\n");
    assert!(e.message.contains("`}`"), "{e}");

    let e = error_of("target\nfunction %f() {\nblock0:\n    return\n}");
    assert_eq!(e.location.line, 1);

    let e = error_of(
        "function %f() {\nblock0:\n    v1 = iconst.i32 0x1_0000_0000_0000_0000\n    return\n}",
    );
    assert_eq!(e.location.line, 3);
}

#[test]
fn forward_reference_needs_a_suffix() {
    let e = error_of(
        "function %f() -> i32 {\nblock0:\n    jump block2\n\nblock1:\n    v2 = iadd v1, v1\n    return v2\n\nblock2:\n    v1 = iconst.i32 1\n    jump block1\n}",
    );
    assert!(e.message.contains("not defined yet"), "{e}");
    // With the suffix the same function reads, and prints the suffix back.
    let out = round_trip(
        "function %f() -> i32 {\nblock0:\n    jump block2\n\nblock1:\n    v2 = iadd.i32 v1, v1\n    return v2\n\nblock2:\n    v1 = iconst.i32 1\n    jump block1\n}",
    );
    assert!(out.contains("v2 = iadd.i32 v1, v1"));
}
