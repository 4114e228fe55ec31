//! Unit tests of the interpreter: traps with their codes, the step limit,
//! the memory model, calls and deep recursion, error messages, and the
//! soft-float arithmetic checked against the host's `f32`/`f64`.

use super::softfloat::{self, DOUBLE, Format, HALF, RoundMode, SINGLE};
use super::{FunctionStore, InterpError, Interpreter};
use crate::data_value::DataValue;
use crate::ir::{Function, TrapCode};
use crate::reader::parse_functions;

/// Parses `text` and calls `name` with `args`, with a step limit.
fn run_with(
    text: &str,
    name: &str,
    args: &[DataValue],
    steps: u64,
) -> Result<Vec<DataValue>, InterpError> {
    let funcs: Vec<Function> = match parse_functions(text) {
        Ok(f) => f,
        Err(e) => panic!("test CLIF does not parse: {e}"),
    };
    let mut store = FunctionStore::new();
    for f in &funcs {
        store.add(f);
    }
    Interpreter::new(&store)
        .with_step_limit(steps)
        .call_by_name(name, args)
}

fn run(text: &str, name: &str, args: &[DataValue]) -> Result<Vec<DataValue>, InterpError> {
    run_with(text, name, args, 1_000_000)
}

fn trap(name: &str) -> InterpError {
    InterpError::Trap(name.parse::<TrapCode>().expect("a trap code name"))
}

#[test]
fn adds_and_returns() {
    let text = "function %f(i32, i32) -> i32 {
block0(v0: i32, v1: i32):
    v2 = iadd v0, v1
    return v2
}";
    assert_eq!(
        run(text, "f", &[DataValue::I32(i32::MAX), DataValue::I32(1)]),
        Ok(vec![DataValue::I32(i32::MIN)])
    );
    assert_eq!(
        run(text, "%f", &[DataValue::I32(2), DataValue::I32(3)]),
        Ok(vec![DataValue::I32(5)])
    );
}

#[test]
fn division_traps_with_codes() {
    let text = "function %udiv(i64, i64) -> i64 {
block0(v0: i64, v1: i64):
    v2 = udiv v0, v1
    return v2
}
function %sdiv(i8, i8) -> i8 {
block0(v0: i8, v1: i8):
    v2 = sdiv v0, v1
    return v2
}
function %srem(i128, i128) -> i128 {
block0(v0: i128, v1: i128):
    v2 = srem v0, v1
    return v2
}";
    let i64s = [DataValue::I64(1), DataValue::I64(0)];
    assert_eq!(run(text, "udiv", &i64s), Err(trap("int_divz")));
    let min_by_minus_one = [DataValue::I8(i8::MIN), DataValue::I8(-1)];
    assert_eq!(run(text, "sdiv", &min_by_minus_one), Err(trap("int_ovf")));
    assert_eq!(
        run(text, "sdiv", &[DataValue::I8(-7), DataValue::I8(2)]),
        Ok(vec![DataValue::I8(-3)])
    );
    let rem = [DataValue::I128(i128::MIN), DataValue::I128(-1)];
    assert_eq!(run(text, "srem", &rem), Ok(vec![DataValue::I128(0)]));
    let rem0 = [DataValue::I128(5), DataValue::I128(0)];
    assert_eq!(run(text, "srem", &rem0), Err(trap("int_divz")));
}

