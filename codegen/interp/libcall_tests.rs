//! Tests of the C memory routines: copies and fills in regions, between
//! regions, and between regions and stack slots; overlap; bounds traps
//! that leave memory unchanged; wrong declarations and unsupported
//! routines named in the error.

use super::{FunctionStore, InterpError, Interpreter};
use crate::data_value::DataValue;
use crate::ir::{Function, TrapCode};
use crate::reader::parse_functions;

const ROUTINES: &str = "function %copy(i64, i64, i64) -> i64 {
    fn0 = %Memcpy(i64, i64, i64) -> i64
block0(v0: i64, v1: i64, v2: i64):
    v3 = call fn0(v0, v1, v2)
    return v3
}
function %move(i64, i64, i64) {
    fn0 = %Memmove(i64, i64, i64)
block0(v0: i64, v1: i64, v2: i64):
    call fn0(v0, v1, v2)
    return
}
function %fill(i64, i32, i64) -> i64 {
    fn0 = %Memset(i64, i32, i64) -> i64
block0(v0: i64, v1: i32, v2: i64):
    v3 = call fn0(v0, v1, v2)
    return v3
}
function %via_stack(i64) {
    ss0 = explicit_slot 8
    fn0 = %Memcpy(i64, i64, i64) -> i64
    fn1 = %Memset(i64, i32, i64) -> i64
    fn2 = %Memmove(i64, i64, i64) -> i64
block0(v0: i64):
    v1 = stack_addr.i64 ss0
    v2 = iconst.i64 8
    v3 = call fn0(v1, v0, v2)
    v4 = iconst.i32 0x77
    v5 = iconst.i64 2
    v6 = call fn1(v1, v4, v5)
    v7 = iconst.i64 1
    v8 = iadd v1, v7
    v9 = iconst.i64 4
    v10 = call fn2(v8, v1, v9)
    v11 = iadd v0, v2
    v12 = call fn0(v11, v1, v2)
    return
}
function %bad_decl(i32) {
    fn0 = %Memcpy(i32, i32, i32) -> i32
block0(v0: i32):
    v1 = call fn0(v0, v0, v0)
    return
}
function %ceil(f64) -> f64 {
    fn0 = %CeilF64(f64) -> f64
block0(v0: f64):
    v1 = call fn0(v0)
    return v1
}
function %tail_copy(i64, i64, i64) -> i64 {
    fn0 = %Memcpy(i64, i64, i64) -> i64
block0(v0: i64, v1: i64, v2: i64):
    return_call fn0(v0, v1, v2)
}";

fn parse() -> Vec<Function> {
    match parse_functions(ROUTINES) {
        Ok(funcs) => funcs,
        Err(e) => panic!("test CLIF does not parse: {e}"),
    }
}

/// `base + offset`, for region pointers.
fn at(base: DataValue, offset: i64) -> DataValue {
    match base {
        DataValue::I64(b) => DataValue::I64(b + offset),
        other => panic!("a region address is an i64, not {other}"),
    }
}

fn i64s(values: &[i64]) -> Vec<DataValue> {
    values.iter().map(|&v| DataValue::I64(v)).collect()
}

/// 0, 1, 2, … up to `len` bytes.
fn counting(len: u8) -> Vec<u8> {
    (0..len).collect()
}

#[test]
fn copies_and_fills_in_a_region_return_the_destination() {
    let funcs = parse();
    let mut store = FunctionStore::new();
    funcs.iter().for_each(|f| store.add(f));
    let mut interp = Interpreter::new(&store);
    let base = interp.add_region(counting(32)).expect("a region");

    let copy = [at(base, 16), at(base, 2), DataValue::I64(4)];
    assert_eq!(interp.call_by_name("copy", &copy), Ok(vec![at(base, 16)]));
    let mut expected = counting(32);
    expected.copy_within(2..6, 16);
    assert_eq!(interp.region(base), Some(&expected[..]));

    // `int` to `unsigned char`: only the low byte of 0x1a5 is stored.
    let fill = [at(base, 30), DataValue::I32(0x1a5), DataValue::I64(2)];
    assert_eq!(interp.call_by_name("fill", &fill), Ok(vec![at(base, 30)]));
    expected[30..32].fill(0xa5);
    assert_eq!(interp.region(base), Some(&expected[..]));
}

#[test]
fn overlapping_copies_move_forward_and_backward() {
    let funcs = parse();
    let mut store = FunctionStore::new();
    funcs.iter().for_each(|f| store.add(f));
    for routine in ["copy", "move"] {
        for (dest, src) in [(3, 0), (0, 3)] {
            let mut interp = Interpreter::new(&store);
            let base = interp.add_region(counting(16)).expect("a region");
            let args = [at(base, dest), at(base, src), DataValue::I64(10)];
            assert!(interp.call_by_name(routine, &args).is_ok(), "{routine}");
            let mut expected = counting(16);
            expected.copy_within(src as usize..src as usize + 10, dest as usize);
            assert_eq!(
                interp.region(base),
                Some(&expected[..]),
                "{routine} {src} -> {dest}"
            );
        }
    }
}

