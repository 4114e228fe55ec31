//! Unit tests of the calling-convention location assignment: one group per
//! convention, with mixed classes, register exhaustion, `i128` and narrow
//! integers.

use super::*;
use crate::ir::AbiParam;
use crate::ir::types::{F32, F64, I8, I16, I32, I32X4, I64, I128};

fn sig(conv: CallConv, params: &[Type], returns: &[Type]) -> Signature {
    let mut s = Signature::new(conv);
    s.params = params.iter().map(|&t| AbiParam::new(t)).collect();
    s.returns = returns.iter().map(|&t| AbiParam::new(t)).collect();
    s
}

fn locs(layout: &CallLayout) -> Vec<ArgLoc> {
    layout.params.iter().map(|a| a.loc).collect()
}

fn r(hw: u8) -> ArgLoc {
    ArgLoc::Reg(AbiReg::int(hw))
}

fn f(hw: u8) -> ArgLoc {
    ArgLoc::Reg(AbiReg::float(hw))
}

fn st(offset: u32, size: u32) -> ArgLoc {
    ArgLoc::Stack { offset, size }
}

fn pair(lo: u8, hi: u8) -> ArgLoc {
    ArgLoc::RegPair {
        lo: AbiReg::int(lo),
        hi: AbiReg::int(hi),
    }
}

#[test]
fn sysv_counts_classes_separately_and_spills_in_eightbytes() {
    let mut p = vec![I64, F64, I32, F32];
    p.extend([I64; 6]);
    p.extend([F64; 7]);
    let l = compute_call_layout(&sig(CallConv::SystemV, &p, &[I64, I64]), AbiIsa::X86_64).unwrap();
    let got = locs(&l);
    assert_eq!(&got[..4], &[r(7), f(0), r(6), f(1)]);
    assert_eq!(&got[4..10], &[r(2), r(1), r(8), r(9), st(0, 8), st(8, 8)]);
    assert_eq!(&got[10..], &[f(2), f(3), f(4), f(5), f(6), f(7), st(16, 8)]);
    assert_eq!(l.stack_arg_size, 24);
    assert_eq!(
        l.returns.iter().map(|a| a.loc).collect::<Vec<_>>(),
        [r(0), r(2)]
    );
    // `fast` places values like `system_v`.
    let fast = compute_call_layout(&sig(CallConv::Fast, &p, &[I64, I64]), AbiIsa::X86_64).unwrap();
    assert_eq!(fast, l);
}

#[test]
fn sysv_i128_takes_any_two_registers_or_an_aligned_slot() {
    let p = [I64, I128, I64, I128, I128, I64];
    let l = compute_call_layout(&sig(CallConv::SystemV, &p, &[I128]), AbiIsa::X86_64).unwrap();
    assert_eq!(
        locs(&l),
        [r(7), pair(6, 2), r(1), pair(8, 9), st(0, 16), st(16, 8)]
    );
    assert_eq!(l.returns[0].loc, pair(0, 2));
    assert_eq!(l.stack_arg_size, 24);
    let l = compute_call_layout(
        &sig(
            CallConv::SystemV,
            &[I64; 7].iter().copied().chain([I128]).collect::<Vec<_>>(),
            &[],
        ),
        AbiIsa::X86_64,
    )
    .unwrap();
    assert_eq!(l.params[6].loc, st(0, 8));
    assert_eq!(l.params[7].loc, st(16, 16));
}

#[test]
fn narrow_ints_record_their_extension() {
    let mut s = sig(CallConv::SystemV, &[], &[]);
    s.params = vec![
        AbiParam::new(I8).uext(),
        AbiParam::new(I16).sext(),
        AbiParam::new(I32),
    ];
    s.returns = vec![AbiParam::new(I8).sext()];
    let l = compute_call_layout(&s, AbiIsa::S390x).unwrap();
    let exts: Vec<_> = l.params.iter().map(|a| a.ext).collect();
    assert_eq!(
        exts,
        [
            ArgumentExtension::Uext,
            ArgumentExtension::Sext,
            ArgumentExtension::None
        ]
    );
    assert_eq!(locs(&l), [r(2), r(3), r(4)]);
    assert_eq!(l.returns[0].ext, ArgumentExtension::Sext);
    assert_eq!(l.returns[0].loc, r(2));
}