#[test]
fn explicit_traps_and_conversions_trap_with_codes() {
    let text = "function %t(i32) -> i32 {
block0(v0: i32):
    trapz v0, user42
    trapnz v0, heap_oob
    return v0
}
function %always() {
block0:
    trap user7
}
function %cvt(f32) -> i32 {
block0(v0: f32):
    v1 = fcvt_to_sint.i32 v0
    return v1
}
function %ucvt(f64) -> i8 {
block0(v0: f64):
    v1 = fcvt_to_uint.i8 v0
    return v1
}
function %addtrap(i32, i32) -> i32 {
block0(v0: i32, v1: i32):
    v2 = uadd_overflow_trap v0, v1, user3
    return v2
}";
    assert_eq!(run(text, "t", &[DataValue::I32(0)]), Err(trap("user42")));
    assert_eq!(run(text, "t", &[DataValue::I32(1)]), Err(trap("heap_oob")));
    assert_eq!(run(text, "always", &[]), Err(trap("user7")));
    let nan = DataValue::F32(f32::NAN.into());
    assert_eq!(run(text, "cvt", &[nan]), Err(trap("bad_toint")));
    let big = DataValue::F32(2147483648.0f32.into());
    assert_eq!(run(text, "cvt", &[big]), Err(trap("int_ovf")));
    let min = DataValue::F32((-2147483648.0f32).into());
    assert_eq!(run(text, "cvt", &[min]), Ok(vec![DataValue::I32(i32::MIN)]));
    let neg_fraction = DataValue::F64((-0.75f64).into());
    assert_eq!(
        run(text, "ucvt", &[neg_fraction]),
        Ok(vec![DataValue::I8(0)])
    );
    assert_eq!(
        run(text, "ucvt", &[DataValue::F64(255.9f64.into())]),
        Ok(vec![DataValue::I8(-1)])
    );
    assert_eq!(
        run(text, "ucvt", &[DataValue::F64(256.0f64.into())]),
        Err(trap("int_ovf"))
    );
    assert_eq!(
        run(text, "ucvt", &[DataValue::F64((-1.0f64).into())]),
        Err(trap("int_ovf"))
    );
    let args = [DataValue::I32(-1), DataValue::I32(1)];
    assert_eq!(run(text, "addtrap", &args), Err(trap("user3")));
    let args = [DataValue::I32(-2), DataValue::I32(1)];
    assert_eq!(run(text, "addtrap", &args), Ok(vec![DataValue::I32(-1)]));
}

#[test]
fn infinite_loop_hits_the_step_limit() {
    let text = "function %spin() {
block0:
    jump block0
}";
    let err = run_with(text, "spin", &[], 5_000);
    assert_eq!(err, Err(InterpError::StepLimit(5_000)));
    assert!(err.is_err_and(|e| e.to_string().contains("5000")));
}

#[test]
fn stack_slots_bounds_and_endianness() {
    let text = "function %mem(i32, i64) -> i32, i8, i32 {
    ss0 = explicit_slot 8
block0(v0: i32, v1: i64):
    v2 = stack_addr.i64 ss0
    store.i32 big v0, v2
    v3 = load.i32 little v2
    v4 = uload8.i32 v2+3
    v5 = ireduce.i8 v4
    v6 = iadd v2, v1
    v7 = load.i32 v6
    return v3, v5, v7
}";
    let ok = run(
        text,
        "mem",
        &[DataValue::I32(0x1122_3344), DataValue::I64(0)],
    );
    assert_eq!(
        ok,
        Ok(vec![
            DataValue::I32(0x4433_2211),
            DataValue::I8(0x44),
            DataValue::I32(0x4433_2211)
        ])
    );
    // Offsets 4..8 are inside the slot, 5..9 are not; negative too.
    assert!(run(text, "mem", &[DataValue::I32(1), DataValue::I64(4)]).is_ok());
    for offset in [5, 8, -1, -4, 1 << 32, i64::MIN] {
        assert_eq!(
            run(text, "mem", &[DataValue::I32(1), DataValue::I64(offset)]),
            Err(trap("heap_oob")),
            "offset {offset}"
        );
    }
}

