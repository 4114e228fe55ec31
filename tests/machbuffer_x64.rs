//! The MachBuffer with real x86-64 instructions from the generated
//! encoders: small functions whose branches the buffer simplifies (a jump
//! to the next block removed, a jump-only block threaded and then removed
//! as unreachable, a `jcc; jmp` pair inverted), plus a constant pool, a
//! deferred trap and a relocation. All functions go into one blob
//! disassembled by ONE run of GNU objdump; the listing of each function's
//! code is checked (branch targets, no leftover jumps) and snapshotted.
//! Without objdump the test skips with a notice, or fails when
//! `LATHE_REQUIRE_CROSS=1`.

#![cfg(feature = "x86")]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::process::Command;

use lathe::isa::x64::regs::*;
use lathe::isa::x64::{Amode, Cc, Inst, LabelUse, RegMem, RegMemRw};
use lathe::machinst::asm_sink::{
    AsmSink, Label, RelocKind, SymbolRef, Target, TrapCode, VecAsmSink,
};
use lathe::machinst::buffer::{MachBuffer, MachBufferFinalized};
use lathe::machinst::forms::AsmError;
use lathe::machinst::reg::Rw;

type Buffer = MachBuffer<LabelUse>;

fn put(b: &mut Buffer, inst: Result<Inst, AsmError>) {
    inst.and_then(|i| i.encode(b)).expect("encodes");
}

fn jmp(b: &mut Buffer, target: Label) {
    let start = b.cur_offset();
    put(b, Inst::jmp_rel32(Target::Label(target)));
    b.add_uncond_branch(start, b.cur_offset(), target);
}

/// A conditional branch, registered with the encoding of its inverse.
fn jcc(b: &mut Buffer, cc: Cc, target: Label) {
    let start = b.cur_offset();
    put(b, Inst::jcc_rel32(cc, Target::Label(target)));
    let mut inverted = VecAsmSink::<LabelUse>::new();
    let label = inverted.new_label();
    Inst::jcc_rel32(cc.invert(), Target::Label(label))
        .and_then(|i| i.encode(&mut inverted))
        .expect("encodes");
    b.add_cond_branch(start, b.cur_offset(), target, inverted.bytes());
}

fn ret(b: &mut Buffer) {
    let start = b.cur_offset();
    put(b, Inst::ret());
    b.add_barrier(start, b.cur_offset());
}

fn mov_imm(b: &mut Buffer, value: i64) {
    put(b, Inst::mov_r32_imm32(RAX, value));
}

