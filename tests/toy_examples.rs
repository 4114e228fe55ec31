//! Tests of the toy language (`examples/toy`): every sample program's
//! output against `examples/toy/expected/*.out` (computed independently),
//! the semantics of each construct, compile errors with their locations
//! (snapshots of the rendered text), runtime errors, and nesting deep
//! enough that any recursion on the host stack would overflow it.
//!
//! The library part of the example is compiled into this test through
//! `#[path]`, so its own unit tests run here too.

#[path = "../examples/toy/toy/mod.rs"]
mod toy;

use std::path::Path;

use lathe::ir::UserExternalName;
use toy::codegen::{Program, TOY_NAMESPACE, TOY_PRINT, TOY_PRINT_SYMBOL};
use toy::diagnostic::render;
use toy::run::{DEFAULT_STEP_LIMIT, Engine, RunError};

/// The sample programs, each with an expected output.
const SAMPLES: [&str; 5] = ["fib", "factorial", "gcd", "collatz", "primes"];

/// Compiles `source`, panicking with the rendered errors.
fn compile(source: &str) -> Program {
    match toy::compile(source) {
        Ok(program) => program,
        Err(errors) => panic!("{}", render("test.toy", source, &errors)),
    }
}

/// Compiles and runs `source` on the interpreter: the printed text and
/// `main`'s result or the runtime error.
fn run(source: &str) -> (String, Result<i64, RunError>) {
    let program = compile(source);
    let mut out = Vec::new();
    let result = Engine::Interp {
        step_limit: DEFAULT_STEP_LIMIT,
    }
    .run(&program, &mut out);
    (String::from_utf8_lossy(&out).into_owned(), result)
}

/// The printed lines of `source`, which must run to the end.
fn output(source: &str) -> Vec<i64> {
    let (text, result) = run(source);
    if let Err(e) = result {
        panic!("{e}\noutput so far:\n{text}");
    }
    text.lines()
        .map(|l| l.parse().unwrap_or_else(|_| panic!("not a number: {l}")))
        .collect()
}

/// The rendered compile errors of `source` (which must not compile).
fn errors(source: &str) -> String {
    match toy::compile(source) {
        Ok(_) => panic!("expected compile errors:\n{source}"),
        Err(errors) => render("test.toy", source, &errors),
    }
}

/// Runs `f` on a thread with a small stack: recursion whose depth grows
/// with the input would overflow it.
fn on_small_stack(f: impl FnOnce() + Send + 'static) {
    let handle = std::thread::Builder::new()
        .stack_size(256 << 10)
        .spawn(f)
        .unwrap_or_else(|e| panic!("cannot spawn a thread: {e}"));
    if let Err(panic) = handle.join() {
        std::panic::resume_unwind(panic);
    }
}

#[test]
fn samples_print_their_expected_output() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/toy");
    for name in SAMPLES {
        let read = |path: &Path| {
            std::fs::read_to_string(path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
        };
        let source = read(&dir.join(format!("{name}.toy")));
        let expected = read(&dir.join(format!("expected/{name}.out")));
        let (printed, result) = run(&source);
        assert_eq!(result.map(|_| ()), Ok(()), "{name}.toy stopped");
        assert_eq!(printed, expected, "output of {name}.toy");
        // The same through the host's default engine (the JIT on x86-64).
        let program = compile(&source);
        let mut out = Vec::new();
        let result = Engine::host_default(DEFAULT_STEP_LIMIT).run(&program, &mut out);
        assert_eq!(result.map(|_| ()), Ok(()), "{name}.toy stopped natively");
        assert_eq!(
            String::from_utf8_lossy(&out),
            expected,
            "native output of {name}.toy"
        );
    }
}

#[test]
fn the_default_engine_runs_main_and_returns_its_result() {
    let program = compile("fn main() { print(1); return 41 + 1; }");
    let mut out = Vec::new();
    let result = Engine::host_default(DEFAULT_STEP_LIMIT).run(&program, &mut out);
    assert_eq!(result, Ok(42));
    assert_eq!(out, b"1\n");
}

#[test]
fn arithmetic_wraps_and_division_truncates() {
    let source = "fn main() {
        print(7 / 2); print(-7 / 2); print(7 % 3); print(-7 % 3); print(7 % -3);
        print(9223372036854775807 + 1);
        print(-9223372036854775808 - 1);
        print(4611686018427387904 * 2);
        print(-(-9223372036854775808));
        print(2 + 3 * 4 - 17 / 5 % 2);
        print((2 + 3) * 4);
        print(10 - 4 - 3);
        print(100 / 10 / 5);
        print(- - 5);
    }";
    assert_eq!(
        output(source),
        vec![
            3,
            -3,
            1,
            -1,
            1,
            i64::MIN,
            i64::MAX,
            i64::MIN,
            i64::MIN,
            13,
            20,
            3,
            2,
            5
        ]
    );
}