#[test]
fn bogus_pointers_trap_with_the_access_code() {
    let text = "function %load(i64) -> i64 {
block0(v0: i64):
    v1 = load.i64 v0
    return v1
}
function %load_user(i64) -> i64 {
block0(v0: i64):
    v1 = load.i64 user9 v0+8
    return v1
}
function %store_notrap(i64) {
block0(v0: i64):
    v1 = iconst.i64 0
    store notrap v1, v0
    return
}
function %addr() -> i64 {
    fn0 = %addr() -> i64
block0:
    v0 = func_addr.i64 fn0
    v1 = load.i64 v0
    return v1
}";
    for raw in [0i64, 8, -1, 0x1234_5678, i64::MIN] {
        assert_eq!(
            run(text, "load", &[DataValue::I64(raw)]),
            Err(trap("heap_oob"))
        );
        assert_eq!(
            run(text, "load_user", &[DataValue::I64(raw)]),
            Err(trap("user9"))
        );
        assert_eq!(
            run(text, "store_notrap", &[DataValue::I64(raw)]),
            Err(trap("heap_oob"))
        );
    }
    assert_eq!(run(text, "addr", &[]), Err(trap("heap_oob")));
}

#[test]
fn deep_recursion_uses_no_host_stack() {
    let text = "function %depth(i64) -> i64 {
    fn0 = %depth(i64) -> i64
block0(v0: i64):
    brif v0, block1, block2
block1:
    v1 = iconst.i64 1
    v2 = isub v0, v1
    v3 = call fn0(v2)
    v4 = iadd v3, v1
    return v4
block2:
    return v0
}";
    assert_eq!(
        run_with(text, "depth", &[DataValue::I64(10_000)], 10_000_000),
        Ok(vec![DataValue::I64(10_000)])
    );
    let too_deep = super::MAX_CALL_DEPTH as i64 + 1;
    assert_eq!(
        run_with(text, "depth", &[DataValue::I64(too_deep)], 100_000_000),
        Err(trap("stk_ovf"))
    );
}

#[test]
fn calls_indirect_calls_and_tail_calls() {
    let text = "function %double(i32) -> i32 tail {
block0(v0: i32):
    v1 = iadd v0, v0
    return v1
}
function %via_pointer(i32) -> i32 tail {
    sig0 = (i32) -> i32 tail
    fn0 = %double(i32) -> i32 tail
block0(v0: i32):
    v1 = func_addr.i64 fn0
    v2 = call_indirect sig0, v1(v0)
    return_call fn0(v2)
}
function %bad_sig(i64) -> i64 {
    sig0 = (i64) -> i64
    fn0 = %double(i32) -> i32 tail
block0(v0: i64):
    v1 = func_addr.i64 fn0
    v2 = call_indirect sig0, v1(v0)
    return v2
}
function %calls_missing(i32) -> i32 {
    fn0 = %missing(i32) -> i32
block0(v0: i32):
    v1 = call fn0(v0)
    return v1
}";
    assert_eq!(
        run(text, "via_pointer", &[DataValue::I32(5)]),
        Ok(vec![DataValue::I32(20)])
    );
    match run(text, "bad_sig", &[DataValue::I64(5)]) {
        Err(InterpError::InvalidIr(msg)) => assert!(msg.contains("is declared"), "{msg}"),
        other => panic!("expected an invalid-IR error for the mismatch, got {other:?}"),
    }
    let missing = run(text, "calls_missing", &[DataValue::I32(1)]);
    assert_eq!(
        missing,
        Err(InterpError::UnknownFunction("%missing".into()))
    );
    assert_eq!(
        run(text, "nope", &[]),
        Err(InterpError::UnknownFunction("%nope".into()))
    );
    let bad_args = run(text, "double", &[DataValue::I64(1)]);
    assert!(
        matches!(bad_args, Err(InterpError::BadArguments(_))),
        "{bad_args:?}"
    );
    assert_eq!(
        bad_args.map_err(|e| e.to_string()),
        Err("bad arguments: `%double` takes (i32), got (i64)".to_string())
    );
    assert!(matches!(
        run(text, "double", &[]),
        Err(InterpError::BadArguments(_))
    ));
}

