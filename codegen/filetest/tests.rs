//! Runner tests: each kind of case passing, failing and skipping, with the
//! messages a user sees.

use super::*;

fn run_text(text: &str) -> (Summary, String) {
    let mut out = Vec::new();
    let summary = run_file("t.clif", text, &TestOptions::default(), &mut out).unwrap();
    (summary, String::from_utf8(out).unwrap())
}

#[test]
fn cat_cases_pass() {
    let (s, out) =
        run_text("test cat\nfunction %f(i32) -> i32 {\nblock0(v0: i32):\n    return v0\n}\n");
    assert_eq!(
        s,
        Summary {
            passed: 1,
            failed: 0,
            skipped: 0
        },
        "{out}"
    );
}

#[test]
fn parse_errors_fail_with_location() {
    let (s, out) = run_text("test cat\nfunction %f() {\nblock0:\n    bogus\n}\n");
    assert_eq!(s.failed, 1);
    assert!(
        out.starts_with("t.clif:4:5: error: unknown opcode `bogus`"),
        "{out}"
    );
}

#[test]
fn verifier_annotations_are_matched() {
    let good =
        "test verifier\nfunction %f(i32) -> i64 {\nblock0(v0: i32):\n    return v0 ; error: \n}\n";
    let (s, out) = run_text(good);
    assert_eq!(s.passed, 1, "{out}");
    let missing = "test verifier\nfunction %f(i32) -> i32 {\nblock0(v0: i32):\n    return v0 ; error: type\n}\n";
    let (s, out) = run_text(missing);
    assert_eq!(s.failed, 1, "{out}");
    assert!(out.contains("expected an error containing `type`"), "{out}");
    let unexpected =
        "test verifier\nfunction %f(i32) -> i64 {\nblock0(v0: i32):\n    return v0\n}\n";
    let (s, out) = run_text(unexpected);
    assert_eq!(s.failed, 1, "{out}");
    assert!(out.contains("unexpected error"), "{out}");
}

#[test]
fn run_lines_run_on_the_host_and_skip_other_targets() {
    let text = "test run\ntarget x86_64\ntarget riscv64 has_m\nfunction %f() -> i32 {\nblock0:\n    v0 = iconst.i32 1\n    return v0\n}\n; run: %f() == 1\n";
    let (s, out) = run_text(text);
    // The x86_64 line runs through the JIT on an x86_64 host with the
    // backend and the JIT compiled in; otherwise it is skipped too.
    let native = cfg!(all(
        target_arch = "x86_64",
        feature = "x86",
        feature = "jit"
    ));
    assert_eq!(
        s,
        Summary {
            passed: usize::from(native),
            failed: 0,
            skipped: 2 - usize::from(native)
        },
        "{out}"
    );
    assert!(out.contains("lathe has no `riscv64` backend"), "{out}");
    let mut only = Vec::new();
    let options = TestOptions {
        targets: vec!["riscv64".into()],
        verbose: false,
    };
    let s = run_file("t.clif", text, &options, &mut only).unwrap();
    assert_eq!(s.skipped, 1);
}

#[test]
fn malformed_run_lines_fail() {
    let text = "test run\nfunction %f(i8) -> i8 {\nblock0(v0: i8):\n    return v0\n}\n; run: %f(300) == 1\n; run: %g(1) == 1\n";
    let (s, out) = run_text(text);
    assert_eq!(s.failed, 2, "{out}");
    assert!(out.contains("t.clif:6: malformed run line"), "{out}");
    assert!(out.contains("no function named `%g`"), "{out}");
}

#[test]
fn unimplemented_kinds_are_skipped_with_reason() {
    let (s, out) = run_text("test optimize\nfunction %f() {\nblock0:\n    return\n}\n");
    assert_eq!(s.skipped, 1);
    assert!(out.contains("`test optimize` needs the mid-end"), "{out}");
}

const COMPILE_TWO: &str = "test compile precise-output\ntarget x86_64\ntarget riscv64\nfunction %f(i64) -> i64 {\nblock0(v0: i64):\n    return v0\n}\n\nfunction %g(i32, i32) -> i32 {\nblock0(v0: i32, v1: i32):\n    v2 = iadd v0, v1\n    return v2\n}\n";

#[cfg(feature = "x86")]
#[test]
fn compile_cases_pass_per_function_and_skip_other_isas() {
    let (s, out) = run_text(COMPILE_TWO);
    assert_eq!(
        s,
        Summary {
            passed: 2,
            failed: 0,
            skipped: 2
        },
        "{out}"
    );
    assert!(out.contains("lathe has no `riscv64` backend"), "{out}");
}

#[test]
fn compile_target_filter_selects_isas() {
    let options = TestOptions {
        targets: vec!["riscv64".into()],
        verbose: false,
    };
    let mut out = Vec::new();
    let s = run_file("t.clif", COMPILE_TWO, &options, &mut out).unwrap();
    assert_eq!((s.passed, s.skipped), (0, 2));
}

#[cfg(feature = "x86")]
#[test]
fn compile_errors_name_the_function_and_target() {
    // The pinned register: the x86-64 backend reserves none.
    let text = "test compile\ntarget x86_64 has_popcnt\nfunction %v() -> i64 {\nblock0:\n    v0 = get_pinned_reg.i64\n    return v0\n}\n";
    let (s, out) = run_text(text);
    assert_eq!(s.failed, 1, "{out}");
    assert!(
        out.starts_with(
            "t.clif:3: function %v (target x86_64 has_popcnt) does not compile: unsupported"
        ),
        "{out}"
    );
}

