//! Islands: veneers for short branches, pool constants and deferred traps,
//! checked by running the code on the toy executor.

use super::finish;
use super::toy::*;
use crate::machinst::asm_sink::{Label, TrapCode};
use crate::machinst::buffer::MachTrap;

const R: Register = Register::Yes;

/// `count` nops, checking for an island before each.
fn nops_with_checks(b: &mut ToyBuffer, count: usize) {
    for _ in 0..count {
        island_check(b, 2, 0, R);
        nop(b);
    }
}

/// The events of `mark id` repeated while condition `cc` holds, as the
/// loop `L: mark id; ...; jcc cc L` produces them.
fn expected_loop(id: u8, cc: u8) -> (Vec<Event>, End) {
    let mut events = vec![Event::Mark(id)];
    loop {
        if events.len() >= EVENT_LIMIT {
            return (events, End::Limit);
        }
        if !condition_holds(&events, cc) {
            return (events, End::Ret);
        }
        events.push(Event::Mark(id));
    }
}

#[test]
fn a_forward_short_branch_gets_a_veneer_in_an_island() {
    let mut b = ToyBuffer::with_blocks(2);
    b.bind_label(Label(0));
    mark(&mut b, 1);
    jmp8(&mut b, Label(1), R);
    assert!(!b.island_needed(0));
    assert!(b.island_needed(300));
    nops_with_checks(&mut b, 300);
    b.bind_label(Label(1));
    mark(&mut b, 2);
    ret(&mut b);
    let code = finish(b);
    assert_eq!(code.stats.islands, 1);
    assert_eq!(code.stats.veneers, 1);
    assert_eq!(
        execute(&code),
        (vec![Event::Mark(1), Event::Mark(2)], End::Ret)
    );
    // The short branch now points at the veneer, a long jump in the island.
    let rel = code.data[3] as i8;
    let veneer = 2 + 2 * i64::from(rel);
    assert_eq!(code.data[veneer as usize], JMP16);
}

#[test]
fn a_backward_short_branch_out_of_range_gets_a_veneer() {
    for (cc, checks_after) in [(0, true), (3, true), (6, false), (9, false)] {
        let mut b = ToyBuffer::with_blocks(2);
        b.bind_label(Label(0));
        mark(&mut b, 1);
        nops_with_checks(&mut b, 200);
        jcc8(&mut b, cc, Label(0), R);
        ret(&mut b);
        if checks_after {
            // The veneer goes into an island here ...
            nops_with_checks(&mut b, 150);
        }
        // ... or at the end of the code.
        let code = finish(b);
        assert_eq!(code.stats.veneers, 1, "cc {cc}");
        assert_eq!(execute(&code), expected_loop(1, cc), "cc {cc}");
    }
}

#[test]
fn constants_are_shared_aligned_and_emitted_again_after_an_island() {
    let mut b = ToyBuffer::new();
    let odd = b.constant_label(&[0xc1, 1, 2], 1);
    let word = b.constant_label(&[0xc2, 0, 0, 0], 4);
    assert_eq!(b.constant_label(&[0xc1, 1, 2], 1), odd, "deduplicated");
    let odd_aligned = b.constant_label(&[0xc1, 1, 2], 2);
    assert_ne!(odd_aligned, odd, "another alignment is another constant");
    ldc(&mut b, odd);
    ldc(&mut b, word);
    ldc(&mut b, odd_aligned);
    nops_with_checks(&mut b, 60);
    assert_eq!(b.stats().islands, 1);
    assert_eq!(b.stats().constants_emitted, 3);
    // After the island: the old copy is behind us; a new use gets a new copy.
    let again = b.constant_label(&[0xc1, 1, 2], 1);
    assert_ne!(again, odd);
    ldc(&mut b, odd);
    ldc(&mut b, again);
    ret(&mut b);
    let code = finish(b);
    assert_eq!(code.stats.constants_emitted, 4);
    assert_eq!(code.alignment, 4);
    assert_eq!(code.label_offset(word).map(|o| o % 4), Some(0));
    assert_eq!(code.label_offset(odd_aligned).map(|o| o % 2), Some(0));
    let loads: Vec<Event> = [0xc1, 0xc2, 0xc1, 0xc1, 0xc1]
        .into_iter()
        .map(Event::Load)
        .collect();
    assert_eq!(execute(&code), (loads, End::Ret));
    // The copies after the island and at the end are distinct.
    assert!(code.label_offset(again) > code.label_offset(odd));
}