#[test]
fn unsupported_and_invalid_ir_are_named() {
    let text = "function %fp() -> i64 {
block0:
    v0 = get_frame_pointer.i64
    return v0
}
function %undef(i32) -> i32 {
block0(v0: i32):
    brif v0, block1, block2
block1:
    v1 = iconst.i32 1
    jump block2
block2:
    return v1
}";
    assert_eq!(
        run(text, "fp", &[]).map_err(|e| e.to_string()),
        Err("unsupported: `get_frame_pointer` on i64".to_string())
    );
    let undef = run(text, "undef", &[DataValue::I32(0)]).map_err(|e| e.to_string());
    assert_eq!(
        undef,
        Err("invalid IR: in %undef, `return v1`: v1 is used before it is defined".to_string())
    );
    assert_eq!(
        run(text, "undef", &[DataValue::I32(1)]),
        Ok(vec![DataValue::I32(1)])
    );
}

#[test]
fn wrong_operand_types_are_invalid_ir_not_panics() {
    let text = "function %mix(i32, i64) -> i32 {
block0(v0: i32, v1: i64):
    v2 = iadd v0, v1
    return v2
}
function %wrong_ret(i32) -> i64 {
block0(v0: i32):
    return v0
}
function %entry_mismatch(i32) -> i64 {
block0(v0: i64):
    return v0
}
function %no_terminator(i32) -> i32 {
block0(v0: i32):
    v1 = iadd v0, v0
}";
    let mix = run(text, "mix", &[DataValue::I32(1), DataValue::I64(2)]);
    assert!(matches!(mix, Err(InterpError::InvalidIr(_))), "{mix:?}");
    for name in ["wrong_ret", "entry_mismatch", "no_terminator"] {
        let result = run(text, name, &[DataValue::I32(1)]);
        assert!(
            matches!(result, Err(InterpError::InvalidIr(_))),
            "{name}: {result:?}"
        );
    }
}

#[test]
fn host_regions_are_addressable() {
    let text = "function %bump(i64) -> i32 {
block0(v0: i64):
    v1 = load.i32 v0+4
    v2 = iconst.i32 1
    v3 = iadd v1, v2
    store v3, v0+4
    return v3
}";
    let funcs = parse_functions(text).expect("parses");
    let mut store = FunctionStore::new();
    store.add(&funcs[0]);
    let mut interp = Interpreter::new(&store);
    let base = interp.add_region(vec![0; 8]).expect("a region");
    assert_eq!(
        interp.call_by_name("bump", &[base]),
        Ok(vec![DataValue::I32(1)])
    );
    assert_eq!(
        interp.call_by_name("bump", &[base]),
        Ok(vec![DataValue::I32(2)])
    );
    assert_eq!(interp.region(base), Some(&[0, 0, 0, 0, 2, 0, 0, 0][..]));
    let past = DataValue::I64(match base {
        DataValue::I64(b) => b + 5,
        _ => 0,
    });
    assert_eq!(interp.call_by_name("bump", &[past]), Err(trap("heap_oob")));
}

#[test]
fn errors_display_as_documented() {
    assert_eq!(trap("int_divz").to_string(), "trap: int_divz");
    assert_eq!(
        InterpError::Unsupported("`fma` on f16x8".into()).to_string(),
        "unsupported: `fma` on f16x8"
    );
    assert_eq!(
        InterpError::UnknownFunction("%g".into()).to_string(),
        "unknown function `%g`: not in this file"
    );
}

// ---- soft float against the host ----

/// A deterministic stream of 64-bit values (xorshift64*).
struct Bits(u64);

