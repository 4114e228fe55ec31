//! ELF objects written by `ObjectModule` link with a C compiler and run.
//!
//! For each ISA, small functions are assembled with the generated
//! instruction constructors (a constant, an add of two arguments, calls to
//! another function of the object and to the C library's `labs`/`puts`
//! through PLT relocations, loads and stores of data objects through
//! pc-relative relocations) and written into one object with data objects
//! (read-only, writable, zeroed, tables of function pointers). A C driver
//! written next to it calls everything and prints the results; the test
//! links both with ONE compiler run per ISA, runs the program (under
//! qemu-user for aarch64 and s390x) and compares its output. The x86-64
//! object's relocations are also listed by ONE `objdump -r` run.
//!
//! A missing cross compiler or qemu skips that ISA with a visible notice,
//! or fails when `LATHE_REQUIRE_CROSS=1` (CI).

use std::path::{Path, PathBuf};
use std::process::Command;

use lathe::machinst::asm_sink::{Reloc, SymbolRef, Target, VecAsmSink};
use lathe::machinst::forms::{AsmError, AsmInst};
use lathe::object::{
    DataDecl, Linkage, Module, ObjectError, ObjectModule, ObjectTarget, RelocatedBytes,
};

/// One function's code: its bytes and relocations.
struct Code {
    bytes: Vec<u8>,
    relocs: Vec<Reloc>,
}

/// Encodes `insts`; `Target::Symbol { symbol: SymbolRef(i) }` in them
/// refers to the i-th name of the function's name table.
fn assemble<I: AsmInst>(insts: Vec<Result<I, AsmError>>) -> Code {
    let mut sink = VecAsmSink::<I::LabelUse>::new();
    for inst in insts {
        inst.and_then(|i| i.encode(&mut sink)).expect("encodes");
    }
    let code = sink.finish().expect("labels resolve");
    Code {
        bytes: code.bytes,
        relocs: code.relocs,
    }
}

fn sym(index: u32) -> Target {
    Target::Symbol {
        symbol: SymbolRef(index),
        addend: 0,
    }
}

/// Declares and defines a function.
fn function(
    m: &mut ObjectModule,
    name: &str,
    linkage: Linkage,
    code: Code,
    names: &[&str],
) -> Result<(), ObjectError> {
    let id = m.declare_function(name, linkage)?;
    let contents = RelocatedBytes {
        bytes: &code.bytes,
        relocs: &code.relocs,
        symbol_names: names,
    };
    m.define_function(id, &contents, 1)
}

/// Declares and defines a data object whose 8-byte words at `pointers`
/// (offset, name, addend) point at symbols.
fn data(
    m: &mut ObjectModule,
    name: &str,
    linkage: Linkage,
    decl: DataDecl,
    bytes: &[u8],
    pointers: &[(u32, &str, i64)],
) -> Result<(), ObjectError> {
    let id = m.declare_data(name, linkage, decl)?;
    let names: Vec<&str> = pointers.iter().map(|p| p.1).collect();
    let relocs: Vec<Reloc> = pointers
        .iter()
        .enumerate()
        .map(|(i, &(offset, _, addend))| Reloc {
            offset,
            kind: lathe::machinst::asm_sink::RelocKind::Abs8,
            symbol: SymbolRef(i as u32),
            addend,
        })
        .collect();
    let contents = RelocatedBytes {
        bytes,
        relocs: &relocs,
        symbol_names: &names,
    };
    m.define_data(id, &contents)
}

fn work_dir(isa: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("object-{isa}"));
    std::fs::create_dir_all(&dir).expect("creates the work directory");
    dir
}

/// Whether `tool` runs; when it does not, prints a notice (past the test
/// harness's capture) and returns false, or fails under `LATHE_REQUIRE_CROSS=1`.
fn tool_available(tool: &str, what: &str) -> bool {
    let found = Command::new(tool).arg("--version").output().is_ok();
    if !found {
        assert!(
            std::env::var("LATHE_REQUIRE_CROSS").as_deref() != Ok("1"),
            "`{tool}` is required (LATHE_REQUIRE_CROSS=1) for the {what}"
        );
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "notice: skipping the {what}: `{tool}` is not installed"
        );
    }
    found
}

