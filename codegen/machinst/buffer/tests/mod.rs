//! MachBuffer tests on the toy ISA of [`toy`]: one test per branch
//! peephole and per bookkeeping rule here, islands and veneers in
//! [`islands`], errors in [`errors`], and a randomized equivalence check of
//! whole control-flow graphs in [`random`].

mod errors;
mod islands;
mod random;
mod toy;

use toy::*;

use crate::machinst::asm_sink::{AsmSink, Label, TrapCode};
use crate::machinst::buffer::{MachBufferFinalized, MachBufferStats};

fn finish(b: ToyBuffer) -> MachBufferFinalized {
    match b.finish() {
        Ok(code) => code,
        Err(errors) => panic!("finish failed: {errors:?}"),
    }
}

const R: Register = Register::Yes;

#[test]
fn removes_an_unconditional_jump_to_the_next_instruction() {
    let mut b = ToyBuffer::with_blocks(2);
    b.bind_label(Label(0));
    mark(&mut b, 1);
    jmp8(&mut b, Label(1), R);
    b.bind_label(Label(1));
    ret(&mut b);
    let code = finish(b);
    assert_eq!(code.data, [MARK, 1, RET, 0]);
    assert_eq!(code.label_offsets, [Some(0), Some(2)]);
    assert_eq!(code.stats.fallthrough_branches_removed, 1);
}

#[test]
fn removes_a_conditional_branch_to_the_next_instruction() {
    let mut b = ToyBuffer::with_blocks(2);
    b.bind_label(Label(0));
    jcc8(&mut b, 3, Label(1), R);
    b.bind_label(Label(1));
    ret(&mut b);
    let code = finish(b);
    assert_eq!(code.data, [RET, 0]);
    assert_eq!(code.label_offsets, [Some(0), Some(0)]);
}

#[test]
fn keeps_branches_the_buffer_was_not_told_about() {
    let mut b = ToyBuffer::with_blocks(2);
    b.bind_label(Label(0));
    jmp8(&mut b, Label(1), Register::No);
    b.bind_label(Label(1));
    ret(&mut b);
    let code = finish(b);
    assert_eq!(code.data, [JMP8, 1, RET, 0]);
    assert_eq!(code.stats, MachBufferStats::default());
}

#[test]
fn threads_a_jump_only_block() {
    // L0: jcc0 L1; mark 7; ret
    // L1: jmp L2          <- reached only by label: its label follows the jump
    // L3: mark 3; ret
    // L2: mark 2; ret
    let mut b = ToyBuffer::with_blocks(4);
    b.bind_label(Label(0));
    jcc8(&mut b, 0, Label(1), R);
    mark(&mut b, 7);
    ret(&mut b);
    b.bind_label(Label(1));
    jmp8(&mut b, Label(2), R);
    b.bind_label(Label(3));
    mark(&mut b, 3);
    ret(&mut b);
    b.bind_label(Label(2));
    mark(&mut b, 2);
    ret(&mut b);
    let code = finish(b);
    // The conditional branch goes straight to L2 (offset 12, 6 units away).
    assert_eq!(
        code.data,
        [
            JCC8, 6, MARK, 7, RET, 0, JMP8, 3, MARK, 3, RET, 0, MARK, 2, RET, 0
        ]
    );
    assert_eq!(code.label_offset(Label(1)), Some(12));
    assert_eq!(code.stats.labels_threaded, 1);
    // The jump stays: the buffer does not know that `ret` does not fall through.
    assert_eq!(code.stats.unreachable_branches_removed, 0);
}

#[test]
fn threading_then_removes_the_unreachable_jump_and_the_fallthrough() {
    // L0: mark 0; jmp L2
    // L1: jmp L3          <- threaded, then unreachable
    // L2: mark 2; jcc1 L1; ret
    // L3: mark 3; ret
    let mut b = ToyBuffer::with_blocks(4);
    b.bind_label(Label(0));
    mark(&mut b, 0);
    jmp8(&mut b, Label(2), R);
    b.bind_label(Label(1));
    jmp8(&mut b, Label(3), R);
    b.bind_label(Label(2));
    mark(&mut b, 2);
    jcc8(&mut b, 1, Label(1), R);
    ret(&mut b);
    b.bind_label(Label(3));
    mark(&mut b, 3);
    ret(&mut b);
    let code = finish(b);
    assert_eq!(
        code.data,
        [MARK, 0, MARK, 2, JCC8 | 1, 2, RET, 0, MARK, 3, RET, 0]
    );
    assert_eq!(code.label_offset(Label(1)), Some(8));
    assert_eq!(code.label_offset(Label(2)), Some(2));
    let expected = MachBufferStats {
        labels_threaded: 1,
        unreachable_branches_removed: 1,
        fallthrough_branches_removed: 1,
        ..MachBufferStats::default()
    };
    assert_eq!(code.stats, expected);
}