#[test]
fn compile_needs_a_target_line() {
    let (s, out) = run_text("test compile\nfunction %f() {\nblock0:\n    return\n}\n");
    assert_eq!(s.skipped, 1, "{out}");
    assert!(
        out.contains("`test compile` needs a `target` line"),
        "{out}"
    );
}

#[test]
fn compile_of_a_function_that_does_not_verify_fails() {
    let (s, out) = run_text(
        "test compile\ntarget x86_64\nfunction %f(i32) -> i64 {\nblock0(v0: i32):\n    return v0\n}\n",
    );
    assert_eq!(s.failed, 1, "{out}");
    assert!(out.contains("does not verify"), "{out}");
}

#[cfg(feature = "x86")]
#[test]
fn target_flags_select_x64_features_and_nothing_else() {
    use super::compile::{CompileTarget, compile_target};
    use crate::isa::x64::lower::X64Features;
    let features = |line: &str| {
        let text = format!("test compile\n{line}\n");
        let file = parse_test(&text).unwrap();
        match compile_target(&file.targets[0]).unwrap() {
            CompileTarget::Compile(_, options) => options.x64_features,
            CompileTarget::Skip(reason) => panic!("skipped: {reason}"),
        }
    };
    // No flags: the baseline, never the host's extensions.
    assert_eq!(features("target x86_64"), Some(X64Features::default()));
    assert_eq!(
        features("target x86_64 has_lzcnt has_avx has_popcnt"),
        Some(X64Features {
            lzcnt: true,
            bmi1: false,
            popcnt: true,
            sse41: false,
        })
    );
    assert_eq!(
        features("target x86_64 has_bmi1 has_bmi1=false has_lzcnt=true"),
        Some(X64Features {
            lzcnt: true,
            bmi1: false,
            popcnt: false,
            sse41: false,
        })
    );
}

#[cfg(feature = "x86")]
#[test]
fn bad_flag_values_are_located_errors() {
    let text =
        "test compile\ntarget x86_64 has_lzcnt=maybe\nfunction %f() {\nblock0:\n    return\n}\n";
    let file = parse_test(text).unwrap();
    let err = super::compile::compile_target(&file.targets[0]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "2:15: error: flag `has_lzcnt` takes `true` or `false`, not `maybe`"
    );
    let (s, out) = run_text(text);
    assert_eq!(s.failed, 1, "{out}");
    assert!(out.contains("t.clif:2: error: flag `has_lzcnt`"), "{out}");
}

#[test]
fn summary_line_format() {
    let s = Summary {
        passed: 3,
        failed: 1,
        skipped: 2,
    };
    assert_eq!(s.to_string(), "3 passed, 1 failed, 2 skipped");
}

#[cfg(feature = "interpreter")]
#[test]
fn interpret_cases_report_expected_and_actual() {
    let text = "test interpret\nfunction %add(i32, i32) -> i32 {\nblock0(v0: i32, v1: i32):\n    v2 = iadd v0, v1\n    return v2\n}\n; run: %add(1, 2) == 3\n; run: %add(1, 2) == 4\n; run: %add(1, 2) != 3\n; run: %add(0, 0)\n\nfunction %div(i32) -> i32 {\nblock0(v0: i32):\n    v1 = iconst.i32 7\n    v2 = udiv v1, v0\n    return v2\n}\n; run: %div(0) == 0\n";
    let (s, out) = run_text(text);
    assert_eq!(
        s,
        Summary {
            passed: 1,
            failed: 4,
            skipped: 0
        },
        "{out}"
    );
    assert!(
        out.contains("t.clif:8: %add(1, 2): expected 4, got 3"),
        "{out}"
    );
    assert!(
        out.contains("t.clif:9: %add(1, 2): expected not 3, got 3"),
        "{out}"
    );
    assert!(
        out.contains("t.clif:10: %add(0, 0): expected a non-zero result, got 0"),
        "{out}"
    );
    assert!(
        out.contains("t.clif:18: %div(0): expected 0, got trap: int_divz"),
        "{out}"
    );
}

#[test]
fn verbose_runs_note_unused_flags() {
    let text = "test cat\nset opt_level=speed\ntarget x86_64 has_avx\nfunction %f() {\nblock0:\n    return\n}\n";
    let mut out = Vec::new();
    let options = TestOptions {
        targets: Vec::new(),
        verbose: true,
    };
    let s = run_file("t.clif", text, &options, &mut out).unwrap();
    let out = String::from_utf8(out).unwrap();
    assert_eq!(s.passed, 1, "{out}");
    assert!(
        out.contains("t.clif:3:15: note: target `x86_64`: flag `has_avx` is accepted and not used"),
        "{out}"
    );
    assert!(
        out.contains("t.clif:2:5: note: setting `opt_level` is accepted and not used"),
        "{out}"
    );
}

#[cfg(all(feature = "x86", target_arch = "x86_64"))]
#[test]
fn compile_error_annotations_expect_a_rejection() {
    let text = |note: &str| {
        format!(
            "test compile\ntarget x86_64\nfunction %f() -> i64 {{\nblock0:\n    {note}\n    v0 = get_pinned_reg.i64\n    return v0\n}}\n"
        )
    };
    let (s, out) = run_text(&text("; compile-error: get_pinned_reg"));
    assert_eq!((s.passed, s.failed), (1, 0), "{out}");
    let (s, out) = run_text(&text("; compile-error: something else"));
    assert_eq!(s.failed, 1, "{out}");
    assert!(
        out.contains("expected an error containing `something else`"),
        "{out}"
    );
    let (s, out) = run_text(&text(""));
    assert_eq!(s.failed, 1, "{out}");
    assert!(out.contains("does not compile"), "{out}");
}