fn run(command: &mut Command) -> String {
    let out = command
        .output()
        .unwrap_or_else(|e| panic!("cannot run {command:?}: {e}"));
    assert!(
        out.status.success(),
        "{command:?} failed ({}):\n{}{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Writes `object` and `driver` to the ISA's work directory, links them
/// with `cc` in one run and returns the program's output, run through
/// `runner` (e.g. qemu) when given.
fn link_and_run(isa: &str, object: &[u8], driver: &str, cc: &str, runner: &[&str]) -> String {
    let dir = work_dir(isa);
    let obj = dir.join("lathe.o");
    let c = dir.join("driver.c");
    let exe = dir.join("driver");
    std::fs::write(&obj, object).expect("writes the object");
    std::fs::write(&c, driver).expect("writes the driver");
    run(Command::new(cc)
        .arg("-o")
        .arg(&exe)
        .arg(&c)
        .arg(&obj)
        .arg("-Wall"));
    match runner.split_first() {
        Some((program, args)) => run(Command::new(program).args(args).arg(&exe)),
        None => run(&mut Command::new(&exe)),
    }
}

// ---------------------------------------------------------------- x86-64

fn x86_64_object() -> Vec<u8> {
    use lathe::isa::x64::regs::*;
    use lathe::isa::x64::{Amode, Inst, RegMem, RegMemRw};
    use lathe::machinst::reg::Rw;

    let rw = |r| RegMemRw::Reg(Rw::same(r));
    let rip = |i| RegMem::Mem(Amode::rip(sym(i)));
    let mut m = ObjectModule::new(ObjectTarget::X86_64);
    let build = |m: &mut ObjectModule| -> Result<(), ObjectError> {
        use Linkage::*;
        function(
            m,
            "answer",
            Export,
            assemble(vec![Inst::mov_r32_imm32(RAX, 42), Inst::ret()]),
            &[],
        )?;
        function(
            m,
            "add2",
            Export,
            assemble(vec![
                Inst::mov_r64_rm64(RAX, RegMem::Reg(RDI)),
                Inst::add_rm64_r64(rw(RAX), RSI),
                Inst::ret(),
            ]),
            &[],
        )?;
        function(
            m,
            "twice",
            Local,
            assemble(vec![
                Inst::mov_r64_rm64(RAX, RegMem::Reg(RDI)),
                Inst::add_rm64_r64(rw(RAX), RDI),
                Inst::ret(),
            ]),
            &[],
        )?;
        // 2 * (answer() + x), calling a global and a local function.
        function(
            m,
            "twice_answer_plus",
            Export,
            assemble(vec![
                Inst::push_r64(RBX),
                Inst::mov_r64_rm64(RBX, RegMem::Reg(RDI)),
                Inst::call_rel32(sym(0)),
                Inst::add_rm64_r64(rw(RAX), RBX),
                Inst::mov_r64_rm64(RDI, RegMem::Reg(RAX)),
                Inst::call_rel32(sym(1)),
                Inst::pop_r64(RBX),
                Inst::ret(),
            ]),
            &["answer", "twice"],
        )?;
        function(
            m,
            "abs_plus_one",
            Export,
            assemble(vec![
                Inst::push_r64(RAX),
                Inst::call_rel32(sym(0)),
                Inst::add_rm64_imm8(rw(RAX), 1),
                Inst::pop_r64(RCX),
                Inst::ret(),
            ]),
            &["labs"],
        )?;
        function(
            m,
            "greet",
            Export,
            assemble(vec![
                Inst::push_r64(RAX),
                Inst::lea_r64_m(RDI, Amode::rip(sym(0))),
                Inst::call_rel32(sym(1)),
                Inst::pop_r64(RCX),
                Inst::ret(),
            ]),
            &["greeting", "puts"],
        )?;
        // ++counter, read and written through pc-relative fields.
        function(
            m,
            "bump",
            Export,
            assemble(vec![
                Inst::mov_r64_rm64(RAX, rip(0)),
                Inst::add_rm64_imm8(rw(RAX), 1),
                Inst::mov_rm64_r64(rip(0), RAX),
                Inst::ret(),
            ]),
            &["counter"],
        )?;
        data(
            m,
            "greeting",
            Local,
            DataDecl::read_only(1),
            b"hello from lathe\0",
            &[],
        )?;
        data(
            m,
            "counter",
            Export,
            DataDecl::writable(8),
            &40i64.to_le_bytes(),
            &[],
        )?;
        data(
            m,
            "ops",
            Export,
            DataDecl::read_only(8),
            &[0; 16],
            &[(0, "add2", 0), (8, "twice", 0)],
        )?;
        data(
            m,
            "tail",
            Export,
            DataDecl::writable(8),
            &[0; 8],
            &[(0, "greeting", 6)],
        )?;
        let scratch = m.declare_data("scratch", Export, DataDecl::writable(16))?;
        m.define_zeroed_data(scratch, 32)
    };
    build(&mut m).expect("builds the module");
    m.finish().expect("writes the object")
}

const X86_64_DRIVER: &str = r#"
#include <stdio.h>
typedef long (*binop)(long, long);
long answer(void);
long add2(long, long);
long twice_answer_plus(long);
long abs_plus_one(long);
int greet(void);
long bump(void);
extern long counter;
extern const binop ops[2];
extern const char *tail;
extern long scratch[4];
int main(void) {
    printf("answer=%ld\n", answer());
    printf("add2=%ld\n", add2(7, -12));
    printf("twice_answer_plus=%ld\n", twice_answer_plus(8));
    printf("abs_plus_one=%ld\n", abs_plus_one(-1000));
    fflush(stdout);
    greet();
    long first = bump();
    long second = bump();
    printf("bump=%ld %ld counter=%ld\n", first, second, counter);
    printf("ops=%ld %ld\n", ops[0](3, 4), ops[1](21, 0));
    printf("tail=%s\n", tail);
    printf("scratch=%ld\n", scratch[0] + scratch[3]);
    return 0;
}
"#;

const X86_64_EXPECTED: &str = "answer=42
add2=-5
twice_answer_plus=100
abs_plus_one=1001
hello from lathe
bump=41 42 counter=42
ops=7 42
tail=from lathe
scratch=0
";

#[test]
fn x86_64_object_links_with_cc_and_runs() {
    if !tool_available("cc", "x86-64 object link test") {
        return;
    }
    let out = link_and_run("x86_64", &x86_64_object(), X86_64_DRIVER, "cc", &[]);
    assert_eq!(out, X86_64_EXPECTED);
}

#[test]
fn x86_64_symbols_and_relocations_as_objdump_lists_them() {
    if !tool_available("objdump", "x86-64 relocation listing") {
        return;
    }
    let dir = work_dir("x86_64-objdump");
    let obj = dir.join("lathe.o");
    std::fs::write(&obj, x86_64_object()).expect("writes the object");
    let listing = run(Command::new("objdump").arg("-rt").arg(&obj));
    // Symbol lines: `value flags section\tsize name` -> `name: flags section`.
    let symbols: Vec<String> = listing
        .lines()
        .filter_map(|line| {
            let (head, tail) = line.split_once('\t')?;
            let name = tail.split_whitespace().nth(1)?;
            let head: Vec<&str> = head.split_whitespace().skip(1).collect();
            Some(format!("{name}: {}", head.join(" ")))
        })
        .collect();
    assert_eq!(
        symbols,
        [
            "twice: l F .text",
            "greeting: l O .rodata",
            "answer: g F .text",
            "add2: g F .text",
            "twice_answer_plus: g F .text",
            "abs_plus_one: g F .text",
            "labs: *UND*",
            "greet: g F .text",
            "puts: *UND*",
            "bump: g F .text",
            "counter: g O .data",
            "ops: g O .data.rel.ro",
            "tail: g O .data",
            "scratch: g O .bss",
        ],
        "{listing}"
    );
    // Relocation lines: `offset TYPE symbol+addend` -> `TYPE symbol+addend`.
    let relocs: Vec<String> = listing
        .lines()
        .filter_map(|line| {
            let words: Vec<&str> = line.split_whitespace().collect();
            words
                .get(1)
                .filter(|w| w.starts_with("R_"))
                .map(|_| words[1..].join(" "))
        })
        .collect();
    assert_eq!(
        relocs,
        [
            "R_X86_64_PLT32 answer-0x0000000000000004",
            "R_X86_64_PLT32 twice-0x0000000000000004",
            "R_X86_64_PLT32 labs-0x0000000000000004",
            "R_X86_64_PC32 greeting-0x0000000000000004",
            "R_X86_64_PLT32 puts-0x0000000000000004",
            "R_X86_64_PC32 counter-0x0000000000000004",
            "R_X86_64_PC32 counter-0x0000000000000004",
            "R_X86_64_64 greeting+0x0000000000000006",
            "R_X86_64_64 add2",
            "R_X86_64_64 twice",
        ],
        "{listing}"
    );
}

// ---------------------------------------------------------------- aarch64

fn aarch64_object() -> Vec<u8> {
    use lathe::isa::aarch64::regs::*;
    use lathe::isa::aarch64::{Amode, Inst, Shift};

    let mut m = ObjectModule::new(ObjectTarget::Aarch64);
    let build = |m: &mut ObjectModule| -> Result<(), ObjectError> {
        use Linkage::*;
        function(
            m,
            "answer",
            Export,
            assemble(vec![Inst::movz_x(X0, 42), Inst::ret()]),
            &[],
        )?;
        function(
            m,
            "add2",
            Local,
            assemble(vec![
                Inst::add_x_x_x_shift(X0, X0, X1, Shift::Lsl.by(0)),
                Inst::ret(),
            ]),
            &[],
        )?;
        function(
            m,
            "abs_plus_one",
            Export,
            assemble(vec![
                Inst::stp_x_x_pre(X29, X30, Amode::pre(SP, -16)),
                Inst::bl_label(sym(0)),
                Inst::add_x_x_imm12(X0, X0, 1),
                Inst::ldp_x_x_post(X29, X30, Amode::post(SP, 16)),
                Inst::ret(),
            ]),
            &["labs"],
        )?;
        function(
            m,
            "tail_abs",
            Export,
            assemble(vec![Inst::b_label(sym(0))]),
            &["labs"],
        )?;
        // `value` through adr (±1 MiB), `paged` (page-aligned) through adrp.
        function(
            m,
            "load_values",
            Export,
            assemble(vec![
                Inst::adr_x_label(X1, sym(0)),
                Inst::ldr_x_uoff(X0, Amode::offset(X1, 0)),
                Inst::adrp_x_label(X2, sym(1)),
                Inst::ldr_x_uoff(X2, Amode::offset(X2, 0)),
                Inst::add_x_x_x_shift(X0, X0, X2, Shift::Lsl.by(0)),
                Inst::ret(),
            ]),
            &["value", "paged"],
        )?;
        data(
            m,
            "value",
            Local,
            DataDecl::writable(8),
            &1_234_000i64.to_le_bytes(),
            &[],
        )?;
        data(
            m,
            "paged",
            Local,
            DataDecl::read_only(4096),
            &567i64.to_le_bytes(),
            &[],
        )?;
        data(
            m,
            "ops",
            Export,
            DataDecl::read_only(8),
            &[0; 8],
            &[(0, "add2", 0)],
        )
    };
    build(&mut m).expect("builds the module");
    m.finish().expect("writes the object")
}

// ---------------------------------------------------------------- s390x

fn s390x_object() -> Vec<u8> {
    use lathe::isa::s390x::Amode;
    use lathe::isa::s390x::Inst;
    use lathe::isa::s390x::regs::*;
    use lathe::machinst::reg::Rw;

    let mut m = ObjectModule::new(ObjectTarget::S390x);
    let build = |m: &mut ObjectModule| -> Result<(), ObjectError> {
        use Linkage::*;
        function(
            m,
            "answer",
            Export,
            assemble(vec![Inst::lghi(R2, 42), Inst::br(R14)]),
            &[],
        )?;
        function(
            m,
            "add2",
            Local,
            assemble(vec![Inst::agr(Rw::same(R2), R3), Inst::br(R14)]),
            &[],
        )?;
        function(
            m,
            "abs_plus_one",
            Export,
            assemble(vec![
                Inst::stmg(R14, R15, Amode::base(R15, 112)),
                Inst::lay(R15, Amode::base(R15, -160)),
                Inst::brasl(R14, sym(0)),
                Inst::aghi(Rw::same(R2), 1),
                Inst::lmg(R14, R15, Amode::base(R15, 272)),
                Inst::br(R14),
            ]),
            &["labs"],
        )?;
        function(
            m,
            "load_value",
            Export,
            assemble(vec![
                Inst::larl(R1, sym(0)),
                Inst::lg(R2, Amode::base(R1, 0)),
                Inst::br(R14),
            ]),
            &["value"],
        )?;
        data(
            m,
            "value",
            Local,
            DataDecl::writable(8),
            &1_234_567i64.to_be_bytes(),
            &[],
        )?;
        data(
            m,
            "ops",
            Export,
            DataDecl::read_only(8),
            &[0; 8],
            &[(0, "add2", 0)],
        )
    };
    build(&mut m).expect("builds the module");
    m.finish().expect("writes the object")
}

const CROSS_DRIVER: &str = r#"
#include <stdio.h>
typedef long (*binop)(long, long);
long answer(void);
long abs_plus_one(long);
extern const binop ops[1];
long EXTRA(void);
int main(void) {
    printf("answer=%ld\n", answer());
    printf("abs_plus_one=%ld\n", abs_plus_one(-41));
    printf("ops=%ld\n", ops[0](30, 12));
    printf("extra=%ld\n", EXTRA());
    return 0;
}
"#;

/// Links `object` for a cross target with the driver (whose `EXTRA` call
/// is `extra`) and runs it under qemu.
fn cross_run(isa: &str, object: &[u8], extra: &str, extra_main: &str) -> Option<String> {
    let gcc = format!("{isa}-linux-gnu-gcc");
    let qemu = format!("qemu-{isa}");
    let what = format!("{isa} object link test");
    if !tool_available(&gcc, &what) || !tool_available(&qemu, &what) {
        return None;
    }
    let driver = CROSS_DRIVER
        .replace("long EXTRA(void);", extra)
        .replace("EXTRA()", extra_main);
    let sysroot = format!("/usr/{isa}-linux-gnu");
    Some(link_and_run(
        isa,
        object,
        &driver,
        &gcc,
        &[&qemu, "-L", &sysroot],
    ))
}

#[test]
fn aarch64_object_links_with_cross_gcc_and_runs_under_qemu() {
    let Some(out) = cross_run(
        "aarch64",
        &aarch64_object(),
        "long load_values(void); long tail_abs(long);",
        "load_values() + tail_abs(-1000000)",
    ) else {
        return;
    };
    assert_eq!(out, "answer=42\nabs_plus_one=42\nops=42\nextra=2234567\n");
}

#[test]
fn s390x_object_links_with_cross_gcc_and_runs_under_qemu() {
    let Some(out) = cross_run(
        "s390x",
        &s390x_object(),
        "long load_value(void);",
        "load_value()",
    ) else {
        return;
    };
    assert_eq!(out, "answer=42\nabs_plus_one=42\nops=42\nextra=1234567\n");
}