#[test]
fn comparisons_and_logic_give_zero_or_one() {
    let source = "fn main() {
        print(1 < 2); print(2 < 1); print(2 <= 2); print(3 > 2); print(2 >= 3);
        print(5 == 5); print(5 != 5); print(-1 < 0);
        print(!0); print(!7); print(!!7);
        print(3 && 4); print(3 && 0); print(0 || 0); print(0 || -2);
        print(1 + 1 == 2 && 2 * 2 == 4 || 0);
        print((1 < 2) == 1);
    }";
    assert_eq!(
        output(source),
        vec![1, 0, 1, 1, 0, 1, 0, 1, 1, 0, 1, 1, 0, 0, 1, 1, 1]
    );
}

#[test]
fn and_or_evaluate_the_right_side_only_when_needed() {
    let source = "fn loud(x) { print(x); return x; }
    fn main() {
        print(0 && loud(10));
        print(1 && loud(11));
        print(1 || loud(12));
        print(0 || loud(13));
        print(0 && 1 / 0);
        print(1 || 1 / 0);
    }";
    assert_eq!(output(source), vec![0, 11, 1, 1, 13, 1, 0, 1]);
}

#[test]
fn control_flow_scopes_and_returns() {
    let source = "fn sign(x) {
        if x < 0 { return -1; } else if x == 0 { return 0; } else { return 1; }
    }
    fn nothing() { }
    fn early(x) {
        if x { return; }
        return 5;
        print(99);
    }
    fn sum_to(n) {
        let total = 0;
        let i = 1;
        while i <= n {
            let square = i * i;
            total = total + square;
            i = i + 1;
        }
        return total;
    }
    fn main() {
        print(sign(-5)); print(sign(0)); print(sign(8));
        print(nothing());
        print(early(1)); print(early(0));
        print(sum_to(10));
        let x = 1;
        if x { let y = 2; x = x + y; }
        if x { let y = 10; x = x + y; }
        print(x);
        nothing();
    }";
    assert_eq!(output(source), vec![-1, 0, 1, 0, 0, 5, 385, 13]);
}

#[test]
fn mutual_recursion_and_many_arguments() {
    let source = "fn is_even(n) { if n == 0 { return 1; } return is_odd(n - 1); }
    fn is_odd(n) { if n == 0 { return 0; } return is_even(n - 1); }
    fn weigh(a, b, c, d, e, f, g, h, i, j) {
        return a + 2*b + 3*c + 4*d + 5*e + 6*f + 7*g + 8*h + 9*i + 10*j;
    }
    fn main() {
        print(is_even(10)); print(is_odd(7)); print(is_even(7));
        print(weigh(1, 1, 1, 1, 1, 1, 1, 1, 1, 1));
        print(weigh(0, 0, 0, 0, 0, 0, 0, 0, 0, 1));
    }";
    assert_eq!(output(source), vec![1, 1, 0, 55, 10]);
}

#[test]
fn every_function_is_one_verified_clif_function_named_by_user_names() {
    let program = compile(
        "fn fib(n) { if n < 2 { return n; } return fib(n - 1) + fib(n - 2); }
         fn main() { print(fib(10)); }",
    );
    assert_eq!(program.functions.len(), 2);
    assert_eq!(program.main, 1);
    let name = |i| UserExternalName::new(TOY_NAMESPACE, i);
    assert_eq!(program.symbol_name(name(0)), Some("fib"));
    assert_eq!(program.symbol_name(name(1)), Some("main"));
    assert_eq!(program.symbol_name(name(2)), None);
    assert_eq!(program.symbol_name(TOY_PRINT), Some(TOY_PRINT_SYMBOL));
    let mut clif = String::new();
    for function in &program.functions {
        lathe::write::write_function(&mut clif, &function.clif)
            .unwrap_or_else(|e| panic!("cannot print CLIF: {e}"));
    }
    insta::assert_snapshot!("toy_fib_clif", clif);
}