/// One function of the blob.
struct Function {
    name: &'static str,
    code: MachBufferFinalized,
    /// Where its instructions end (the constant pool follows).
    code_end: u32,
    /// Labels whose addresses the checks use.
    labels: Vec<(&'static str, Label)>,
}

fn finish(
    name: &'static str,
    b: Buffer,
    pool: &[Label],
    labels: Vec<(&'static str, Label)>,
) -> Function {
    let code = b
        .finish()
        .unwrap_or_else(|e| panic!("{name}: finish failed: {e:?}"));
    let code_end = pool
        .iter()
        .filter_map(|&l| code.label_offset(l))
        .min()
        .unwrap_or(code.data.len() as u32);
    Function {
        name,
        code,
        code_end,
        labels,
    }
}

/// `block0: mov eax, 1; jmp block1; block1: ret` — the jump goes.
fn fallthrough() -> Function {
    let mut b = Buffer::with_blocks(2);
    b.bind_label(Label(0));
    mov_imm(&mut b, 1);
    jmp(&mut b, Label(1));
    b.bind_label(Label(1));
    ret(&mut b);
    finish("fallthrough", b, &[], vec![])
}

/// `brif` to a jump-only block: the conditional branch goes straight to
/// its target, and the jump-only block (after a return) disappears.
fn threading() -> Function {
    let mut b = Buffer::with_blocks(5);
    b.bind_label(Label(0));
    put(&mut b, Inst::test_rm32_r32(RegMem::Reg(RDI), RDI));
    jcc(&mut b, Cc::Ne, Label(1));
    jmp(&mut b, Label(2));
    b.bind_label(Label(2));
    mov_imm(&mut b, 2);
    ret(&mut b);
    b.bind_label(Label(1));
    jmp(&mut b, Label(3));
    b.bind_label(Label(4));
    mov_imm(&mut b, 4);
    ret(&mut b);
    b.bind_label(Label(3));
    mov_imm(&mut b, 3);
    ret(&mut b);
    finish("threading", b, &[], vec![("block3", Label(3))])
}

/// `jl block1; jmp block2; block1:` becomes `jge block2`.
fn inversion() -> Function {
    let mut b = Buffer::with_blocks(3);
    b.bind_label(Label(0));
    put(&mut b, Inst::cmp_rm32_imm8(RegMem::Reg(RDI), 10));
    jcc(&mut b, Cc::L, Label(1));
    jmp(&mut b, Label(2));
    b.bind_label(Label(1));
    mov_imm(&mut b, 1);
    ret(&mut b);
    b.bind_label(Label(2));
    put(
        &mut b,
        Inst::xor_rm32_r32(RegMemRw::Reg(Rw::same(RAX)), RAX),
    );
    ret(&mut b);
    finish("inversion", b, &[], vec![("block2", Label(2))])
}

/// A deferred trap, two pool constants (one used twice) and a call.
fn pool_and_traps() -> Function {
    let mut b = Buffer::with_blocks(1);
    let mut ud2 = VecAsmSink::<LabelUse>::new();
    Inst::ud2()
        .and_then(|i| i.encode(&mut ud2))
        .expect("encodes");
    let trap = b.defer_trap(TrapCode(3), ud2.bytes());
    let half = b.constant_label(&1.5f64.to_le_bytes(), 8);
    let zeros = b.constant_label(&[0; 16], 16);
    b.bind_label(Label(0));
    put(&mut b, Inst::test_rm32_r32(RegMem::Reg(RSI), RSI));
    jcc(&mut b, Cc::E, trap);
    put(
        &mut b,
        Inst::movsd_xmm_m64(XMM0, Amode::rip(Target::Label(half))),
    );
    put(
        &mut b,
        Inst::movaps_xmm_xmm_m128(XMM1, RegMem::Mem(Amode::rip(Target::Label(zeros)))),
    );
    assert_eq!(b.constant_label(&1.5f64.to_le_bytes(), 8), half);
    put(
        &mut b,
        Inst::lea_r64_m(RAX, Amode::rip(Target::Label(half))),
    );
    put(
        &mut b,
        Inst::call_rel32(Target::Symbol {
            symbol: SymbolRef(7),
            addend: 0,
        }),
    );
    ret(&mut b);
    let f = finish(
        "pool_and_traps",
        b,
        &[half, zeros],
        vec![("trap", trap), ("half", half), ("zeros", zeros)],
    );
    // The pool: each constant once, aligned, after the code and the trap.
    let at = |l: Label| f.code.label_offset(l).expect("bound") as usize;
    assert_eq!(f.code.data[at(half)..at(half) + 8], 1.5f64.to_le_bytes());
    assert_eq!(f.code.data[at(zeros)..at(zeros) + 16], [0; 16]);
    assert_eq!((at(half) % 8, at(zeros) % 16), (0, 0));
    assert_eq!(f.code.alignment, 16);
    assert_eq!(f.code.stats.constants_emitted, 2);
    assert_eq!(f.code.traps.len(), 1);
    assert_eq!(f.code.traps[0].offset as usize, at(trap));
    assert_eq!(f.code.traps[0].code, TrapCode(3));
    assert_eq!(f.code.relocs.len(), 1);
    assert_eq!(f.code.relocs[0].kind, RelocKind::X86CallPlt4);
    f
}

/// objdump's listing: address -> text.
fn objdump(blob: &[u8]) -> Option<BTreeMap<u64, String>> {
    let cmd = std::env::var("OBJDUMP").unwrap_or_else(|_| "objdump".to_string());
    let path =
        std::env::temp_dir().join(format!("lathe-machbuffer-x64-{}.bin", std::process::id()));
    std::fs::write(&path, blob).expect("writes the blob");
    let output = Command::new(&cmd)
        .args(["-D", "-b", "binary", "-m", "i386:x86-64", "-M", "intel"])
        .arg(&path)
        .output();
    let _ = std::fs::remove_file(&path);
    let output = match output {
        Ok(o) => o,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            assert!(
                std::env::var("LATHE_REQUIRE_CROSS").as_deref() != Ok("1"),
                "`{cmd}` is not installed and LATHE_REQUIRE_CROSS=1"
            );
            // Written past the test harness's capture so the skip is visible.
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "notice: skipping the MachBuffer x86-64 disassembly check: `{cmd}` is not installed"
            );
            return None;
        }
        Err(e) => panic!("{cmd}: {e}"),
    };
    assert!(
        output.status.success(),
        "{cmd} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut lines = BTreeMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let mut parts = line.splitn(3, '\t');
        let (Some(addr), Some(_bytes), Some(text)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let Some(Ok(addr)) = addr
            .trim()
            .strip_suffix(':')
            .map(|a| u64::from_str_radix(a, 16))
        else {
            continue;
        };
        lines.insert(addr, text.trim_end().to_string());
    }
    Some(lines)
}

/// `text` with every address objdump prints as an operand (a branch
/// target, a `# 0x..` comment) made relative to the function's `start`.
fn relative(text: &str, start: u64, end: u64) -> String {
    let mut out = String::new();
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let address = word
            .strip_prefix("0x")
            .and_then(|hex| u64::from_str_radix(hex, 16).ok())
            .filter(|a| (start..end).contains(a));
        match address {
            Some(a) => write!(out, "{:#x}", a - start).expect("string"),
            None => out.push_str(word),
        }
    }
    out
}

