//! A toy ISA for the MachBuffer tests, small enough that islands and
//! veneers trigger within a few hundred bytes, with an executor so tests
//! can check what code *does* rather than only what bytes it has.
//!
//! Every instruction is two bytes (instruction alignment 2) except the long
//! jump (four):
//!
//! | bytes           | meaning                                              |
//! |-----------------|------------------------------------------------------|
//! | `00 00`         | nop                                                  |
//! | `01 id`         | mark `id` (an observable event)                      |
//! | `02 00`         | return                                               |
//! | `10 rel8`       | jump to `start + 2 * rel8` (`Branch8`, has a veneer) |
//! | `11 00 rel16`   | jump to `field + rel16` (`Branch16`, little-endian)  |
//! | `2c rel8`       | if condition `c` (0..16) jump like `10`; `c ^ 1` is its opposite |
//! | `30 rel8`       | load the byte at `field + rel8` (`Data8`, an event)  |
//! | `ff code`       | trap with `code`                                     |

use crate::machinst::asm_sink::{AsmSink, Label, LabelUseKind, TrapCode};
use crate::machinst::buffer::{MachBuffer, MachBufferFinalized, MachTrap};

pub const NOP: u8 = 0x00;
pub const MARK: u8 = 0x01;
pub const RET: u8 = 0x02;
pub const JMP8: u8 = 0x10;
pub const JMP16: u8 = 0x11;
pub const JCC8: u8 = 0x20;
pub const LDC: u8 = 0x30;
pub const TRAP: u8 = 0xff;

/// The toy's label fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ToyUse {
    /// One byte, signed, in instruction units from the instruction start
    /// (the byte before the field); veneer: a `Branch16` jump.
    Branch8,
    /// Two bytes, signed, in bytes from the field; no veneer.
    Branch16,
    /// One byte, signed, in bytes from the field; no veneer (a load).
    Data8,
}

impl LabelUseKind for ToyUse {
    const INSN_ALIGNMENT: u32 = 2;

    fn field_size(self) -> u32 {
        match self {
            ToyUse::Branch8 | ToyUse::Data8 => 1,
            ToyUse::Branch16 => 2,
        }
    }

    fn max_forward(self) -> i64 {
        match self {
            ToyUse::Branch8 => 2 * 127 - 1,
            ToyUse::Branch16 => 32767,
            ToyUse::Data8 => 127,
        }
    }

    fn max_backward(self) -> i64 {
        match self {
            ToyUse::Branch8 => 2 * 128 + 1,
            ToyUse::Branch16 => 32768,
            ToyUse::Data8 => 128,
        }
    }

    fn patch(self, field: &mut [u8], use_offset: u32, label_offset: u32) -> bool {
        let delta = i64::from(label_offset) - i64::from(use_offset);
        match self {
            ToyUse::Branch8 => {
                let from_start = delta + 1;
                if from_start % 2 != 0 {
                    return false;
                }
                let Ok(rel) = i8::try_from(from_start / 2 + i64::from(field[0] as i8)) else {
                    return false;
                };
                field[0] = rel as u8;
            }
            ToyUse::Branch16 => {
                let addend = i16::from_le_bytes([field[0], field[1]]);
                let Ok(rel) = i16::try_from(delta + i64::from(addend)) else {
                    return false;
                };
                field.copy_from_slice(&rel.to_le_bytes());
            }
            ToyUse::Data8 => {
                let Ok(rel) = i8::try_from(delta + i64::from(field[0] as i8)) else {
                    return false;
                };
                field[0] = rel as u8;
            }
        }
        true
    }

    fn veneer_size(self) -> Option<u32> {
        (self == ToyUse::Branch8).then_some(4)
    }

    fn write_veneer(self, veneer: &mut [u8], _veneer_offset: u32) -> Option<(u32, Self)> {
        if self != ToyUse::Branch8 {
            return None;
        }
        veneer.copy_from_slice(&[JMP16, 0, 0, 0]);
        Some((2, ToyUse::Branch16))
    }
}

pub type ToyBuffer = MachBuffer<ToyUse>;

pub fn nop(b: &mut ToyBuffer) {
    b.put2([NOP, 0]);
}

pub fn mark(b: &mut ToyBuffer, id: u8) {
    b.put2([MARK, id]);
}

pub fn ret(b: &mut ToyBuffer) {
    b.put2([RET, 0]);
}

pub fn trap(b: &mut ToyBuffer, code: u8) {
    b.add_trap(TrapCode(u16::from(code)));
    b.put2([TRAP, code]);
}

/// The bytes of a trap instruction, for `defer_trap`.
pub fn trap_bytes(code: u8) -> [u8; 2] {
    [TRAP, code]
}

/// Whether to tell the buffer about emitted branches (so it may simplify them).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Register {
    Yes,
    No,
}

/// `ret`, registered as a barrier (it never falls through).
pub fn ret_barrier(b: &mut ToyBuffer, register: Register) {
    let start = b.cur_offset();
    ret(b);
    if register == Register::Yes {
        b.add_barrier(start, start + 2);
    }
}

/// `trap`, registered as a barrier.
pub fn trap_barrier(b: &mut ToyBuffer, code: u8, register: Register) {
    let start = b.cur_offset();
    trap(b, code);
    if register == Register::Yes {
        b.add_barrier(start, start + 2);
    }
}

