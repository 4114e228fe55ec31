//! Checks `machinst::abi` against C compilers: a batch of C functions that
//! each return one of their parameters is compiled with `gcc -O2 -S` for
//! x86-64 SysV (the host; again with `__attribute__((ms_abi))` for Windows
//! fastcall), `aarch64-linux-gnu-gcc` and `s390x-linux-gnu-gcc` (one
//! invocation per ISA and convention), and the operand the first
//! instruction of each function reads must be the register or stack slot our
//! layout assigns to that parameter.
//!
//! The same batch holds `clobber_all`, whose inline assembly clobbers every
//! allocatable register: the registers gcc saves in it must be our
//! callee-saved set.
//!
//! A missing compiler skips its ISA with a notice written past the test
//! harness's capture, unless `LATHE_REQUIRE_CROSS=1` (CI), where it fails.

use lathe::ir::types::{F32, F64, I32, I64, I128};
use lathe::ir::{AbiParam, CallConv, Signature, Type};
use lathe::machinst::abi::{
    AbiIsa, AbiReg, ArgLoc, PointerLoc, callee_saved_regs, compute_call_layout,
};
use std::collections::BTreeSet;
use std::io::Write;
use std::process::{Command, Stdio};

/// Which part of the returned parameter the function returns.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Part {
    Whole,
    /// Bits 0..64 of an `__int128`.
    Low,
    /// Bits 64..128 of an `__int128`.
    High,
}

/// One C function: its parameter types and the parameter it returns.
struct Case {
    name: String,
    params: Vec<Type>,
    returned: usize,
    part: Part,
}

fn c_type(ty: Type) -> &'static str {
    match ty {
        I32 => "int",
        I64 => "long",
        I128 => "__int128",
        F32 => "float",
        F64 => "double",
        _ => panic!("no C type for {ty}"),
    }
}

/// Parameter lists each exercising register exhaustion of some class.
fn signatures() -> Vec<Vec<Type>> {
    let mut alternating = Vec::new();
    for _ in 0..6 {
        alternating.extend([I32, F64]);
    }
    let mut i128_spill = vec![I64; 7];
    i128_spill.extend([I128, I64]);
    vec![
        vec![I64; 10],
        vec![I32; 10],
        vec![F32; 10],
        vec![F64; 11],
        alternating,
        vec![I64, I128, I64, I128, I128, I64, I128],
        i128_spill,
        vec![I64, I64, I64, I64, I128, F32, I128],
        vec![I64, I64, I64, I64, I64, I128, I64],
    ]
}

fn cases() -> Vec<Case> {
    let mut cases = Vec::new();
    for (s, params) in signatures().into_iter().enumerate() {
        for (k, &ty) in params.iter().enumerate() {
            let parts: &[Part] = if ty == I128 {
                &[Part::Low, Part::High]
            } else {
                &[Part::Whole]
            };
            for &part in parts {
                cases.push(Case {
                    name: format!("s{s}_p{k}_{part:?}"),
                    params: params.clone(),
                    returned: k,
                    part,
                });
            }
        }
    }
    cases
}

fn return_type(case: &Case) -> Type {
    match case.params[case.returned] {
        I128 => I64,
        ty => ty,
    }
}

/// The C source of `cases`, each function prefixed with `attribute`.
fn c_source(cases: &[Case], attribute: &str) -> String {
    let mut src = String::new();
    for case in cases {
        let params: Vec<String> = case
            .params
            .iter()
            .enumerate()
            .map(|(i, &t)| format!("{} p{i}", c_type(t)))
            .collect();
        let value = match case.part {
            Part::Whole => format!("p{}", case.returned),
            Part::Low => format!("(long)p{}", case.returned),
            Part::High => format!("(long)(p{} >> 64)", case.returned),
        };
        src.push_str(&format!(
            "{attribute}{} {}({}) {{ return {value}; }}\n",
            c_type(return_type(case)),
            case.name,
            params.join(", ")
        ));
    }
    src
}

/// What an instruction reads, in our terms.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Operand {
    Reg(AbiReg),
    /// An offset from the caller's stack pointer at the call.
    Stack(u32),
    /// Memory at `disp(base)`.
    Mem(AbiReg, u32),
}

