//! The x86-64 backend on every function of every CLIF file in `tests/`
//! (parser samples, verifier cases, run tests, precise-output cases):
//! each either compiles or returns a `CodegenError` — never a panic — at
//! both optimization levels, and a function that fails to verify is
//! rejected with the verifier's message before lowering.

use lathe::isa::{CompileOptions, Isa, compile_function};
use lathe::machinst::compiled::OptLevel;
use lathe::machinst::error::CodegenError;
use lathe::reader::parse_test;
use lathe::verifier::verify_function;
use std::path::{Path, PathBuf};

fn clif_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "clif") {
                out.push(p);
            }
        }
    }
    out.sort();
}

#[test]
fn every_function_compiles_or_reports_an_error() {
    let mut files = Vec::new();
    clif_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests"),
        &mut files,
    );
    assert!(files.len() > 30, "found only {} files", files.len());
    let (mut compiled, mut rejected, mut invalid) = (0usize, 0usize, 0usize);
    for path in &files {
        let text = std::fs::read_to_string(path).expect("reads");
        let Ok(file) = parse_test(&text) else {
            continue; // parser error cases
        };
        for (func, _) in &file.functions {
            let verified = verify_function(func).is_ok();
            for opt_level in [OptLevel::Speed, OptLevel::None] {
                let options = CompileOptions {
                    opt_level,
                    want_disasm: true,
                    want_vcode: true,
                    ..CompileOptions::default()
                };
                match compile_function(func, Isa::X86_64, &options) {
                    Ok(code) => {
                        assert!(
                            verified,
                            "{}: {} compiled without verifying",
                            path.display(),
                            func.name
                        );
                        assert!(!code.bytes.is_empty());
                        compiled += 1;
                    }
                    Err(CodegenError::InvalidIr(_)) => {
                        assert!(
                            !verified,
                            "{}: {} verifies but was called invalid",
                            path.display(),
                            func.name
                        );
                        invalid += 1;
                    }
                    Err(e) => {
                        assert!(
                            !matches!(e, CodegenError::Regalloc(_) | CodegenError::Backend(_)),
                            "{}: {}: a backend bug: {e}",
                            path.display(),
                            func.name
                        );
                        rejected += 1;
                    }
                }
            }
        }
    }
    eprintln!("{compiled} compiled, {rejected} unsupported, {invalid} invalid");
    assert!(compiled > 1000, "only {compiled} compiled");
}

/// A function of `blocks` blocks passing a value through a block parameter
/// at every step, then `straight` straight-line instructions.
fn huge_function(blocks: usize, straight: usize) -> String {
    use std::fmt::Write;
    let mut s = String::from(
        "function %huge(i64, i64) -> i64 {\nblock0(v0: i64, v1: i64):\n    jump block1(v0)\n",
    );
    let mut v = 2;
    for b in 1..blocks {
        let (p, n) = (v, v + 1);
        v += 2;
        let _ = writeln!(
            s,
            "block{b}(v{p}: i64):\n    v{n} = iadd v{p}, v1\n    jump block{}(v{n})",
            b + 1
        );
    }
    let p = v;
    v += 1;
    let _ = writeln!(s, "block{blocks}(v{p}: i64):");
    let mut last = p;
    for i in 0..straight {
        let op = ["iadd", "isub", "bxor", "imul"][i % 4];
        let _ = writeln!(s, "    v{v} = {op} v{last}, v1");
        last = v;
        v += 1;
    }
    let _ = writeln!(s, "    return v{last}\n}}");
    s
}

#[test]
fn huge_functions_compile_on_a_small_stack() {
    // 10,000 blocks and 100,000 instructions, on a 1 MiB stack: nothing in
    // the pipeline may recurse with the size of the input.
    let handle = std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(|| {
            let text = huge_function(10_000, 90_000);
            let func = lathe::reader::parse_functions(&text)
                .expect("parses")
                .remove(0);
            assert!(func.dfg.num_insts() >= 100_000);
            for opt_level in [OptLevel::Speed, OptLevel::None] {
                // The checker (debug builds) is quadratic on this size;
                // every other test runs it.
                let options = CompileOptions {
                    opt_level,
                    skip_regalloc_checker: true,
                    ..CompileOptions::default()
                };
                let code = compile_function(&func, Isa::X86_64, &options).expect("compiles");
                assert!(code.bytes.len() > 100_000);
            }
        })
        .expect("spawns");
    if let Err(panic) = handle.join() {
        std::panic::resume_unwind(panic);
    }
}

#[cfg(feature = "jit")]
extern "C" fn triple(x: i64) -> i64 {
    3 * x
}

/// `func_addr` of a host function (not colocated: anywhere in the address
/// space) loads the address from a GOT entry the JIT fills.
#[cfg(all(feature = "jit", target_arch = "x86_64"))]
#[test]
fn far_host_function_addresses_come_from_the_got() {
    use lathe::jit::{JitModule, Linkage, Module};
    let text = "function %via_pointer(i64) -> i64 {
    sig0 = (i64) -> i64
    fn0 = %triple(i64) -> i64
block0(v0: i64):
    v1 = func_addr.i64 fn0
    v2 = call_indirect sig0, v1(v0)
    return v2
}";
    let func = lathe::reader::parse_functions(text)
        .expect("parses")
        .remove(0);
    let code = compile_function(&func, Isa::X86_64, &CompileOptions::default()).expect("compiles");
    let mut module = JitModule::new().expect("jit");
    module
        .define_host_symbol("triple", triple as *const u8)
        .expect("host symbol");
    let id = module
        .declare_function("via_pointer", Linkage::Export)
        .expect("declares");
    code.define_in(&mut module, id).expect("defines");
    let jit = module.finish().expect("links");
    // SAFETY: compiled from `(i64) -> i64` under System V.
    let f: extern "C" fn(i64) -> i64 = unsafe { jit.get_function("via_pointer") }.expect("found");
    assert_eq!(f(14), 42);
}

#[test]
fn conventions_the_backend_does_not_implement_are_clear_errors() {
    let cases = [
        (
            "windows_fastcall",
            "function %f(i64) -> i64 windows_fastcall {\nblock0(v0: i64):\n    return v0\n}\n",
        ),
        (
            "preserve_all",
            "function %f(i64) preserve_all {\nblock0(v0: i64):\n    return\n}\n",
        ),
    ];
    for (conv, text) in cases {
        let func = lathe::reader::parse_functions(text)
            .expect("parses")
            .remove(0);
        let err = compile_function(&func, Isa::X86_64, &CompileOptions::default()).expect_err(conv);
        assert!(
            err.to_string().contains(&format!("`{conv}`")),
            "{conv}: {err}"
        );
    }
}
