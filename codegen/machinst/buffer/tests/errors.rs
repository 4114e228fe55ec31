//! Every problem is an error returned by `finish`, never a panic.

use super::toy::*;
use crate::machinst::asm_sink::{AsmSink, Label, TrapCode};
use crate::machinst::buffer::BufferError;

const R: Register = Register::Yes;

fn errors(b: ToyBuffer) -> Vec<BufferError> {
    match b.finish() {
        Ok(code) => panic!("finish should fail; code: {:?}", code.data),
        Err(errors) => errors,
    }
}

fn nops(b: &mut ToyBuffer, count: usize) {
    for _ in 0..count {
        nop(b);
    }
}

#[test]
fn a_label_used_but_never_bound() {
    let mut b = ToyBuffer::with_blocks(2);
    b.bind_label(Label(0));
    jmp8(&mut b, Label(1), R);
    ret(&mut b);
    let errors = errors(b);
    assert_eq!(errors, [BufferError::UnboundLabel(Label(1))]);
    assert_eq!(errors[0].to_string(), "label 1 is used but never bound");
}

#[test]
fn a_label_bound_twice_unknown_labels_and_island_labels() {
    let mut b = ToyBuffer::with_blocks(1);
    b.bind_label(Label(0));
    b.bind_label(Label(0));
    b.bind_label(Label(7));
    jmp16(&mut b, Label(8), Register::No);
    let constant = b.constant_label(&[1, 2], 2);
    b.bind_label(constant);
    let trap = b.defer_trap(TrapCode(1), &trap_bytes(1));
    b.alias_label(trap, Label(0));
    let errors = errors(b);
    assert_eq!(
        errors,
        [
            BufferError::LabelBoundTwice(Label(0)),
            BufferError::UnknownLabel(Label(7)),
            BufferError::UnknownLabel(Label(8)),
            BufferError::IslandLabel(constant),
            BufferError::IslandLabel(trap),
        ]
    );
    assert!(errors[3].to_string().contains("cannot be bound by hand"));
}

#[test]
fn alias_cycles_are_refused() {
    let mut b = ToyBuffer::new();
    let a = b.new_label();
    let c = b.new_label();
    let d = b.new_label();
    b.alias_label(a, c);
    b.alias_label(c, d);
    b.alias_label(d, a);
    b.alias_label(d, d);
    b.bind_label(d);
    b.alias_label(d, a);
    b.alias_label(a, d);
    ret(&mut b);
    let errors = errors(b);
    assert_eq!(
        errors,
        [
            BufferError::AliasCycle(d),
            BufferError::AliasCycle(d),
            BufferError::LabelBoundTwice(d),
            BufferError::LabelBoundTwice(a),
        ]
    );
    assert_eq!(
        errors[0].to_string(),
        "making label 2 an alias would create a cycle"
    );
}

#[test]
fn a_field_without_a_veneer_out_of_range() {
    let mut b = ToyBuffer::with_blocks(2);
    b.bind_label(Label(0));
    jmp16(&mut b, Label(1), R);
    nops(&mut b, 16_400);
    b.bind_label(Label(1));
    ret(&mut b);
    let errors = errors(b);
    assert_eq!(
        errors,
        [BufferError::OutOfRange {
            label: Label(1),
            use_offset: 2,
            target_offset: 32_804,
            kind: "Branch16".to_string(),
        }]
    );
    assert!(errors[0].to_string().contains("no veneer"), "{}", errors[0]);
}

#[test]
fn a_short_branch_with_no_island_in_time() {
    // The veneer can only go at the end, which the branch cannot reach.
    let mut b = ToyBuffer::with_blocks(2);
    b.bind_label(Label(0));
    jmp8(&mut b, Label(1), R);
    nops(&mut b, 300);
    b.bind_label(Label(1));
    ret(&mut b);
    let errors = errors(b);
    assert_eq!(
        errors,
        [BufferError::OutOfRange {
            label: Label(1),
            use_offset: 1,
            target_offset: 604,
            kind: "Branch8".to_string(),
        }]
    );
}