impl Bits {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Values biased toward interesting ones: specials, tiny, huge,
    /// integers and halves, and arbitrary bit patterns.
    fn float(&mut self, fmt: Format) -> u128 {
        let raw = u128::from(self.next()) | (u128::from(self.next()) << 64);
        let bits = fmt.bits();
        let all = if bits == 128 {
            u128::MAX
        } else {
            (1 << bits) - 1
        };
        let sign = u128::from(self.next() & 1) << (bits - 1);
        let frac_bits = bits
            - 1
            - if bits == 16 {
                5
            } else if bits == 32 {
                8
            } else {
                11
            };
        let frac = raw & ((1 << frac_bits) - 1);
        let exp_max = (1u128 << (bits - 1 - frac_bits)) - 1;
        match self.next() % 8 {
            0 => sign | frac >> (self.next() % u64::from(frac_bits)),
            1 => sign | ((exp_max - 1 - u128::from(self.next() % 3)) << frac_bits) | frac,
            2 => sign | (exp_max << frac_bits),
            3 => sign,
            _ => raw & all,
        }
    }
}

fn is_nan(fmt: Format, bits: u128) -> bool {
    fmt.is_nan(bits)
}

/// Compares a soft result with a host result (any NaN matches any NaN).
fn same(fmt: Format, soft: Option<u128>, host: u128, what: &str) {
    match soft {
        Some(s) => assert!(
            s == host || (is_nan(fmt, s) && is_nan(fmt, host)),
            "{what}: soft {s:#x} host {host:#x}"
        ),
        None => assert!(is_nan(fmt, host), "{what}: soft invalid, host {host:#x}"),
    }
}

#[test]
fn softfloat_matches_host_f32_and_f64() {
    let mut bits = Bits(0x9E37_79B9_7F4A_7C15);
    for _ in 0..20_000 {
        let (a, b, c) = (bits.float(SINGLE), bits.float(SINGLE), bits.float(SINGLE));
        let (x, y, z) = (
            f32::from_bits(a as u32),
            f32::from_bits(b as u32),
            f32::from_bits(c as u32),
        );
        let host = |v: f32| u128::from(v.to_bits());
        let ctx = format!("f32 {x:e} {y:e} {z:e}");
        if !x.is_nan() && !y.is_nan() && !z.is_nan() {
            same(
                SINGLE,
                softfloat::add(SINGLE, a, b, false),
                host(x + y),
                &ctx,
            );
            same(
                SINGLE,
                softfloat::add(SINGLE, a, b, true),
                host(x - y),
                &ctx,
            );
            same(SINGLE, softfloat::mul(SINGLE, a, b), host(x * y), &ctx);
            same(SINGLE, softfloat::div(SINGLE, a, b), host(x / y), &ctx);
            same(SINGLE, softfloat::sqrt(SINGLE, a), host(x.sqrt()), &ctx);
            same(
                SINGLE,
                softfloat::fma(SINGLE, a, b, c),
                host(x.mul_add(y, z)),
                &ctx,
            );
            same(
                SINGLE,
                Some(softfloat::round_to_integral(SINGLE, a, RoundMode::Up)),
                host(x.ceil()),
                &ctx,
            );
            same(
                SINGLE,
                Some(softfloat::round_to_integral(SINGLE, a, RoundMode::Down)),
                host(x.floor()),
                &ctx,
            );
            same(
                SINGLE,
                Some(softfloat::round_to_integral(
                    SINGLE,
                    a,
                    RoundMode::TowardZero,
                )),
                host(x.trunc()),
                &ctx,
            );
            same(
                SINGLE,
                Some(softfloat::round_to_integral(
                    SINGLE,
                    a,
                    RoundMode::NearestEven,
                )),
                host(x.round_ties_even()),
                &ctx,
            );
            let widened = softfloat::convert(SINGLE, DOUBLE, a);
            assert_eq!(widened, u128::from(f64::from(x).to_bits()), "{ctx}");
        }
        let (a, b, c) = (bits.float(DOUBLE), bits.float(DOUBLE), bits.float(DOUBLE));
        let (x, y, z) = (
            f64::from_bits(a as u64),
            f64::from_bits(b as u64),
            f64::from_bits(c as u64),
        );
        let host = |v: f64| u128::from(v.to_bits());
        let ctx = format!("f64 {x:e} {y:e} {z:e}");
        if !x.is_nan() && !y.is_nan() && !z.is_nan() {
            same(
                DOUBLE,
                softfloat::add(DOUBLE, a, b, false),
                host(x + y),
                &ctx,
            );
            same(DOUBLE, softfloat::mul(DOUBLE, a, b), host(x * y), &ctx);
            same(DOUBLE, softfloat::div(DOUBLE, a, b), host(x / y), &ctx);
            same(DOUBLE, softfloat::sqrt(DOUBLE, a), host(x.sqrt()), &ctx);
            same(
                DOUBLE,
                softfloat::fma(DOUBLE, a, b, c),
                host(x.mul_add(y, z)),
                &ctx,
            );
            let narrowed = softfloat::convert(DOUBLE, SINGLE, a);
            assert_eq!(narrowed, u128::from((x as f32).to_bits()), "{ctx}");
            let int = bits.next() as i64;
            let soft = softfloat::from_integer(DOUBLE, int < 0, u128::from(int.unsigned_abs()));
            assert_eq!(soft, u128::from((int as f64).to_bits()), "{int}");
        }
    }
}

