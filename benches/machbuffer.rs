//! Benchmark: emit a generated x86-64 function of 20,000 blocks (about
//! 200,000 instructions: arithmetic, loads of pool constants, `jcc; jmp`
//! pairs, jump-only blocks, deferred traps, returns) into a MachBuffer.
//!
//! `cargo bench --bench machbuffer` prints instructions per second for the
//! MachBuffer (with branch simplification) and, as a baseline, for the
//! plain `VecAsmSink` the encoder tests use (no simplification, no pool).
//! No timing assertions: this measures, the test suite checks behaviour.

use std::hint::black_box;
use std::time::{Duration, Instant};

use lathe::isa::x64::regs::*;
use lathe::isa::x64::{Amode, Cc, Inst, LabelUse, RegMem, RegMemRw};
use lathe::machinst::asm_sink::{AsmSink, Label, Target, TrapCode, VecAsmSink};
use lathe::machinst::buffer::MachBuffer;
use lathe::machinst::reg::Rw;

const BLOCKS: u32 = 20_000;

/// What a block of the generated function ends with.
#[derive(Clone, Copy)]
enum End {
    /// `jcc taken; jmp not_taken`.
    Branch(Cc, u32, u32),
    /// A jump-only block.
    Jump(u32),
    Ret,
}

/// One generated block: its body instructions and its end.
struct Block {
    body: Vec<Inst>,
    constant: Option<[u8; 8]>,
    trap_if: Option<Cc>,
    end: End,
}

fn generate() -> Vec<Block> {
    let mut seed = 0x1234_5678_9abc_def0u64;
    let mut next = |n: u32| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % u64::from(n)) as u32
    };
    let regs = [RAX, RCX, RDX, RBX, RSI, RDI, R8, R9, R10, R11];
    (0..BLOCKS)
        .map(|b| {
            let mut body = Vec::new();
            let jump_only = next(8) == 0;
            if !jump_only {
                for i in 0..8 {
                    let (dst, src) = (regs[next(10) as usize], regs[next(10) as usize]);
                    let inst = match i % 4 {
                        0 => Inst::add_rm64_r64(RegMemRw::Reg(Rw::same(dst)), src),
                        1 => Inst::mov_r64_rm64(dst, RegMem::Mem(Amode::base(src, 8 * i))),
                        2 => Inst::xor_rm32_r32(RegMemRw::Reg(Rw::same(dst)), src),
                        _ => Inst::cmp_rm64_imm32(RegMem::Reg(dst), i64::from(b)),
                    };
                    body.push(inst.expect("valid"));
                }
            }
            let target = |next: &mut dyn FnMut(u32) -> u32| (b + 1 + next(4)).min(BLOCKS - 1);
            let end = if b == BLOCKS - 1 || next(20) == 0 {
                End::Ret
            } else if jump_only {
                End::Jump(target(&mut next))
            } else {
                End::Branch(
                    Cc::ALL[next(16) as usize],
                    target(&mut next),
                    target(&mut next),
                )
            };
            Block {
                body,
                constant: (!jump_only && next(4) == 0).then(|| u64::from(next(64)).to_le_bytes()),
                trap_if: (!jump_only && next(10) == 0).then(|| Cc::ALL[next(16) as usize]),
                end,
            }
        })
        .collect()
}

fn encode<S: AsmSink<LabelUse = LabelUse>>(sink: &mut S, inst: Result<Inst, impl std::fmt::Debug>) {
    inst.expect("valid").encode(sink).expect("encodes");
}