#[test]
fn a_constant_out_of_reach_of_its_load() {
    let mut b = ToyBuffer::new();
    let constant = b.constant_label(&[0xab], 1);
    ldc(&mut b, constant);
    nops(&mut b, 100);
    ret(&mut b);
    let errors = errors(b);
    assert_eq!(
        errors,
        [BufferError::OutOfRange {
            label: constant,
            use_offset: 1,
            target_offset: 204,
            kind: "Data8".to_string(),
        }]
    );
}

#[test]
fn branch_registrations_that_do_not_match_the_code() {
    let mut b = ToyBuffer::with_blocks(1);
    b.bind_label(Label(0));
    // No label field at all.
    ret(&mut b);
    b.add_uncond_branch(0, 2, Label(0));
    // Not at the end of the code.
    jmp8(&mut b, Label(0), Register::No);
    nop(&mut b);
    b.add_uncond_branch(2, 4, Label(0));
    // A different label than the field's.
    jmp8(&mut b, Label(0), Register::No);
    b.add_uncond_branch(6, 8, Label(1));
    // The inverted branch has another length.
    jcc8(&mut b, 0, Label(0), Register::No);
    b.add_cond_branch(8, 10, Label(0), &[JCC8 | 1]);
    // A barrier registered late.
    ret(&mut b);
    nop(&mut b);
    b.add_barrier(10, 12);
    let errors = errors(b);
    let reasons: Vec<&str> = errors
        .iter()
        .map(|e| match e {
            BufferError::BadBranch { reason, .. } => *reason,
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    assert_eq!(
        reasons,
        [
            "the branch has no label field",
            "a branch must be registered right after it is emitted",
            "the branch's label field must be the last one recorded",
            "the inverted branch does not have the branch's length",
            "a branch must be registered right after it is emitted",
        ]
    );
    assert_eq!(
        errors[0].to_string(),
        "branch at 0x0..0x2: the branch has no label field"
    );
}

#[test]
fn a_branch_with_two_label_fields_is_refused() {
    let mut b = ToyBuffer::with_blocks(2);
    b.bind_label(Label(0));
    b.put1(JMP8);
    b.use_label_at_offset(1, Label(1), ToyUse::Branch8);
    b.put2([0, JMP8]);
    b.use_label_at_offset(3, Label(1), ToyUse::Branch8);
    b.put1(0);
    b.add_uncond_branch(0, 4, Label(1));
    b.bind_label(Label(1));
    let errors = errors(b);
    assert!(matches!(
        errors[..],
        [BufferError::BadBranch {
            reason: "a branch must have exactly one label field",
            ..
        }]
    ));
}

#[test]
fn bad_constants_and_traps() {
    let mut b = ToyBuffer::new();
    let _ = b.constant_label(&[1, 2, 3], 3);
    let _ = b.constant_label(&[], 4);
    let _ = b.constant_label(&[1], 8192);
    let _ = b.defer_trap(TrapCode(3), &[]);
    ret(&mut b);
    let errors = errors(b);
    assert_eq!(
        errors,
        [
            BufferError::BadConstant { size: 3, align: 3 },
            BufferError::BadConstant { size: 0, align: 4 },
            BufferError::BadConstant {
                size: 1,
                align: 8192
            },
            BufferError::EmptyTrapInstruction(TrapCode(3)),
        ]
    );
}

#[test]
fn a_field_past_the_end_of_the_code() {
    let mut b = ToyBuffer::with_blocks(1);
    b.bind_label(Label(0));
    b.put1(JMP16);
    b.use_label_at_offset(1, Label(0), ToyUse::Branch16);
    let errors = errors(b);
    assert_eq!(
        errors,
        [BufferError::FieldOutOfBounds {
            label: Label(0),
            use_offset: 1
        }]
    );
}

#[test]
fn every_problem_is_reported_not_only_the_first() {
    let mut b = ToyBuffer::with_blocks(3);
    b.bind_label(Label(0));
    b.bind_label(Label(0));
    jmp8(&mut b, Label(1), R);
    jmp16(&mut b, Label(2), Register::No);
    ret(&mut b);
    assert_eq!(errors(b).len(), 3);
}