#[test]
fn inverts_a_conditional_branch_over_an_unconditional_one() {
    // L0: mark 0; jcc4 L1; jmp L2
    // L1: mark 1; ret
    // L2: mark 2; ret
    let mut b = ToyBuffer::with_blocks(3);
    b.bind_label(Label(0));
    mark(&mut b, 0);
    jcc8(&mut b, 4, Label(1), R);
    jmp8(&mut b, Label(2), R);
    b.bind_label(Label(1));
    mark(&mut b, 1);
    ret(&mut b);
    b.bind_label(Label(2));
    mark(&mut b, 2);
    ret(&mut b);
    let code = finish(b);
    // jcc5 (the opposite of 4) to L2 at 8, 3 units from 2.
    assert_eq!(
        code.data,
        [MARK, 0, JCC8 | 5, 3, MARK, 1, RET, 0, MARK, 2, RET, 0]
    );
    assert_eq!(code.label_offset(Label(1)), Some(4));
    assert_eq!(code.stats.branches_inverted, 1);
}

#[test]
fn inverts_twice_when_the_new_target_is_a_jump_only_block() {
    // L0: jcc0 L1; jmp L2
    // L1: jmp L3
    // L2: mark 2; ret
    // L3: mark 3; ret
    let mut b = ToyBuffer::with_blocks(4);
    b.bind_label(Label(0));
    jcc8(&mut b, 0, Label(1), R);
    jmp8(&mut b, Label(2), R);
    b.bind_label(Label(1));
    jmp8(&mut b, Label(3), R);
    b.bind_label(Label(2));
    mark(&mut b, 2);
    ret(&mut b);
    b.bind_label(Label(3));
    mark(&mut b, 3);
    ret(&mut b);
    let code = finish(b);
    // Back to condition 0, now aimed at L3 directly; L2 falls through.
    assert_eq!(code.data, [JCC8, 3, MARK, 2, RET, 0, MARK, 3, RET, 0]);
    assert_eq!(code.stats.branches_inverted, 2);
    assert_eq!(code.stats.labels_threaded, 1);
    assert_eq!(code.label_offset(Label(1)), Some(6));
}

#[test]
fn does_not_invert_over_a_labelled_self_loop() {
    // L0: jcc0 L1
    // L2: jmp L2     <- a target itself: must stay
    // L1: ret
    let mut b = ToyBuffer::with_blocks(3);
    b.bind_label(Label(0));
    jcc8(&mut b, 0, Label(1), R);
    b.bind_label(Label(2));
    jmp8(&mut b, Label(2), R);
    b.bind_label(Label(1));
    ret(&mut b);
    let code = finish(b);
    assert_eq!(code.data, [JCC8, 2, JMP8, 0, RET, 0]);
    assert_eq!(code.stats, MachBufferStats::default());
}

#[test]
fn labels_at_a_removed_branch_move_with_it_and_its_fixup_goes() {
    let mut b = ToyBuffer::with_blocks(3);
    b.bind_label(Label(0));
    mark(&mut b, 0);
    // A trap site and a relocation-free branch at 2..4, removed below.
    b.add_trap(TrapCode(9));
    jcc8(&mut b, 0, Label(2), R);
    b.bind_label(Label(1));
    b.bind_label(Label(2));
    // The labels bound at the old tail (4) moved to the branch start (2).
    assert_eq!(b.label_offset(Label(1)), Some(2));
    assert_eq!(b.label_offset(Label(2)), Some(2));
    assert_eq!(b.data().len(), 2);
    // The byte where the removed branch's field was is now a mark id: a
    // stale fixup would overwrite it.
    mark(&mut b, 0x55);
    jmp8(&mut b, Label(1), R);
    ret(&mut b);
    let code = finish(b);
    assert_eq!(code.data, [MARK, 0, MARK, 0x55, JMP8, 0xff, RET, 0]);
    assert!(code.traps.is_empty(), "{:?}", code.traps);
    assert_eq!(code.label_offsets, [Some(0), Some(2), Some(2)]);
}

#[test]
fn a_chain_of_jumps_to_the_next_block_disappears() {
    let mut b = ToyBuffer::with_blocks(4);
    for i in 0..3 {
        b.bind_label(Label(i));
        jmp8(&mut b, Label(i + 1), R);
    }
    b.bind_label(Label(3));
    ret(&mut b);
    let code = finish(b);
    assert_eq!(code.data, [RET, 0]);
    assert_eq!(code.label_offsets, [Some(0); 4]);
    assert_eq!(code.stats.fallthrough_branches_removed, 3);
}

