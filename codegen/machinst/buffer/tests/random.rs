//! Randomized equivalence: random control-flow graphs (jump-only blocks,
//! empty blocks, self loops, conditional branches with and without an
//! unconditional partner, pool constants, deferred traps, padding that
//! forces islands and veneers) are emitted three times — with every
//! branch registered for simplification, with none, and with a random
//! half — and every code must behave exactly like the graph interpreted
//! directly: same events, same
//! way of stopping. The generator is a fixed-seed xorshift, so failures
//! reproduce; the seed is in the message.

use super::toy::*;
use crate::machinst::asm_sink::{Label, TrapCode};
use crate::machinst::buffer::{MachBufferFinalized, MachBufferStats};

/// Pool constants `(bytes, alignment)`; first bytes differ so loads tell
/// them apart.
const CONSTANTS: [(&[u8], u32); 3] = [(&[0xc0, 1, 2], 1), (&[0xc1, 0, 0, 0, 9], 4), (&[0xc2], 2)];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

#[derive(Clone, Copy, Debug)]
enum Op {
    Mark(u8),
    Pad(u8),
    Load(usize),
    TrapIf { cc: u8, code: u8 },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Width {
    Short,
    Long,
}

#[derive(Clone, Copy, Debug)]
enum Term {
    Jump(usize, Width),
    /// `jcc cc taken; jmp not_taken`.
    Branch {
        cc: u8,
        taken: usize,
        not_taken: usize,
    },
    /// `jcc cc taken`, then the next block.
    BranchOrFall {
        cc: u8,
        taken: usize,
    },
    Ret,
    Trap(u8),
    Fall,
}

#[derive(Clone, Debug)]
struct Block {
    ops: Vec<Op>,
    term: Term,
}

fn generate(rng: &mut Rng, n: usize) -> Vec<Block> {
    (0..n)
        .map(|i| {
            let has_next = i + 1 < n;
            let target = |rng: &mut Rng| rng.below(n);
            if rng.chance(20) {
                let t = target(rng);
                let width = if rng.chance(80) {
                    Width::Short
                } else {
                    Width::Long
                };
                return Block {
                    ops: Vec::new(),
                    term: Term::Jump(t, width),
                };
            }
            if has_next && rng.chance(8) {
                return Block {
                    ops: Vec::new(),
                    term: Term::Fall,
                };
            }
            let mut ops = Vec::new();
            if rng.chance(80) {
                ops.push(Op::Mark(i as u8));
            }
            if rng.chance(40) {
                ops.push(Op::Pad(rng.below(40) as u8));
            }
            if rng.chance(20) {
                ops.push(Op::Load(rng.below(CONSTANTS.len())));
            }
            if rng.chance(10) {
                ops.push(Op::TrapIf {
                    cc: rng.below(16) as u8,
                    code: rng.below(4) as u8,
                });
            }
            let term = match rng.below(100) {
                0..=24 => Term::Jump(
                    target(rng),
                    if rng.chance(85) {
                        Width::Short
                    } else {
                        Width::Long
                    },
                ),
                25..=59 => Term::Branch {
                    cc: rng.below(16) as u8,
                    taken: target(rng),
                    not_taken: target(rng),
                },
                60..=74 if has_next => Term::BranchOrFall {
                    cc: rng.below(16) as u8,
                    taken: target(rng),
                },
                75..=84 if has_next => Term::Fall,
                85..=92 => Term::Trap(rng.below(4) as u8),
                _ => Term::Ret,
            };
            Block { ops, term }
        })
        .collect()
}

/// Runs the graph itself, checking the event limit and counting quiet
/// steps where the machine would (before each instruction).
fn interpret(blocks: &[Block]) -> (Vec<Event>, End) {
    // Before each operation and terminator; `None` to keep going.
    fn step(events: &[Event], quiet: &mut usize) -> Option<End> {
        if events.len() >= EVENT_LIMIT {
            return Some(End::Limit);
        }
        *quiet += 1;
        (*quiet > STUCK_STEPS).then_some(End::Stuck)
    }
    let mut events = Vec::new();
    let mut quiet = 0;
    let mut current = 0;
    loop {
        let block = &blocks[current];
        for op in &block.ops {
            if let Some(end) = step(&events, &mut quiet) {
                return (events, end);
            }
            match *op {
                Op::Mark(id) => events.push(Event::Mark(id)),
                Op::Load(k) => events.push(Event::Load(CONSTANTS[k].0[0])),
                Op::Pad(_) => {}
                Op::TrapIf { cc, code } => {
                    if condition_holds(&events, cc) {
                        return (events, End::Trap(code));
                    }
                }
            }
            if matches!(op, Op::Mark(_) | Op::Load(_)) {
                quiet = 0;
            }
        }
        if let Some(end) = step(&events, &mut quiet) {
            return (events, end);
        }
        current = match block.term {
            Term::Jump(t, _) => t,
            Term::Branch {
                cc,
                taken,
                not_taken,
            } => {
                if condition_holds(&events, cc) {
                    taken
                } else {
                    not_taken
                }
            }
            Term::BranchOrFall { cc, taken } => {
                if condition_holds(&events, cc) {
                    taken
                } else {
                    current + 1
                }
            }
            Term::Ret => return (events, End::Ret),
            Term::Trap(code) => return (events, End::Trap(code)),
            Term::Fall => current + 1,
        };
    }
}

/// Which emitted control-flow instructions are registered with the buffer.
#[derive(Clone, Copy, Debug)]
enum Registration {
    All,
    Nothing,
    /// A random half, chosen by a generator seeded with this.
    Some(u64),
}

impl Registration {
    fn seed(self) -> u64 {
        match self {
            Registration::Some(seed) => seed | 1,
            _ => 1,
        }
    }
}

fn label(i: usize) -> Label {
    Label(i as u32)
}

/// Emits the graph, checking for islands before every instruction (the
/// toy's ranges are tiny, so blocks are too big to check only between
/// them), each check's distance covering the instruction and what it adds
/// to the island.
fn emit(blocks: &[Block], mode: Registration) -> Result<MachBufferFinalized, String> {
    let mut choices = Rng(mode.seed());
    let mut register = || match mode {
        Registration::All => Register::Yes,
        Registration::Nothing => Register::No,
        Registration::Some(_) if choices.chance(50) => Register::Yes,
        Registration::Some(_) => Register::No,
    };
    let mut b = ToyBuffer::with_blocks(blocks.len() as u32);
    for (i, block) in blocks.iter().enumerate() {
        island_check(&mut b, 2, 0, register());
        b.bind_label(label(i));
        for op in &block.ops {
            match *op {
                Op::Mark(id) => {
                    island_check(&mut b, 2, 0, register());
                    mark(&mut b, id);
                }
                Op::Pad(count) => {
                    for _ in 0..count {
                        island_check(&mut b, 2, 0, register());
                        nop(&mut b);
                    }
                }
                Op::Load(k) => {
                    island_check(
                        &mut b,
                        2,
                        CONSTANTS[k].0.len() as u32 + CONSTANTS[k].1 - 1,
                        register(),
                    );
                    let (bytes, align) = CONSTANTS[k];
                    let constant = b.constant_label(bytes, align);
                    ldc(&mut b, constant);
                }
                Op::TrapIf { cc, code } => {
                    island_check(&mut b, 2, 3 + VENEER_ALLOWANCE, register());
                    let trap = b.defer_trap(TrapCode(u16::from(code)), &trap_bytes(code));
                    jcc8(&mut b, cc, trap, register());
                }
            }
        }
        match block.term {
            Term::Jump(t, Width::Short) => {
                island_check(&mut b, 2, VENEER_ALLOWANCE, register());
                jmp8(&mut b, label(t), register());
            }
            Term::Jump(t, Width::Long) => {
                island_check(&mut b, 4, 0, register());
                jmp16(&mut b, label(t), register());
            }
            Term::Branch {
                cc,
                taken,
                not_taken,
            } => {
                island_check(&mut b, 4, 2 * VENEER_ALLOWANCE, register());
                jcc8(&mut b, cc, label(taken), register());
                jmp8(&mut b, label(not_taken), register());
            }
            Term::BranchOrFall { cc, taken } => {
                island_check(&mut b, 2, VENEER_ALLOWANCE, register());
                jcc8(&mut b, cc, label(taken), register());
            }
            Term::Ret => {
                island_check(&mut b, 2, 0, register());
                ret_barrier(&mut b, register());
            }
            Term::Trap(code) => {
                island_check(&mut b, 2, 0, register());
                trap_barrier(&mut b, code, register());
            }
            Term::Fall => {}
        }
    }
    b.finish()
        .map_err(|errors| format!("finish failed: {errors:?}"))
}

fn add_stats(total: &mut MachBufferStats, s: &MachBufferStats) {
    total.fallthrough_branches_removed += s.fallthrough_branches_removed;
    total.labels_threaded += s.labels_threaded;
    total.unreachable_branches_removed += s.unreachable_branches_removed;
    total.branches_inverted += s.branches_inverted;
    total.islands += s.islands;
    total.veneers += s.veneers;
    total.constants_emitted += s.constants_emitted;
}

#[test]
fn simplified_code_behaves_like_the_graph() {
    let mut total = MachBufferStats::default();
    let mut shorter = 0;
    for seed in 1..=600u64 {
        let mut rng = Rng(seed.wrapping_mul(0x2545_f491_4f6c_dd1d));
        let n = 2 + rng.below(40);
        let blocks = generate(&mut rng, n);
        let expected = interpret(&blocks);
        let plain =
            emit(&blocks, Registration::Nothing).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        let simplified =
            emit(&blocks, Registration::All).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        let mixed =
            emit(&blocks, Registration::Some(seed)).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        assert_eq!(
            execute(&plain),
            expected,
            "seed {seed}, unsimplified code\n{blocks:#?}"
        );
        assert_eq!(
            execute(&simplified),
            expected,
            "seed {seed}, simplified code ({:?})\n{blocks:#?}",
            simplified.stats
        );
        assert_eq!(
            execute(&mixed),
            expected,
            "seed {seed}, partly simplified code ({:?})\n{blocks:#?}",
            mixed.stats
        );
        assert_eq!(plain.stats.fallthrough_branches_removed, 0);
        shorter += usize::from(simplified.data.len() < plain.data.len());
        add_stats(&mut total, &simplified.stats);
    }
    // Every rewrite and every island case was exercised.
    assert!(total.fallthrough_branches_removed > 100, "{total:?}");
    assert!(total.labels_threaded > 100, "{total:?}");
    assert!(total.unreachable_branches_removed > 20, "{total:?}");
    assert!(total.branches_inverted > 100, "{total:?}");
    assert!(total.islands > 100, "{total:?}");
    assert!(total.veneers > 100, "{total:?}");
    assert!(total.constants_emitted > 100, "{total:?}");
    assert!(shorter > 300, "only {shorter} simplified codes are shorter");
}