#[test]
fn windows_assigns_by_position_after_shadow_space() {
    let p = [I32, F64, I64, F32, I64, F64];
    let l =
        compute_call_layout(&sig(CallConv::WindowsFastcall, &p, &[F64]), AbiIsa::X86_64).unwrap();
    assert_eq!(locs(&l), [r(1), f(1), r(8), f(3), st(32, 8), st(40, 8)]);
    assert_eq!(l.stack_arg_size, 48);
    assert_eq!(l.returns[0].loc, f(0));
    let empty =
        compute_call_layout(&sig(CallConv::WindowsFastcall, &[], &[]), AbiIsa::X86_64).unwrap();
    assert_eq!(empty.stack_arg_size, 32);
    // i128 goes by reference, the pointer taking the next position.
    let l = compute_call_layout(
        &sig(CallConv::WindowsFastcall, &[F64, I128], &[]),
        AbiIsa::X86_64,
    )
    .unwrap();
    assert_eq!(
        l.params[1].loc,
        ArgLoc::Indirect {
            pointer: PointerLoc::Reg(AbiReg::int(2)),
            size: 16
        }
    );
    let two = compute_call_layout(
        &sig(CallConv::WindowsFastcall, &[], &[I64, F64]),
        AbiIsa::X86_64,
    );
    assert!(two.unwrap_err().to_string().contains("return value 1"));
}

#[test]
fn aapcs64_even_pairs_and_eight_byte_slots() {
    let p = [I64, I128, F32, I32, I64, I64, I128, I8, F64];
    let l =
        compute_call_layout(&sig(CallConv::SystemV, &p, &[I128, F64]), AbiIsa::Aarch64).unwrap();
    assert_eq!(
        locs(&l),
        [
            r(0),
            pair(2, 3),
            f(0),
            r(4),
            r(5),
            r(6),
            st(0, 16),
            st(16, 1),
            f(1)
        ]
    );
    assert_eq!(l.stack_arg_size, 24);
    assert_eq!(
        l.returns.iter().map(|a| a.loc).collect::<Vec<_>>(),
        [pair(0, 1), f(0)]
    );
    // Once an i128 spills, no later integer argument uses a register.
    let l = compute_call_layout(
        &sig(
            CallConv::SystemV,
            &[I64, I64, I64, I64, I64, I64, I64, I128, I64],
            &[],
        ),
        AbiIsa::Aarch64,
    )
    .unwrap();
    assert_eq!(&locs(&l)[6..], &[r(6), st(0, 16), st(16, 8)]);
    // sret is x8, outside the argument sequence.
    let mut s = sig(CallConv::SystemV, &[I64], &[]);
    s.params
        .insert(0, AbiParam::special(I64, ArgumentPurpose::StructReturn));
    let l = compute_call_layout(&s, AbiIsa::Aarch64).unwrap();
    assert_eq!(locs(&l), [r(8), r(0)]);
}

#[test]
fn apple_packs_stack_arguments_at_natural_size() {
    let mut p = vec![I64; 8];
    p.extend([I8, I16, I32, I8, I64, F32, I128]);
    p.extend([F64; 8]);
    p.push(F32);
    let l = compute_call_layout(&sig(CallConv::AppleAarch64, &p, &[]), AbiIsa::Aarch64).unwrap();
    let got = locs(&l);
    assert_eq!(
        &got[8..15],
        &[
            st(0, 1),
            st(2, 2),
            st(4, 4),
            st(8, 1),
            st(16, 8),
            f(0),
            st(32, 16)
        ]
    );
    assert_eq!(&got[22..], &[st(48, 8), st(56, 4)]);
    assert_eq!(l.stack_arg_size, 60);
    let linux = compute_call_layout(&sig(CallConv::SystemV, &p, &[]), AbiIsa::Aarch64).unwrap();
    assert_eq!(&locs(&linux)[8..11], &[st(0, 1), st(8, 2), st(16, 4)]);
}

#[test]
fn s390x_uses_even_fprs_save_area_and_right_justified_slots() {
    let p = [
        I64, F64, I32, F32, I64, F64, I64, F64, I64, F32, I32, I64, F64,
    ];
    let l = compute_call_layout(&sig(CallConv::SystemV, &p, &[F64]), AbiIsa::S390x).unwrap();
    assert_eq!(
        locs(&l),
        [
            r(2),
            f(0),
            r(3),
            f(2),
            r(4),
            f(4),
            r(5),
            f(6),
            r(6),
            st(164, 4),
            st(172, 4),
            st(176, 8),
            st(184, 8)
        ]
    );
    assert_eq!(l.stack_arg_size, 192);
    assert_eq!(l.returns[0].loc, f(0));
    let l = compute_call_layout(
        &sig(CallConv::SystemV, &[I128, I64, I64, I64, I64, I128], &[]),
        AbiIsa::S390x,
    )
    .unwrap();
    assert_eq!(
        l.params[0].loc,
        ArgLoc::Indirect {
            pointer: PointerLoc::Reg(AbiReg::int(2)),
            size: 16
        }
    );
    assert_eq!(
        l.params[5].loc,
        ArgLoc::Indirect {
            pointer: PointerLoc::Stack { offset: 160 },
            size: 16
        }
    );
    let i128_ret = compute_call_layout(&sig(CallConv::SystemV, &[], &[I128]), AbiIsa::S390x);
    assert!(i128_ret.is_err());
}