#[test]
fn the_code_after_an_island_is_aligned_to_instructions() {
    let mut b = ToyBuffer::new();
    let odd = b.constant_label(&[0xc1, 1, 2], 1);
    ldc(&mut b, odd);
    b.emit_island(0);
    assert_eq!(
        b.data().len(),
        6,
        "2 bytes of code, 3 of constant, 1 of padding"
    );
    mark(&mut b, 1);
    ret(&mut b);
    let code = finish(b);
    assert_eq!(code.data[2..6], [0xc1, 1, 2, 0]);
}

#[test]
fn deferred_traps_are_emitted_in_islands_and_at_the_end() {
    // One condition that holds and one that does not, on the first mark.
    let taken = (0..16)
        .find(|&cc| condition_holds(&[Event::Mark(1)], cc))
        .expect("some condition holds");
    for (cc, expected) in [
        (taken, (vec![Event::Mark(1)], End::Trap(7))),
        (
            taken ^ 1,
            (vec![Event::Mark(1), Event::Mark(2)], End::Trap(8)),
        ),
    ] {
        let mut b = ToyBuffer::with_blocks(1);
        let early = b.defer_trap(TrapCode(7), &trap_bytes(7));
        b.bind_label(Label(0));
        mark(&mut b, 1);
        jcc8(&mut b, cc, early, R);
        nops_with_checks(&mut b, 200);
        let late = b.defer_trap(TrapCode(8), &trap_bytes(8));
        mark(&mut b, 2);
        jcc8(&mut b, 0, late, R);
        jcc8(&mut b, 1, late, R);
        ret(&mut b);
        let code = finish(b);
        assert_eq!(code.stats.islands, 1);
        let early_at = code.label_offset(early).expect("bound");
        let late_at = code.label_offset(late).expect("bound");
        assert!(early_at < 300 && late_at as usize == code.data.len() - 2);
        assert_eq!(
            code.traps,
            [
                MachTrap {
                    offset: early_at,
                    code: TrapCode(7)
                },
                MachTrap {
                    offset: late_at,
                    code: TrapCode(8)
                }
            ]
        );
        assert_eq!(execute(&code), expected);
    }
}

#[test]
fn only_fixups_an_island_can_help_make_one_needed() {
    let mut b = ToyBuffer::with_blocks(2);
    b.bind_label(Label(0));
    // A long jump has no veneer: no island can help it.
    jmp16(&mut b, Label(1), R);
    assert!(!b.island_needed(1_000_000));
    // A backward short branch in range still counts (threading may move
    // its label); an island patches it and the need goes away.
    jcc8(&mut b, 0, Label(0), R);
    assert!(b.island_needed(1_000));
    b.emit_island(1_000);
    assert!(!b.island_needed(1_000_000));
    assert_eq!(b.stats().veneers, 0);
    b.bind_label(Label(1));
    ret(&mut b);
    let code = finish(b);
    assert_eq!(code.data[..6], [JMP16, 0, 4, 0, JCC8, 0xfe]);
}

#[test]
fn an_island_with_nothing_due_emits_nothing() {
    let mut b = ToyBuffer::with_blocks(2);
    b.bind_label(Label(0));
    jmp8(&mut b, Label(1), R);
    b.emit_island(0);
    assert_eq!(b.data().len(), 2);
    assert_eq!(b.stats().veneers, 0);
    b.bind_label(Label(1));
    ret(&mut b);
    let code = finish(b);
    // The island froze the jump: it stays, pointing at the next instruction.
    assert_eq!(code.data, [JMP8, 1, RET, 0]);
}
