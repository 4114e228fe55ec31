//! x86-64 floats through the whole pipeline: CLIF compiled with and
//! without SSE4.1 and run through the JIT, compared with Rust's own
//! results over edge values (the runtests only exercise the host's
//! features, so the SSE2 rounding sequence is checked here). Also: float
//! types the backend does not handle (f16, f128) are clear errors.

#![cfg(all(feature = "jit", feature = "x86", target_arch = "x86_64"))]

use lathe::ir::Function;
use lathe::isa::x64::lower::X64Features;
use lathe::isa::{CompileOptions, Isa, compile_function};
use lathe::jit::{JitCode, JitModule, Linkage, Module};
use lathe::reader::parse_functions;

/// Compiles the functions of `text` into one JIT module.
fn jit(text: &str, features: X64Features) -> JitCode {
    let funcs = parse_functions(text).expect("parses");
    let mut module = JitModule::new().expect("module");
    let options = CompileOptions {
        x64_features: Some(features),
        ..CompileOptions::default()
    };
    for func in &funcs {
        let code = compile_function(func, Isa::X86_64, &options).expect("compiles");
        let id = module
            .declare_function(&name(func), Linkage::Export)
            .expect("declares");
        code.define_in(&mut module, id).expect("defines");
    }
    module.finish().expect("links")
}

fn name(func: &Function) -> String {
    func.name.to_string().trim_start_matches('%').to_string()
}

/// `%<op>_<ty>(ty) -> ty`, one CLIF function per rounding opcode and type.
fn rounding_functions() -> String {
    let mut text = String::new();
    for ty in ["f32", "f64"] {
        for op in ["ceil", "floor", "trunc", "nearest"] {
            text.push_str(&format!(
                "function %{op}_{ty}({ty}) -> {ty} {{\nblock0(v0: {ty}):\n    v1 = {op} v0\n    return v1\n}}\n"
            ));
        }
    }
    text
}

/// Edge values for rounding: zeros, halves, values next to integers, the
/// largest non-integral values, integral ones above them, infinities, NaN,
/// subnormals.
fn f64_inputs() -> Vec<f64> {
    let mut v = vec![
        0.0,
        0.3,
        0.5,
        0.7,
        1.0,
        1.5,
        2.5,
        3.5,
        -2.5,
        1e10 + 0.5,
        4503599627370495.5,
        4503599627370496.0,
        9007199254740993.0,
        1e300,
        f64::INFINITY,
        f64::MIN_POSITIVE,
        5e-324,
        f64::from_bits(1.0f64.to_bits() - 1),
        f64::from_bits(1.0f64.to_bits() + 1),
    ];
    let negated: Vec<f64> = v.iter().map(|x| -x).collect();
    v.extend(negated);
    v
}

fn f32_inputs() -> Vec<f32> {
    let mut v = vec![
        0.0,
        0.3,
        0.5,
        0.7,
        1.0,
        1.5,
        2.5,
        3.5,
        8388607.5,
        8388608.0,
        16777217.0,
        1e30,
        f32::INFINITY,
        f32::MIN_POSITIVE,
        1e-45,
        f32::from_bits(1.0f32.to_bits() - 1),
        f32::from_bits(1.0f32.to_bits() + 1),
    ];
    let negated: Vec<f32> = v.iter().map(|x| -x).collect();
    v.extend(negated);
    v
}

type F32Fn = extern "C" fn(f32) -> f32;
/// A function name and Rust's version of it.
type Reference<T> = (&'static str, fn(T) -> T);
type F64Fn = extern "C" fn(f64) -> f64;

fn check_rounding(features: X64Features) {
    let code = jit(&rounding_functions(), features);
    let f32_ops: [Reference<f32>; 4] = [
        ("ceil_f32", f32::ceil),
        ("floor_f32", f32::floor),
        ("trunc_f32", f32::trunc),
        ("nearest_f32", f32::round_ties_even),
    ];
    for (name, want) in f32_ops {
        // SAFETY: compiled from `(f32) -> f32` (System V).
        let f: F32Fn = unsafe { code.get_function(name) }.expect("function");
        for x in f32_inputs() {
            assert_eq!(
                f(x).to_bits(),
                want(x).to_bits(),
                "{name}({x:e}) with {features:?}"
            );
        }
        assert!(f(f32::NAN).is_nan(), "{name}(NaN)");
    }
    let f64_ops: [Reference<f64>; 4] = [
        ("ceil_f64", f64::ceil),
        ("floor_f64", f64::floor),
        ("trunc_f64", f64::trunc),
        ("nearest_f64", f64::round_ties_even),
    ];
    for (name, want) in f64_ops {
        // SAFETY: compiled from `(f64) -> f64` (System V).
        let f: F64Fn = unsafe { code.get_function(name) }.expect("function");
        for x in f64_inputs() {
            assert_eq!(
                f(x).to_bits(),
                want(x).to_bits(),
                "{name}({x:e}) with {features:?}"
            );
        }
        assert!(f(f64::NAN).is_nan(), "{name}(NaN)");
    }
}

#[test]
fn rounding_without_sse41_matches_rust() {
    check_rounding(X64Features {
        sse41: false,
        ..X64Features::host()
    });
}

#[test]
fn rounding_with_sse41_matches_rust() {
    let host = X64Features::host();
    if host.sse41 {
        check_rounding(host);
    }
}

#[test]
fn f16_f128_and_fma_compile_to_runtime_calls() {
    let cases = [
        "function %a(i32) -> i32 {\nblock0(v0: i32):\n    v1 = f16const 0x1.0p0\n    v2 = fcvt_to_sint.i32 v1\n    return v2\n}",
        "function %b(f64) -> f64 {\nblock0(v0: f64):\n    v1 = fpromote.f128 v0\n    v2 = fdemote.f64 v1\n    return v2\n}",
        "function %c(f16) -> f16 {\nblock0(v0: f16):\n    v1 = fneg v0\n    return v1\n}",
        "function %f(f32, f32, f32) -> f32 {\nblock0(v0: f32, v1: f32, v2: f32):\n    v3 = fma v0, v1, v2\n    return v3\n}",
    ];
    for text in cases {
        let funcs = parse_functions(text).expect("parses");
        compile_function(&funcs[0], Isa::X86_64, &CompileOptions::default())
            .unwrap_or_else(|e| panic!("{text}: {e}"));
    }
}

#[test]
fn f16_operations_without_a_lowering_are_unsupported_errors() {
    let text = "function %d(i64) -> i64 {\nblock0(v0: i64):\n    v1 = fcvt_from_sint.f16 v0\n    v2 = bitcast.i16 v1\n    v3 = uextend.i64 v2\n    return v3\n}";
    let funcs = parse_functions(text).expect("parses");
    let err = compile_function(&funcs[0], Isa::X86_64, &CompileOptions::default())
        .expect_err("bitcast of f16 has no lowering");
    assert!(err.to_string().contains("unsupported"), "{err}");
}