#[test]
fn simplified_x64_branches_disassemble_as_expected() {
    let functions = [fallthrough(), threading(), inversion(), pool_and_traps()];

    // One blob: each function 16-aligned, followed by 16 bytes of int3 so
    // objdump is back in step (x86 instructions are at most 15 bytes)
    // whatever the constant pool decodes as.
    let mut blob = Vec::new();
    let mut starts = Vec::new();
    for f in &functions {
        blob.resize(blob.len().next_multiple_of(16), 0xcc);
        starts.push(blob.len() as u64);
        blob.extend_from_slice(&f.code.data);
        blob.extend_from_slice(&[0xcc; 16]);
    }
    let Some(listing) = objdump(&blob) else {
        return;
    };

    let mut snapshot = String::new();
    for (f, &start) in functions.iter().zip(&starts) {
        let lines: Vec<(u64, &str)> = listing
            .range(start..start + u64::from(f.code_end))
            .map(|(&a, t)| (a, t.as_str()))
            .collect();
        assert!(
            lines.first().is_some_and(|(a, _)| *a == start),
            "{}: objdump is not in step at the function start",
            f.name
        );
        let address = |name: &str| {
            let (_, label) = f.labels.iter().find(|(n, _)| *n == name).expect("label");
            start + u64::from(f.code.label_offset(*label).expect("bound"))
        };
        let texts: Vec<&str> = lines.iter().map(|(_, t)| *t).collect();
        let mnemonics: Vec<&str> = texts
            .iter()
            .map(|t| t.split_whitespace().next().unwrap_or_default())
            .collect();
        match f.name {
            "fallthrough" => assert_eq!(mnemonics, ["mov", "ret"]),
            "threading" => {
                assert_eq!(
                    mnemonics,
                    ["test", "jne", "mov", "ret", "mov", "ret", "mov", "ret"]
                );
                assert_eq!(texts[1], format!("jne    {:#x}", address("block3")));
                assert_eq!(f.code.stats.labels_threaded, 1);
                assert_eq!(f.code.stats.unreachable_branches_removed, 1);
            }
            "inversion" => {
                assert_eq!(mnemonics, ["cmp", "jge", "mov", "ret", "xor", "ret"]);
                assert_eq!(texts[1], format!("jge    {:#x}", address("block2")));
            }
            "pool_and_traps" => {
                assert_eq!(
                    mnemonics,
                    ["test", "je", "movsd", "movaps", "lea", "call", "ret", "ud2"]
                );
                assert_eq!(texts[1], format!("je     {:#x}", address("trap")));
                let rip = |t: &str, label: &str| {
                    let target = address(label);
                    assert!(
                        t.contains(&format!("# {target:#x}")),
                        "{t} should refer to {target:#x}"
                    );
                };
                rip(texts[2], "half");
                rip(texts[3], "zeros");
                rip(texts[4], "half");
            }
            other => panic!("unchecked function {other}"),
        }
        writeln!(snapshot, "{}:", f.name).expect("string");
        let end = start + f.code.data.len() as u64;
        for (a, t) in &lines {
            writeln!(snapshot, "  {:4x}: {}", a - start, relative(t, start, end)).expect("string");
        }
    }
    insta::assert_snapshot!(snapshot);
}