#[test]
fn sysv_sarg_is_copied_to_the_stack_in_eightbytes() {
    let mut s = sig(CallConv::SystemV, &[I64], &[]);
    s.params
        .push(AbiParam::special(I64, ArgumentPurpose::StructArgument(20)));
    s.params.push(AbiParam::new(I64));
    let l = compute_call_layout(&s, AbiIsa::X86_64).unwrap();
    assert_eq!(locs(&l), [r(7), st(0, 20), r(6)]);
    assert_eq!(l.stack_arg_size, 24);
}

fn sarg_sig(conv: CallConv) -> Signature {
    let mut s = sig(conv, &[], &[]);
    s.params
        .push(AbiParam::special(I64, ArgumentPurpose::StructArgument(16)));
    s
}

#[test]
fn unsupported_combinations_are_errors() {
    let cases = [
        (
            sig(CallConv::WindowsFastcall, &[], &[]),
            AbiIsa::Aarch64,
            "`windows_fastcall` on aarch64",
        ),
        (
            sig(CallConv::AppleAarch64, &[], &[]),
            AbiIsa::S390x,
            "`apple_aarch64` on s390x",
        ),
        (
            sig(CallConv::Tail, &[], &[]),
            AbiIsa::X86_64,
            "`tail` on x86_64",
        ),
        (
            sig(CallConv::WindowsFastcall, &[I32X4], &[]),
            AbiIsa::X86_64,
            "type `i32x4`",
        ),
        (
            sig(CallConv::SystemV, &[], &[F64, F64]),
            AbiIsa::S390x,
            "return value 1",
        ),
        (
            sig(CallConv::SystemV, &[], &[I64, I64, I64]),
            AbiIsa::X86_64,
            "return value 2",
        ),
        (
            sig(CallConv::WindowsFastcall, &[], &[I128]),
            AbiIsa::X86_64,
            "returned through memory",
        ),
        (sarg_sig(CallConv::SystemV), AbiIsa::Aarch64, "`sarg(16)`"),
        (
            sarg_sig(CallConv::WindowsFastcall),
            AbiIsa::X86_64,
            "`sarg(16)`",
        ),
    ];
    for (s, isa, needle) in cases {
        let e = compute_call_layout(&s, isa).unwrap_err().to_string();
        assert!(e.starts_with("unsupported: ") && e.contains(needle), "{e}");
    }
}

#[test]
fn callee_saved_sets_are_sorted_and_disjoint_from_argument_registers() {
    let convs = [
        (AbiIsa::X86_64, CallConv::SystemV, 6),
        (AbiIsa::X86_64, CallConv::WindowsFastcall, 18),
        (AbiIsa::Aarch64, CallConv::SystemV, 19),
        (AbiIsa::Aarch64, CallConv::AppleAarch64, 19),
        (AbiIsa::S390x, CallConv::SystemV, 16),
    ];
    for (isa, conv, count) in convs {
        let saved = callee_saved_regs(isa, conv).unwrap();
        assert_eq!(saved.len(), count, "{conv:?} on {isa:?}");
        assert!(saved.windows(2).all(|w| w[0] < w[1]));
        let mut s = sig(conv, &[I64; 12], &[]);
        s.params.extend([F64; 12].map(AbiParam::new));
        let layout = compute_call_layout(&s, isa).unwrap();
        let overlap: Vec<AbiReg> = layout
            .params
            .iter()
            .filter_map(|a| match a.loc {
                ArgLoc::Reg(r) if saved.contains(&r) => Some(r),
                _ => None,
            })
            .collect();
        // s390x's r6 is both the fifth argument register and callee-saved.
        let expected: &[AbiReg] = if isa == AbiIsa::S390x {
            &[AbiReg::int(6)]
        } else {
            &[]
        };
        assert_eq!(overlap, expected, "{conv:?} on {isa:?}");
    }
    assert!(callee_saved_regs(AbiIsa::S390x, CallConv::Winch).is_err());
}

#[test]
fn sysv_vectors_take_xmm_registers_then_aligned_stack_slots() {
    let p = [I32X4; 9];
    let l = compute_call_layout(&sig(CallConv::SystemV, &p, &[I32X4]), AbiIsa::X86_64).unwrap();
    for (i, a) in l.params[..8].iter().enumerate() {
        assert_eq!(a.loc, ArgLoc::Reg(AbiReg::float(i as u8)));
    }
    assert_eq!(
        l.params[8].loc,
        ArgLoc::Stack {
            offset: 0,
            size: 16
        }
    );
    assert_eq!(l.returns[0].loc, ArgLoc::Reg(AbiReg::float(0)));
    let e = compute_call_layout(&sig(CallConv::SystemV, &[], &[I32X4]), AbiIsa::Aarch64)
        .unwrap_err()
        .to_string();
    assert!(e.contains("type `i32x4`"), "{e}");
}