/// The assembly, or `None` when the compiler is missing (and not required).
fn compile(compiler: &str, source: &str) -> Option<String> {
    let child = Command::new(compiler)
        .args([
            "-O2",
            "-S",
            "-fno-asynchronous-unwind-tables",
            // s390x reserves r12 for the GOT under PIC; the clobber list
            // of the callee-saved check names it.
            "-fno-pic",
            "-x",
            "c",
            "-",
            "-o",
            "-",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) => {
            assert!(
                std::env::var("LATHE_REQUIRE_CROSS").as_deref() != Ok("1"),
                "`{compiler}` is required (LATHE_REQUIRE_CROSS=1) for the ABI oracle: {e}"
            );
            let _ = writeln!(
                std::io::stderr(),
                "notice: skipping the ABI oracle for `{compiler}`: it does not run ({e})"
            );
            return None;
        }
    };
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(source.as_bytes())
        .expect("writes the C source");
    let out = child.wait_with_output().expect("the compiler finishes");
    assert!(
        out.status.success(),
        "`{compiler}` failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8(out.stdout).expect("assembly is UTF-8"))
}

/// The first instruction of function `name` (mnemonic and operands), skipping
/// labels and directives.
fn first_instruction<'a>(asm: &'a str, name: &str) -> (&'a str, Vec<&'a str>) {
    let label = format!("{name}:");
    let mut lines = asm.lines().skip_while(|l| l.trim() != label).skip(1);
    let line = lines
        .find(|l| {
            let t = l.trim();
            !t.is_empty() && !t.starts_with('.') && !t.ends_with(':') && t != "endbr64"
        })
        .unwrap_or_else(|| panic!("no instruction for `{name}` in:\n{asm}"));
    let t = line.trim();
    let (mnemonic, rest) = t.split_once(char::is_whitespace).unwrap_or((t, ""));
    (mnemonic, split_operands(rest.trim()))
}