#[test]
fn a_cycle_of_jump_only_blocks_stays_a_loop() {
    // L0: jmp L1; L1: jmp L0; L2: ret
    let mut b = ToyBuffer::with_blocks(3);
    b.bind_label(Label(0));
    jmp8(&mut b, Label(1), R);
    b.bind_label(Label(1));
    jmp8(&mut b, Label(0), R);
    b.bind_label(Label(2));
    ret(&mut b);
    let code = finish(b);
    assert_eq!(code.data, [JMP8, 0, RET, 0]);
    assert_eq!(execute(&code).1, End::Stuck);
}

#[test]
fn threading_never_aliases_a_label_to_itself() {
    // L0: jmp L1          <- L0 becomes an alias of L1
    // L2: mark 2
    // L1: jmp L0          <- L0 resolves to here: a loop, not an alias cycle
    // L3: ret
    let mut b = ToyBuffer::with_blocks(4);
    b.bind_label(Label(0));
    jmp8(&mut b, Label(1), R);
    b.bind_label(Label(2));
    mark(&mut b, 2);
    b.bind_label(Label(1));
    jmp8(&mut b, Label(0), R);
    b.bind_label(Label(3));
    ret(&mut b);
    let code = finish(b);
    assert_eq!(code.data, [JMP8, 2, MARK, 2, JMP8, 0, RET, 0]);
    assert_eq!(code.label_offsets[..2], [Some(4), Some(4)]);
    assert_eq!(code.stats.labels_threaded, 1);
}

#[test]
fn an_unreachable_branch_after_an_unconditional_one_is_removed() {
    // L0: jmp L1; jmp L2 (no label: dead); L1: ret; L2: ret
    let mut b = ToyBuffer::with_blocks(3);
    b.bind_label(Label(0));
    jmp8(&mut b, Label(1), R);
    jcc8(&mut b, 2, Label(2), R);
    b.bind_label(Label(1));
    ret(&mut b);
    b.bind_label(Label(2));
    ret(&mut b);
    let code = finish(b);
    assert_eq!(code.data, [RET, 0, RET, 0]);
    assert_eq!(code.stats.unreachable_branches_removed, 1);
    assert_eq!(code.stats.fallthrough_branches_removed, 1);
}

#[test]
fn a_threaded_jump_only_block_after_a_return_is_removed() {
    // L0: jcc0 L1; ret        <- a barrier
    // L1: jmp L2              <- threaded, then unreachable after the ret
    // L3: mark 3; ret
    // L2: mark 2; ret
    let mut b = ToyBuffer::with_blocks(4);
    b.bind_label(Label(0));
    jcc8(&mut b, 0, Label(1), R);
    ret_barrier(&mut b, R);
    b.bind_label(Label(1));
    jmp8(&mut b, Label(2), R);
    b.bind_label(Label(3));
    mark(&mut b, 3);
    ret_barrier(&mut b, R);
    b.bind_label(Label(2));
    mark(&mut b, 2);
    ret(&mut b);
    let code = finish(b);
    assert_eq!(
        code.data,
        [JCC8, 4, RET, 0, MARK, 3, RET, 0, MARK, 2, RET, 0]
    );
    assert_eq!(code.label_offset(Label(1)), Some(8));
    assert_eq!(code.stats.unreachable_branches_removed, 1);
}

#[test]
fn an_unreachable_barrier_goes_with_its_trap_site() {
    // L0: jmp L1; trap 5 (unlabelled: never runs); L1: ret
    let mut b = ToyBuffer::with_blocks(2);
    b.bind_label(Label(0));
    mark(&mut b, 0);
    jmp8(&mut b, Label(1), R);
    trap_barrier(&mut b, 5, R);
    b.bind_label(Label(1));
    ret(&mut b);
    let code = finish(b);
    assert_eq!(code.data, [MARK, 0, RET, 0]);
    assert!(code.traps.is_empty());
    assert_eq!(code.stats.unreachable_branches_removed, 1);
    assert_eq!(code.stats.fallthrough_branches_removed, 1);
}

#[test]
fn a_labelled_barrier_stays() {
    // L0: jcc0 L1; jmp L2; L1: trap 5; L2: ret  -> inverted, trap kept.
    let mut b = ToyBuffer::with_blocks(3);
    b.bind_label(Label(0));
    jcc8(&mut b, 0, Label(1), R);
    jmp8(&mut b, Label(2), R);
    b.bind_label(Label(1));
    trap_barrier(&mut b, 5, R);
    b.bind_label(Label(2));
    ret(&mut b);
    let code = finish(b);
    assert_eq!(code.data, [JCC8 | 1, 2, TRAP, 5, RET, 0]);
    assert_eq!(code.traps.len(), 1);
}