#[test]
fn f16_arithmetic_known_values() {
    // 1.0 = 0x3c00, 2.0 = 0x4000, 3.0 = 0x4200, 0.1 ≈ 0x2e66, 65504 = 0x7bff.
    assert_eq!(softfloat::add(HALF, 0x3c00, 0x4000, false), Some(0x4200));
    assert_eq!(
        softfloat::mul(HALF, 0x7bff, 0x4000),
        Some(0x7c00),
        "overflow to +Inf"
    );
    assert_eq!(softfloat::div(HALF, 0x3c00, 0x4200), Some(0x3555), "1/3");
    assert_eq!(softfloat::sqrt(HALF, 0x4000), Some(0x3da8), "sqrt 2");
    assert_eq!(
        softfloat::add(HALF, 0x0001, 0x8001, false),
        Some(0x0000),
        "x + -x = +0"
    );
    assert_eq!(
        softfloat::mul(HALF, 0x0001, 0x3800),
        Some(0x0000),
        "half the least subnormal ties to 0"
    );
    assert_eq!(
        softfloat::mul(HALF, 0x0003, 0x3800),
        Some(0x0002),
        "1.5 ulp ties to even 2"
    );
    assert_eq!(
        softfloat::add(HALF, 0x7c00, 0xfc00, false),
        None,
        "inf - inf"
    );
    // f16 results equal f64 results rounded once to f16 (double rounding
    // from f64 is innocuous for these operations).
    let mut bits = Bits(7);
    for _ in 0..5_000 {
        let (a, b) = (bits.float(HALF), bits.float(HALF));
        if HALF.is_nan(a) || HALF.is_nan(b) {
            continue;
        }
        let (x, y) = (
            softfloat::convert(HALF, DOUBLE, a),
            softfloat::convert(HALF, DOUBLE, b),
        );
        let (fx, fy) = (f64::from_bits(x as u64), f64::from_bits(y as u64));
        let via64 = |v: f64| Some(softfloat::convert(DOUBLE, HALF, u128::from(v.to_bits())));
        let ctx = format!("f16 {a:#x} {b:#x}");
        let expect_add = via64(fx + fy);
        let expect_mul = via64(fx * fy);
        let expect_div = via64(fx / fy);
        let nan_or = |e: Option<u128>| e.filter(|&v| !HALF.is_nan(v));
        assert_eq!(
            softfloat::add(HALF, a, b, false),
            nan_or(expect_add),
            "{ctx} add"
        );
        assert_eq!(softfloat::mul(HALF, a, b), nan_or(expect_mul), "{ctx} mul");
        assert_eq!(softfloat::div(HALF, a, b), nan_or(expect_div), "{ctx} div");
    }
}