pub fn jmp8(b: &mut ToyBuffer, target: Label, register: Register) {
    let start = b.cur_offset();
    b.put1(JMP8);
    b.use_label_at_offset(start + 1, target, ToyUse::Branch8);
    b.put1(0);
    if register == Register::Yes {
        b.add_uncond_branch(start, start + 2, target);
    }
}

pub fn jmp16(b: &mut ToyBuffer, target: Label, register: Register) {
    let start = b.cur_offset();
    b.put2([JMP16, 0]);
    b.use_label_at_offset(start + 2, target, ToyUse::Branch16);
    b.put2([0, 0]);
    if register == Register::Yes {
        b.add_uncond_branch(start, start + 4, target);
    }
}

pub fn jcc8(b: &mut ToyBuffer, cc: u8, target: Label, register: Register) {
    let start = b.cur_offset();
    b.put1(JCC8 | cc);
    b.use_label_at_offset(start + 1, target, ToyUse::Branch8);
    b.put1(0);
    if register == Register::Yes {
        b.add_cond_branch(start, start + 2, target, &[JCC8 | (cc ^ 1), 0]);
    }
}

pub fn ldc(b: &mut ToyBuffer, constant: Label) {
    let start = b.cur_offset();
    b.put1(LDC);
    b.use_label_at_offset(start + 1, constant, ToyUse::Data8);
    b.put1(0);
}

/// Island bytes a `Branch8` use may add: its veneer, aligned.
pub const VENEER_ALLOWANCE: u32 = 4 + 1;

/// Checks for an island before emitting `next` bytes that add at most
/// `island_growth` bytes to the island, as a backend does at block
/// boundaries: the distance covers both and the 4-byte jump around.
pub fn island_check(b: &mut ToyBuffer, next: u32, island_growth: u32, register: Register) {
    let distance = next + island_growth + 4;
    if b.island_needed(distance) {
        let after = b.new_label();
        jmp16(b, after, register);
        b.emit_island(distance);
        b.bind_label(after);
    }
}

/// Something the program did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    Mark(u8),
    Load(u8),
}

/// How the program stopped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum End {
    Ret,
    Trap(u8),
    /// The event limit was reached.
    Limit,
    /// Many steps without an event: an event-free infinite loop.
    Stuck,
    /// Bad code: an invalid opcode, a jump outside the code, a trap with no
    /// trap site, ...
    Fault(String),
}

/// Whether condition `cc` holds, as a function of what happened so far
/// (so equivalent programs see equal conditions); `cc ^ 1` is its opposite.
pub fn condition_holds(events: &[Event], cc: u8) -> bool {
    let last = match events.last() {
        Some(Event::Mark(m)) => u64::from(*m) + 1,
        Some(Event::Load(v)) => u64::from(*v) + 0x100,
        None => 0,
    };
    let mut h = (events.len() as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)
        ^ last.wrapping_mul(0xc2b2_ae3d_27d4_eb4f)
        ^ u64::from(cc >> 1).wrapping_mul(0x1656_67b1_9e37_79f9);
    h ^= h >> 29;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 32;
    ((h & 1) == 1) ^ (cc & 1 == 1)
}

pub const EVENT_LIMIT: usize = 200;
pub const STUCK_STEPS: usize = 20_000;

/// Runs `code` from offset 0.
pub fn execute(code: &MachBufferFinalized) -> (Vec<Event>, End) {
    let bytes = &code.data;
    let mut events = Vec::new();
    let mut pc: i64 = 0;
    let mut quiet_steps = 0;
    loop {
        if events.len() >= EVENT_LIMIT {
            return (events, End::Limit);
        }
        quiet_steps += 1;
        if quiet_steps > STUCK_STEPS {
            return (events, End::Stuck);
        }
        let at = |i: i64| usize::try_from(i).ok().and_then(|i| bytes.get(i).copied());
        let (Some(op), Some(arg)) = (at(pc), at(pc + 1)) else {
            return (events, End::Fault(format!("pc {pc:#x} outside the code")));
        };
        if pc % 2 != 0 {
            return (events, End::Fault(format!("misaligned pc {pc:#x}")));
        }
        let rel8 = i64::from(arg as i8);
        match op {
            NOP => pc += 2,
            MARK => {
                events.push(Event::Mark(arg));
                quiet_steps = 0;
                pc += 2;
            }
            RET => return (events, End::Ret),
            JMP8 => pc += 2 * rel8,
            JMP16 => {
                let (Some(lo), Some(hi)) = (at(pc + 2), at(pc + 3)) else {
                    return (events, End::Fault(format!("truncated jmp16 at {pc:#x}")));
                };
                pc = pc + 2 + i64::from(i16::from_le_bytes([lo, hi]));
            }
            LDC => {
                let Some(value) = at(pc + 1 + rel8) else {
                    return (
                        events,
                        End::Fault(format!("load outside the code at {pc:#x}")),
                    );
                };
                events.push(Event::Load(value));
                quiet_steps = 0;
                pc += 2;
            }
            TRAP => {
                let site = MachTrap {
                    offset: pc as u32,
                    code: TrapCode(u16::from(arg)),
                };
                if !code.traps.contains(&site) {
                    return (events, End::Fault(format!("no trap site at {pc:#x}")));
                }
                return (events, End::Trap(arg));
            }
            _ if op & 0xf0 == JCC8 => {
                if condition_holds(&events, op & 0x0f) {
                    pc += 2 * rel8;
                } else {
                    pc += 2;
                }
            }
            _ => {
                return (
                    events,
                    End::Fault(format!("invalid opcode {op:#x} at {pc:#x}")),
                );
            }
        }
    }
}