#[test]
fn syntax_errors_carry_their_location() {
    insta::assert_snapshot!(
        "toy_syntax_errors",
        errors(
            "fn main() {
    let x = 1 +;
}
fn f() { return (1 + 2; }
fn g() { if 1 { } else print(1); }
fn h() { print(1 < 2 < 3); }
fn k() { print(9223372036854775808); }
fn m() { fn inner() {} }
fn n() { if 1 { print(1);
"
        )
    );
}

#[test]
fn lexical_errors_are_all_reported() {
    insta::assert_snapshot!(
        "toy_lexical_errors",
        errors("fn main() { @ return 1 & 2 | 12ab; }")
    );
}

#[test]
fn undefined_names_and_arity_mismatches_are_all_reported() {
    insta::assert_snapshot!(
        "toy_name_errors",
        errors(
            "fn f(a, b) { return a + c; }
fn main() {
    print(f(1));
    print(h(2));
    let x = 1;
    let x = 2;
    y = 3;
    if 1 { let z = 1; }
    print(z);
}
fn f() { }
fn g(p, p) { }
"
        )
    );
}

#[test]
fn main_must_exist_and_take_no_parameters() {
    assert_eq!(
        errors("fn f() { }"),
        "test.toy:1:11: error: no `main` function
    1 | fn f() { }
      |           ^
      = help: the program starts at `fn main() { ... }`
"
    );
    assert_eq!(
        errors("fn main(x) { }"),
        "test.toy:1:9: error: `main` takes no parameters
    1 | fn main(x) { }
      |         ^
test.toy:1:4: note: `main` is defined here
    1 | fn main(x) { }
      |    ^^^^
"
    );
}

#[test]
fn runtime_errors_stop_the_program_after_its_output() {
    let (printed, result) = run("fn main() { let z = 0; print(1); print(10 / z); print(2); }");
    assert_eq!(printed, "1\n");
    assert_eq!(
        result.map_err(|e| e.to_string()),
        Err("runtime error: division by zero".to_string())
    );
    let (_, result) = run("fn main() { let z = 0; print(10 % z); }");
    assert_eq!(
        result.map_err(|e| e.message),
        Err("division by zero".into())
    );
    let (_, result) = run("fn main() { let m = -9223372036854775808; print(m / -1); }");
    assert_eq!(
        result.map_err(|e| e.message),
        Err("integer overflow: -9223372036854775808 divided by -1".into())
    );
    let (_, result) = run("fn f(n) { return f(n + 1); } fn main() { f(0); }");
    assert_eq!(
        result.map_err(|e| e.message),
        Err("stack overflow: calls are nested too deeply".into())
    );
    let program = compile("fn main() { while 1 { } }");
    let result = Engine::Interp { step_limit: 1000 }.run(&program, &mut Vec::new());
    let message = result.map_err(|e| e.message);
    assert!(
        matches!(&message, Err(m) if m.starts_with("step limit reached: 1000 instructions")),
        "{message:?}"
    );
}

#[test]
fn a_failing_output_is_a_runtime_error() {
    /// A writer that always fails.
    struct Broken;
    impl std::io::Write for Broken {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("the pipe is closed"))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let program = compile("fn main() { print(1); }");
    let result = Engine::host_default(DEFAULT_STEP_LIMIT).run(&program, &mut Broken);
    assert_eq!(
        result.map_err(|e| e.message),
        Err("cannot write the output: the pipe is closed".into())
    );
}

#[test]
fn deep_nesting_uses_no_host_stack() {
    on_small_stack(|| {
        let depth = 10_000;
        // Nested `if`s, each adding one.
        let nested_ifs = format!(
            "fn main() {{ let x = 0; {} print(x); {} }}",
            "if 1 { x = x + 1; ".repeat(depth),
            "}".repeat(depth)
        );
        assert_eq!(output(&nested_ifs), vec![depth as i64]);

        // Nested loops, each running once: level `i` counts `x` up to `i`.
        let loops: String = (1..=depth)
            .map(|i| format!("while x < {i} {{ x = x + 1; "))
            .collect();
        let nested_loops = format!(
            "fn main() {{ let x = 0; let n = 0; {loops} n = n + 1; {} print(x); print(n); }}",
            "}".repeat(depth)
        );
        assert_eq!(output(&nested_loops), vec![depth as i64, 1]);

        // A long `else if` chain.
        let chain: String = (0..depth)
            .map(|i| format!("if n == {i} {{ return {}; }} else ", 2 * i))
            .collect();
        let else_ifs = format!(
            "fn f(n) {{ {chain} {{ return -1; }} }}
             fn main() {{ print(f({})); print(f(3)); print(f(-5)); }}",
            depth - 1
        );
        assert_eq!(output(&else_ifs), vec![2 * (depth as i64 - 1), 6, -1]);
    });
}

#[test]
fn deep_expressions_use_no_host_stack() {
    on_small_stack(|| {
        let depth = 100_000;
        let parens = format!(
            "fn main() {{ print({}1{}); }}",
            "(".repeat(depth),
            ")".repeat(depth)
        );
        assert_eq!(output(&parens), vec![1]);

        let negations = format!(
            "fn main() {{ let x = 3; print({}x); }}",
            "-".repeat(depth + 1)
        );
        assert_eq!(output(&negations), vec![-3]);

        let right_nested = format!(
            "fn main() {{ print({}0{}); }}",
            "(1 + ".repeat(depth),
            ")".repeat(depth)
        );
        assert_eq!(output(&right_nested), vec![depth as i64]);

        let calls = format!(
            "fn id(x) {{ return x; }} fn main() {{ print({}7{}); }}",
            "id(".repeat(depth / 2),
            ")".repeat(depth / 2)
        );
        assert_eq!(output(&calls), vec![7]);

        let ands = format!("fn main() {{ print({}1); }}", "1 && ".repeat(depth / 5));
        assert_eq!(output(&ands), vec![1]);
        let ors = format!(
            "fn main() {{ print({}0{}); }}",
            "(0 || ".repeat(depth / 5),
            ")".repeat(depth / 5)
        );
        assert_eq!(output(&ors), vec![0]);

        // An unclosed deep nest is an error, not a crash.
        let unclosed = format!("fn main() {{ print({}1); }}", "(".repeat(depth));
        assert!(errors(&unclosed).contains("error: expected `)`, found `;`"));
    });
}