/// Emits into a MachBuffer, registering branches; returns (instructions, bytes).
fn emit_machbuffer(blocks: &[Block], ud2: &[u8], inverted: &[[u8; 6]; 16]) -> (usize, usize) {
    let mut b = MachBuffer::<LabelUse>::with_blocks(BLOCKS);
    let mut insts = 0;
    for (i, block) in blocks.iter().enumerate() {
        b.bind_label(Label(i as u32));
        for inst in &block.body {
            inst.encode(&mut b).expect("encodes");
        }
        insts += block.body.len();
        if let Some(c) = block.constant {
            let label = b.constant_label(&c, 8);
            encode(
                &mut b,
                Inst::movsd_xmm_m64(XMM0, Amode::rip(Target::Label(label))),
            );
            insts += 1;
        }
        if let Some(cc) = block.trap_if {
            let trap = b.defer_trap(TrapCode(1), ud2);
            let start = b.cur_offset();
            encode(&mut b, Inst::jcc_rel32(cc, Target::Label(trap)));
            b.add_cond_branch(
                start,
                b.cur_offset(),
                trap,
                &inverted[usize::from(cc.enc())],
            );
            insts += 1;
        }
        match block.end {
            End::Branch(cc, taken, not_taken) => {
                let (t, n) = (Label(taken), Label(not_taken));
                let start = b.cur_offset();
                encode(&mut b, Inst::jcc_rel32(cc, Target::Label(t)));
                b.add_cond_branch(start, b.cur_offset(), t, &inverted[usize::from(cc.enc())]);
                let start = b.cur_offset();
                encode(&mut b, Inst::jmp_rel32(Target::Label(n)));
                b.add_uncond_branch(start, b.cur_offset(), n);
                insts += 2;
            }
            End::Jump(t) => {
                let start = b.cur_offset();
                encode(&mut b, Inst::jmp_rel32(Target::Label(Label(t))));
                b.add_uncond_branch(start, b.cur_offset(), Label(t));
                insts += 1;
            }
            End::Ret => {
                let start = b.cur_offset();
                encode(&mut b, Inst::ret());
                b.add_barrier(start, b.cur_offset());
                insts += 1;
            }
        }
    }
    let code = b.finish().expect("resolves");
    (insts, black_box(code.data).len())
}

/// The same instructions into a VecAsmSink (constants and traps as plain
/// labels bound at the end); returns (instructions, bytes).
fn emit_vec_sink(blocks: &[Block], ud2: &[u8]) -> (usize, usize) {
    let mut b = VecAsmSink::<LabelUse>::new();
    for _ in 0..BLOCKS {
        b.new_label();
    }
    let mut insts = 0;
    let mut tail = Vec::new();
    for (i, block) in blocks.iter().enumerate() {
        b.bind_label(Label(i as u32));
        for inst in &block.body {
            inst.encode(&mut b).expect("encodes");
        }
        insts += block.body.len();
        if let Some(c) = block.constant {
            let label = b.new_label();
            tail.push((label, c.to_vec()));
            encode(
                &mut b,
                Inst::movsd_xmm_m64(XMM0, Amode::rip(Target::Label(label))),
            );
            insts += 1;
        }
        if let Some(cc) = block.trap_if {
            let label = b.new_label();
            tail.push((label, ud2.to_vec()));
            encode(&mut b, Inst::jcc_rel32(cc, Target::Label(label)));
            insts += 1;
        }
        match block.end {
            End::Branch(cc, taken, not_taken) => {
                encode(&mut b, Inst::jcc_rel32(cc, Target::Label(Label(taken))));
                encode(&mut b, Inst::jmp_rel32(Target::Label(Label(not_taken))));
                insts += 2;
            }
            End::Jump(t) => {
                encode(&mut b, Inst::jmp_rel32(Target::Label(Label(t))));
                insts += 1;
            }
            End::Ret => {
                encode(&mut b, Inst::ret());
                insts += 1;
            }
        }
    }
    for (label, bytes) in tail {
        b.bind_label(label);
        for byte in bytes {
            b.put1(byte);
        }
    }
    let code = b.finish().expect("resolves");
    (insts, black_box(code.bytes).len())
}

fn measure(name: &str, mut run: impl FnMut() -> (usize, usize)) {
    let mut best = Duration::MAX;
    let mut result = (0, 0);
    for _ in 0..5 {
        let start = Instant::now();
        result = run();
        best = best.min(start.elapsed());
    }
    let (insts, bytes) = result;
    println!(
        "{name:<28} {insts:>7} instructions -> {bytes:>8} bytes in {:>7.2} ms: {:>6.1} M instructions/s",
        best.as_secs_f64() * 1e3,
        insts as f64 / best.as_secs_f64() / 1e6
    );
}

fn main() {
    let blocks = generate();
    let mut ud2 = VecAsmSink::<LabelUse>::new();
    encode(&mut ud2, Inst::ud2());
    let ud2 = ud2.bytes().to_vec();
    let inverted: [[u8; 6]; 16] = core::array::from_fn(|i| {
        let mut sink = VecAsmSink::<LabelUse>::new();
        let label = sink.new_label();
        encode(
            &mut sink,
            Inst::jcc_rel32(Cc::ALL[i].invert(), Target::Label(label)),
        );
        let mut bytes = [0; 6];
        bytes.copy_from_slice(sink.bytes());
        bytes
    });
    measure("MachBuffer (simplifying)", || {
        emit_machbuffer(&blocks, &ud2, &inverted)
    });
    measure("VecAsmSink (baseline)", || emit_vec_sink(&blocks, &ud2));
}