#[test]
fn copies_between_regions_in_both_directions() {
    let funcs = parse();
    let mut store = FunctionStore::new();
    funcs.iter().for_each(|f| store.add(f));
    let mut interp = Interpreter::new(&store);
    let low = interp.add_region(counting(8)).expect("a region");
    let high = interp.add_region(vec![0xff; 8]).expect("a region");
    let args = [at(high, 1), at(low, 2), DataValue::I64(3)];
    assert!(interp.call_by_name("copy", &args).is_ok());
    assert_eq!(
        interp.region(high),
        Some(&[0xff, 2, 3, 4, 0xff, 0xff, 0xff, 0xff][..])
    );
    let args = [at(low, 0), at(high, 0), DataValue::I64(2)];
    assert!(interp.call_by_name("move", &args).is_ok());
    assert_eq!(interp.region(low), Some(&[0xff, 2, 2, 3, 4, 5, 6, 7][..]));
}

#[test]
fn copies_between_stack_slots_and_regions() {
    let funcs = parse();
    let mut store = FunctionStore::new();
    funcs.iter().for_each(|f| store.add(f));
    let mut interp = Interpreter::new(&store);
    let base = interp.add_region(counting(16)).expect("a region");
    assert_eq!(interp.call_by_name("via_stack", &[base]), Ok(vec![]));
    // The slot got bytes 0..8, then 0x77 0x77, then a move of its first
    // four bytes one up; the region's upper half got the slot.
    let mut expected = counting(16);
    expected[8..16].copy_from_slice(&[0x77, 0x77, 0x77, 2, 3, 5, 6, 7]);
    assert_eq!(interp.region(base), Some(&expected[..]));
}

#[test]
fn out_of_bounds_routines_trap_and_change_nothing() {
    let funcs = parse();
    let mut store = FunctionStore::new();
    funcs.iter().for_each(|f| store.add(f));
    let mut interp = Interpreter::new(&store);
    let base = interp.add_region(counting(16)).expect("a region");
    let oob = Err(InterpError::Trap(TrapCode::HEAP_OUT_OF_BOUNDS));
    let past_end = [at(base, 8), at(base, 0), DataValue::I64(9)];
    assert_eq!(interp.call_by_name("copy", &past_end), oob);
    let from_past_end = [at(base, 0), at(base, 8), DataValue::I64(9)];
    assert_eq!(interp.call_by_name("move", &from_past_end), oob);
    let fill = [at(base, 15), DataValue::I32(1), DataValue::I64(2)];
    assert_eq!(interp.call_by_name("fill", &fill), oob);
    let huge = [at(base, 0), at(base, 0), DataValue::I64(-1)];
    assert_eq!(interp.call_by_name("copy", &huge), oob);
    assert_eq!(interp.call_by_name("copy", &i64s(&[0, 0, 1])), oob);
    assert_eq!(interp.region(base), Some(&counting(16)[..]));
    // Nothing to copy: even null pointers are fine.
    assert_eq!(
        interp.call_by_name("copy", &i64s(&[0, 0, 0])),
        Ok(i64s(&[0]))
    );
    let empty_fill = [DataValue::I64(0), DataValue::I32(1), DataValue::I64(0)];
    assert_eq!(interp.call_by_name("fill", &empty_fill), Ok(i64s(&[0])));
}

#[test]
fn wrong_declarations_and_other_routines_are_named() {
    let funcs = parse();
    let mut store = FunctionStore::new();
    funcs.iter().for_each(|f| store.add(f));
    let mut interp = Interpreter::new(&store);
    match interp.call_by_name("bad_decl", &[DataValue::I32(0)]) {
        Err(InterpError::InvalidIr(msg)) => assert!(
            msg.contains("`%Memcpy` is declared") && msg.contains("takes (i64, i64, i64) -> i64"),
            "{msg}"
        ),
        other => panic!("expected invalid IR for the declaration, got {other:?}"),
    }
    assert_eq!(
        interp.call_by_name("ceil", &[DataValue::F64(1.5f64.into())]),
        Err(InterpError::Unsupported(
            "library routine `%CeilF64`".to_string()
        ))
    );
    assert_eq!(
        interp.call_by_name("tail_copy", &i64s(&[0, 0, 0])),
        Err(InterpError::Unsupported(
            "`return_call` of library routine `%Memcpy`".to_string()
        ))
    );
}