#[test]
fn branches_separated_by_other_code_are_left_alone() {
    // jcc0 L1; mark; jmp L2; L1: -> the jcc/jmp are not adjacent: no inversion.
    let mut b = ToyBuffer::with_blocks(3);
    b.bind_label(Label(0));
    jcc8(&mut b, 0, Label(1), R);
    mark(&mut b, 9);
    jmp8(&mut b, Label(2), R);
    b.bind_label(Label(1));
    ret(&mut b);
    b.bind_label(Label(2));
    ret(&mut b);
    let code = finish(b);
    assert_eq!(code.data, [JCC8, 3, MARK, 9, JMP8, 2, RET, 0, RET, 0]);
    assert_eq!(code.stats, MachBufferStats::default());
}

#[test]
fn user_aliases_resolve_through_chains() {
    let mut b = ToyBuffer::with_blocks(1);
    let a = b.new_label();
    let c = b.new_label();
    b.alias_label(a, c);
    b.bind_label(Label(0));
    jmp16(&mut b, a, R);
    mark(&mut b, 1);
    b.bind_label(c);
    ret(&mut b);
    let code = finish(b);
    assert_eq!(code.label_offset(a), Some(6));
    assert_eq!(code.data[..4], [JMP16, 0, 4, 0]);
}

#[test]
fn finish_runs_the_peepholes_on_the_tail() {
    // L0: jcc0 L1; ret
    // L1: mark 1; jmp L0; jmp L1   <- the last jump is unreachable
    let mut b = ToyBuffer::with_blocks(2);
    b.bind_label(Label(0));
    jcc8(&mut b, 0, Label(1), R);
    ret(&mut b);
    b.bind_label(Label(1));
    mark(&mut b, 1);
    jmp8(&mut b, Label(0), R);
    jmp8(&mut b, Label(1), R);
    let code = finish(b);
    assert_eq!(code.data, [JCC8, 2, RET, 0, MARK, 1, JMP8, 0xfd]);
    assert_eq!(code.stats.unreachable_branches_removed, 1);
}

#[test]
fn deep_functions_do_not_recurse() {
    // 100,000 blocks of `L(i): jcc L(i+2); jmp L(i+1)`: each jump goes as
    // its fallthrough label is bound; the conditional branches stay
    // contiguous and, once the last labels are bound at the end, fall one
    // after the other (each now branches to the next instruction).
    let n = 100_000u32;
    let mut b = ToyBuffer::with_blocks(n + 2);
    for i in 0..n {
        b.bind_label(Label(i));
        jcc8(&mut b, (i % 16) as u8, Label(i + 2), R);
        jmp8(&mut b, Label(i + 1), R);
    }
    b.bind_label(Label(n));
    b.bind_label(Label(n + 1));
    ret(&mut b);
    let code = finish(b);
    assert_eq!(code.stats.fallthrough_branches_removed, 2 * n);
    assert_eq!(code.data, [RET, 0]);
    assert!(code.label_offsets.iter().all(|&o| o == Some(0)));

    // 100,000 jump-only blocks in a chain: every jump starts at all the
    // labels bound so far, which must not be copied or moved one by one.
    let mut b = ToyBuffer::with_blocks(n + 1);
    for i in 0..n {
        b.bind_label(Label(i));
        jmp8(&mut b, Label(i + 1), R);
    }
    b.bind_label(Label(n));
    ret(&mut b);
    let code = finish(b);
    assert_eq!(code.data, [RET, 0]);
    assert_eq!(code.stats.fallthrough_branches_removed, n);

    // 100,000 jump-only blocks all jumping to the last block, each behind
    // an unconditional jump: threaded, then unreachable.
    let mut b = ToyBuffer::with_blocks(n + 1);
    for i in 0..n {
        b.bind_label(Label(i));
        jmp16(&mut b, Label(n), R);
    }
    b.bind_label(Label(n));
    ret(&mut b);
    let code = finish(b);
    // Each label but the last is threaded and its jump removed as
    // unreachable; once the last block is bound, the last jump and then
    // the entry's jump go to the next instruction and are removed too.
    assert_eq!(code.data, [RET, 0]);
    assert_eq!(code.stats.labels_threaded, n - 1);
    assert_eq!(code.stats.unreachable_branches_removed, n - 2);
    assert_eq!(code.stats.fallthrough_branches_removed, 2);
}