/// Splits at commas outside brackets and parentheses.
fn split_operands(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0i32, 0);
    for (i, c) in s.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            ',' if depth == 0 => {
                out.push(s[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    if !s[start..].trim().is_empty() {
        out.push(s[start..].trim());
    }
    out
}

fn x64_reg(name: &str) -> AbiReg {
    const GPRS: [&str; 8] = ["ax", "cx", "dx", "bx", "sp", "bp", "si", "di"];
    if let Some(n) = name.strip_prefix("xmm") {
        return AbiReg::float(n.parse().expect("xmm number"));
    }
    if let Some(n) = name
        .strip_prefix('r')
        .and_then(|r| r.trim_end_matches(['d', 'w', 'b']).parse::<u8>().ok())
    {
        return AbiReg::int(n);
    }
    let base = name.trim_start_matches(['r', 'e']);
    let hw = GPRS
        .iter()
        .position(|&g| g == base)
        .unwrap_or_else(|| panic!("x86 register `{name}`"));
    AbiReg::int(hw as u8)
}

/// The register `name` (with or without a leading `%`) of `isa`.
fn named_reg(isa: AbiIsa, name: &str) -> AbiReg {
    let name = name.trim_start_matches('%');
    if isa == AbiIsa::X86_64 {
        return x64_reg(name);
    }
    let (kind, num) = name.split_at(1);
    let num: u8 = num
        .parse()
        .unwrap_or_else(|_| panic!("{isa:?} register `{name}`"));
    match kind {
        "x" | "w" | "r" => AbiReg::int(num),
        _ => AbiReg::float(num),
    }
}

/// The operand the first instruction reads, or `None` for a return.
fn read_operand(isa: AbiIsa, mnemonic: &str, ops: &[&str]) -> Option<Operand> {
    match isa {
        AbiIsa::X86_64 => {
            let src = *ops.first()?;
            if let Some(reg) = src.strip_prefix('%') {
                return Some(Operand::Reg(x64_reg(reg)));
            }
            let (disp, base) = src
                .strip_suffix(')')
                .and_then(|m| m.split_once("(%"))
                .unwrap_or_else(|| panic!("x86 operand `{src}`"));
            let disp: u32 = if disp.is_empty() {
                0
            } else {
                disp.parse().expect("displacement")
            };
            Some(if base == "rsp" {
                // The return address sits between the arguments and rsp.
                Operand::Stack(disp - 8)
            } else {
                Operand::Mem(x64_reg(base), disp)
            })
        }
        AbiIsa::Aarch64 => {
            if mnemonic == "ret" {
                return None;
            }
            let src = *ops
                .get(1)
                .unwrap_or_else(|| panic!("aarch64 `{mnemonic}` operands {ops:?}"));
            if let Some(mem) = src.strip_prefix("[sp").and_then(|m| m.strip_suffix(']')) {
                let disp = mem.trim_start_matches(',').trim();
                return Some(Operand::Stack(if disp.is_empty() {
                    0
                } else {
                    disp.parse().expect("offset")
                }));
            }
            Some(Operand::Reg(named_reg(isa, src)))
        }
        AbiIsa::S390x => {
            if mnemonic == "br" {
                return None;
            }
            let src = *ops
                .get(1)
                .unwrap_or_else(|| panic!("s390x `{mnemonic}` operands {ops:?}"));
            let reg = |r: &str| named_reg(isa, r);
            match src.split_once('(') {
                None => Some(Operand::Reg(reg(src))),
                Some((disp, base)) => {
                    let disp: u32 = disp.parse().expect("displacement");
                    let base = reg(base.trim_end_matches(')'));
                    Some(if base == AbiReg::int(15) {
                        Operand::Stack(disp)
                    } else {
                        Operand::Mem(base, disp)
                    })
                }
            }
        }
    }
}

/// What the function's first instruction must read, per our layout.
fn expected_operand(isa: AbiIsa, loc: ArgLoc, part: Part) -> Operand {
    let high = part == Part::High;
    match loc {
        ArgLoc::Reg(r) => Operand::Reg(r),
        ArgLoc::RegPair { lo, hi } => Operand::Reg(if high { hi } else { lo }),
        ArgLoc::Stack { offset, .. } => Operand::Stack(offset + if high { 8 } else { 0 }),
        ArgLoc::Indirect {
            pointer: PointerLoc::Stack { offset },
            ..
        } => Operand::Stack(offset),
        ArgLoc::Indirect {
            pointer: PointerLoc::Reg(p),
            ..
        } => {
            // The halves of the i128 in memory, in the ISA's byte order.
            let high_first = isa == AbiIsa::S390x;
            Operand::Mem(p, if high == high_first { 0 } else { 8 })
        }
    }
}

/// The registers the callee-saved check clobbers: every allocatable one
/// (aarch64's frame pointer x29 and the x16-x18 scratch/platform registers
/// excepted).
fn clobbered(isa: AbiIsa) -> Vec<String> {
    let mut names: Vec<String> = match isa {
        AbiIsa::X86_64 => ["rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp"]
            .map(String::from)
            .into_iter()
            .chain((8..16).map(|n| format!("r{n}")))
            .collect(),
        AbiIsa::Aarch64 => (0..16).chain(19..29).map(|n| format!("x{n}")).collect(),
        AbiIsa::S390x => (0..14).map(|n| format!("r{n}")).collect(),
    };
    let (float, count) = match isa {
        AbiIsa::X86_64 => ("xmm", 16),
        AbiIsa::Aarch64 => ("v", 32),
        AbiIsa::S390x => ("f", 16),
    };
    names.extend((0..count).map(|n| format!("{float}{n}")));
    names
}

/// The C function clobbering [`clobbered`] registers.
fn clobber_source(isa: AbiIsa, attribute: &str) -> String {
    let list: Vec<String> = clobbered(isa).iter().map(|n| format!("\"{n}\"")).collect();
    format!(
        "{attribute}void clobber_all(void) {{ __asm__ volatile(\"\" ::: {}); }}\n",
        list.join(", ")
    )
}

/// The registers function `name` stores to memory (its saves).
fn stored_regs(isa: AbiIsa, asm: &str, name: &str) -> Vec<AbiReg> {
    let label = format!("{name}:");
    let mut saved = Vec::new();
    let body = asm
        .lines()
        .skip_while(|l| l.trim() != label)
        .skip(1)
        .map(str::trim)
        .take_while(|l| !matches!(*l, "ret" | "br\t%r14" | "br %r14"));
    for line in body {
        let (mnemonic, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
        let ops = split_operands(rest.trim());
        match (isa, mnemonic) {
            (AbiIsa::X86_64, "pushq") => saved.push(named_reg(isa, ops[0])),
            (AbiIsa::X86_64, m)
                if m.starts_with("mov") && ops.len() == 2 && ops[1].contains('(') =>
            {
                saved.push(named_reg(isa, ops[0]))
            }
            (AbiIsa::Aarch64, "stp" | "str") => saved.extend(
                ops.iter()
                    .filter(|o| !o.starts_with('['))
                    .map(|o| named_reg(isa, o)),
            ),
            (AbiIsa::S390x, "stmg") => {
                let (first, last) = (named_reg(isa, ops[0]).hw, named_reg(isa, ops[1]).hw);
                saved.extend((first..=last).map(AbiReg::int));
            }
            (AbiIsa::S390x, "std" | "stg") => saved.push(named_reg(isa, ops[0])),
            _ => {}
        }
    }
    saved
}

/// Checks that the registers gcc saves in `clobber_all` are exactly our
/// callee-saved set, over the registers the function clobbers.
fn check_callee_saved(isa: AbiIsa, conv: CallConv, asm: &str) {
    let clobbered: BTreeSet<AbiReg> = clobbered(isa).iter().map(|n| named_reg(isa, n)).collect();
    let saved: BTreeSet<AbiReg> = stored_regs(isa, asm, "clobber_all")
        .into_iter()
        .filter(|r| clobbered.contains(r))
        .collect();
    let ours = callee_saved_regs(isa, conv).expect("the convention exists");
    let ours_clobbered: BTreeSet<AbiReg> = ours
        .iter()
        .copied()
        .filter(|r| clobbered.contains(r))
        .collect();
    assert_eq!(
        saved,
        ours_clobbered,
        "callee-saved registers of {} on {isa:?}",
        conv.name()
    );
    // Only aarch64's frame pointer escapes the check.
    let unchecked: Vec<AbiReg> = ours
        .iter()
        .copied()
        .filter(|r| !clobbered.contains(r))
        .collect();
    let expected = if isa == AbiIsa::Aarch64 {
        vec![AbiReg::int(29)]
    } else {
        vec![]
    };
    assert_eq!(unchecked, expected);
}

/// Compiles every case with `compiler` (each function carrying `attribute`)
/// and compares the operands read with the layout under `conv` on `isa`.
fn check_isa(isa: AbiIsa, conv: CallConv, compiler: &str, attribute: &str) {
    let cases = cases();
    let source = c_source(&cases, attribute) + &clobber_source(isa, attribute);
    let Some(asm) = compile(compiler, &source) else {
        return;
    };
    check_callee_saved(isa, conv, &asm);
    let mut failures = Vec::new();
    for case in &cases {
        let mut sig = Signature::new(conv);
        sig.params = case.params.iter().map(|&t| AbiParam::new(t)).collect();
        sig.returns = vec![AbiParam::new(return_type(case))];
        let layout = compute_call_layout(&sig, isa).expect("C signatures have a layout");
        let (mnemonic, ops) = first_instruction(&asm, &case.name);
        let ArgLoc::Reg(ret_reg) = layout.returns[0].loc else {
            panic!("scalar return not in a register: {:?}", layout.returns[0]);
        };
        let read = read_operand(isa, mnemonic, &ops).unwrap_or(Operand::Reg(ret_reg));
        let expected = expected_operand(isa, layout.params[case.returned].loc, case.part);
        if read != expected {
            failures.push(format!(
                "{}: `{mnemonic} {}` reads {read:?}, layout says {expected:?}",
                case.name,
                ops.join(", ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} functions disagree with {compiler} ({}):\n{}",
        failures.len(),
        cases.len(),
        conv.name(),
        failures.join("\n")
    );
}

#[test]
fn x86_64_sysv_matches_gcc() {
    check_isa(AbiIsa::X86_64, CallConv::SystemV, "gcc", "");
}

#[test]
fn aapcs64_matches_gcc() {
    check_isa(
        AbiIsa::Aarch64,
        CallConv::SystemV,
        "aarch64-linux-gnu-gcc",
        "",
    );
}

#[test]
fn s390x_elf_matches_gcc() {
    check_isa(AbiIsa::S390x, CallConv::SystemV, "s390x-linux-gnu-gcc", "");
}

#[test]
fn windows_fastcall_matches_gcc_ms_abi() {
    check_isa(
        AbiIsa::X86_64,
        CallConv::WindowsFastcall,
        "gcc",
        "__attribute__((ms_abi)) ",
    );
}
