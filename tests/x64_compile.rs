//! Precise-output tests of the x86-64 backend: every function of
//! `tests/isa/x64/*.clif`, compiled for each `target` line of its file, as
//! one insta snapshot per file (`tests/snapshots/x64_<file>.snap`) holding
//! per function its CLIF name, the VCode (before register allocation), the
//! final assembly (prologue and epilogue included) and the code size — or
//! the error text when it does not compile. A rule change shows up as a
//! diff of these snapshots (`cargo insta review`).
//!
//! The snapshots are backed by the oracle: the final bytes of every
//! function are disassembled by ONE run of GNU objdump, which must decode
//! every byte (no `(bad)`), start an instruction at every function start
//! and end one exactly at every function end. Jump tables are data inside
//! the code: they are found from their dispatch sequence, left out of the
//! blob, and each of their entries must point at an instruction start.
//! Without objdump the check is skipped with a notice, or fails when
//! `LATHE_REQUIRE_CROSS=1` (CI).
//!
//! Target lines mean what they mean to `lathe test`: the options come from
//! `lathe::filetest::compile::compile_target`, so ISA flags select the
//! optional extensions and the host never does.

#![cfg(feature = "x86")]

use lathe::filetest::compile::{CompileTarget, ShowTarget, compile_target};
use lathe::ir::Function;
use lathe::isa::compile_function;
use lathe::isa::x64::check::X64;
use lathe::machinst::isa_check::{CheckedIsa, Disassembly, IsaCheckError};
use lathe::reader::parse_test;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// The `.clif` files of `tests/isa/x64`, sorted.
fn x64_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/isa/x64");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "clif"))
        .collect();
    files.sort();
    files
}

/// The machine code of one compiled function, for the objdump check.
struct Code {
    /// `file: %name (target ...)`, for messages.
    what: String,
    bytes: Vec<u8>,
    /// The number of entries of each `br_table` of the function.
    table_lengths: Vec<usize>,
    /// The data inside the code (jump tables, pool constants), as the
    /// backend reports it.
    data: Vec<Range<u32>>,
}

/// Compiles every function of `path` for every target of the file; returns
/// the snapshot text and the code of the functions that compiled.
fn compile_file(path: &Path) -> (String, Vec<Code>) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let shown = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let file = parse_test(&text).unwrap_or_else(|e| panic!("{}", e.display_with_path(&shown)));
    assert!(
        file.commands
            .iter()
            .any(|c| c.name == "compile" && c.options.iter().any(|o| o == "precise-output")),
        "{shown}: needs `test compile precise-output`"
    );
    assert!(!file.targets.is_empty(), "{shown}: needs a `target` line");
    let mut snapshot = String::new();
    let mut codes = Vec::new();
    for target in &file.targets {
        let (isa, mut options) = match compile_target(target) {
            Ok(CompileTarget::Compile(isa, options)) => (isa, options),
            Ok(CompileTarget::Skip(reason)) => panic!("{shown}: target skipped: {reason}"),
            Err(e) => panic!("{shown}:{e}"),
        };
        options.want_disasm = true;
        options.want_vcode = true;
        let target_text = ShowTarget(target).to_string();
        for (func, _) in &file.functions {
            let _ = writeln!(snapshot, "function {} (target {target_text}):", func.name);
            match compile_function(func, isa, &options) {
                Ok(code) => {
                    snapshot.push_str("; VCode:\n");
                    snapshot.push_str(code.vcode.as_deref().unwrap_or("(none)\n"));
                    snapshot.push_str("; Disassembled:\n");
                    snapshot.push_str(code.disassembly.as_deref().unwrap_or("(none)\n"));
                    let _ = writeln!(snapshot, "; {} bytes of code", code.bytes.len());
                    codes.push(Code {
                        what: format!("{shown}: {} (target {target_text})", func.name),
                        data: code.data_ranges.iter().map(|&(s, e)| s..e).collect(),
                        bytes: code.bytes,
                        table_lengths: table_lengths(func),
                    });
                }
                Err(e) => {
                    let _ = writeln!(snapshot, "; error: {e}");
                }
            }
            snapshot.push('\n');
        }
    }
    (snapshot, codes)
}

/// The entry counts of `func`'s `br_table`s, in layout order.
fn table_lengths(func: &Function) -> Vec<usize> {
    let mut lengths = Vec::new();
    for block in func.layout.blocks() {
        for inst in func.layout.block_insts(block) {
            if let Some(table) = func.dfg.insts[inst].jump_table() {
                lengths.push(func.dfg.jump_tables[table].as_slice().len());
            }
        }
    }
    lengths
}

#[test]
fn x64_precise_output() {
    let files = x64_files();
    let mut all_code = Vec::new();
    let mut functions = 0;
    for path in &files {
        let (snapshot, codes) = compile_file(path);
        functions += snapshot.matches("\nfunction ").count() + 1;
        let stem = path
            .file_stem()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
        insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!(format!("x64_{stem}"), snapshot);
        });
        all_code.extend(codes);
    }
    assert!(files.len() >= 10, "{} files", files.len());
    assert!(functions >= 110, "{functions} functions");
    if let Some(problems) = objdump_problems(&all_code) {
        assert!(
            problems.is_empty(),
            "objdump disagrees:\n{}",
            problems.join("\n")
        );
    }
}

/// The check itself finds undecodable bytes, a function whose last
/// instruction is cut short, and a jump table entry pointing mid-instruction.
#[test]
fn objdump_check_catches_bad_code() {
    // A table of `n` entries right after the code reports itself as data,
    // as the backend does.
    let code = |what: &str, bytes: &[u8], table_lengths: Vec<usize>| Code {
        what: what.to_string(),
        bytes: bytes.to_vec(),
        data: table_lengths
            .iter()
            .map(|&n| {
                let end = bytes.len() as u32;
                end - 4 * n as u32..end
            })
            .collect(),
        table_lengths,
    };
    // lea rcx,[rip+0x2]; jmp rcx; then one entry: 0 - 9 + 1 = mid-`lea`.
    let table = [
        0x48, 0x8d, 0x0d, 0x02, 0, 0, 0, 0xff, 0xe1, 0xf8, 0xff, 0xff, 0xff,
    ];
    let codes = [
        code("good", &[0x48, 0x01, 0xd8, 0xc3], Vec::new()),
        code("invalid", &[0x06, 0xc3], Vec::new()),
        code("table", &table, vec![1]),
        code("good again", &[0xc3], Vec::new()),
        // Last: a cut instruction throws objdump out of step with what follows.
        code("truncated", &[0x48, 0x01], Vec::new()),
    ];
    let Some(problems) = objdump_problems(&codes) else {
        return;
    };
    let text = problems.join("\n");
    assert_eq!(problems.len(), 4, "{text}");
    assert!(
        text.contains("invalid: offset 0x0: objdump cannot decode `06`"),
        "{text}"
    );
    assert!(
        text.contains("truncated: offset 0x0: objdump cannot decode `48`"),
        "{text}"
    );
    assert!(
        text.contains("table: jump table entry at 0x9 points at 0x1, not at an instruction"),
        "{text}"
    );
}

/// A stretch of instructions of one function placed in the blob.
struct Segment {
    /// Index into the functions' code.
    code: usize,
    /// Where it is in the function.
    in_function: Range<u32>,
    /// Where it is in the blob.
    in_blob: u64,
}

/// Where `code`'s jump tables are: each is found from the dispatch
/// sequence that ends in it, `lea table, [rip+disp32]` ... `jmp reg`, the
/// table starting right after the `jmp` and holding 4-byte entries.
fn jump_tables(code: &Code) -> Result<Vec<Range<u32>>, String> {
    let bytes = &code.bytes;
    let mut starts = Vec::new();
    // `REX.W(+R) 8D /r` with mod=00 rm=101 (RIP-relative), then disp32.
    for at in 0..bytes.len().saturating_sub(6) {
        let [rex, op, modrm, d0, d1, d2, d3] = [0, 1, 2, 3, 4, 5, 6].map(|i| bytes[at + i]);
        if rex & 0xfb != 0x48 || op != 0x8d || modrm & 0xc7 != 0x05 {
            continue;
        }
        let target = (at as i64 + 7) + i64::from(i32::from_le_bytes([d0, d1, d2, d3]));
        let Ok(target) = usize::try_from(target) else {
            continue;
        };
        // `jmp r64` (`FF /4`, mod=11) ends right before the table.
        let jmp_before = target >= 2
            && target <= bytes.len()
            && bytes[target - 2] == 0xff
            && bytes[target - 1] & 0xf8 == 0xe0;
        if jmp_before && target > at {
            starts.push(target as u32);
        }
    }
    if starts.len() != code.table_lengths.len() {
        return Err(format!(
            "{}: found {} jump table dispatches for {} `br_table`s",
            code.what,
            starts.len(),
            code.table_lengths.len()
        ));
    }
    // Tables come in emission order; with one table per function (or tables
    // of equal length) that is also layout order.
    Ok(starts
        .into_iter()
        .zip(&code.table_lengths)
        .map(|(start, &n)| start..start + 4 * n as u32)
        .collect())
}

/// Disassembles every function's code with one objdump run and checks
/// that objdump decodes every byte, in step with the function boundaries.
/// Returns the problems found, or `None` when objdump is missing (and CI
/// does not require it).
fn objdump_problems(codes: &[Code]) -> Option<Vec<String>> {
    let mut blob = Vec::new();
    let mut segments = Vec::new();
    let mut tables = Vec::new();
    for (index, code) in codes.iter().enumerate() {
        let code_tables = jump_tables(code).unwrap_or_else(|e| panic!("{e}"));
        for table in code_tables.iter().filter(|t| !t.is_empty()) {
            assert!(
                code.data.contains(table),
                "{}: jump table {table:?} not reported as data ({:?})",
                code.what,
                code.data
            );
        }
        let mut from = 0u32;
        let len = code.bytes.len() as u32;
        // The function's end closes the last stretch of code.
        let end = std::iter::once(len..len);
        for range in code.data.iter().cloned().chain(end) {
            assert!(
                range.start >= from && range.end <= len,
                "{}: data {range:?} out of place",
                code.what
            );
            if range.start > from {
                segments.push(Segment {
                    code: index,
                    in_function: from..range.start,
                    in_blob: blob.len() as u64,
                });
                blob.extend_from_slice(&code.bytes[from as usize..range.start as usize]);
            }
            from = range.end;
        }
        tables.push(code_tables);
    }
    let disassembly = match X64::OBJDUMP.disassemble(&blob) {
        Ok(d) => d,
        Err(IsaCheckError::ObjdumpMissing { command, .. })
            if std::env::var("LATHE_REQUIRE_CROSS").as_deref() != Ok("1") =>
        {
            use std::io::Write;
            // Written past the test harness's capture so the skip is visible.
            let _ = writeln!(
                std::io::stderr(),
                "notice: skipping the x86-64 precise-output objdump check: `{command}` is not installed"
            );
            return None;
        }
        Err(e) => panic!("objdump could not run: {e}"),
    };
    let mut problems = Vec::new();
    for segment in &segments {
        check_segment(
            &disassembly,
            segment,
            &codes[segment.code].what,
            &mut problems,
        );
    }
    for (index, code_tables) in tables.iter().enumerate() {
        for table in code_tables {
            check_table_entries(
                &disassembly,
                &segments,
                index,
                &codes[index],
                table,
                &mut problems,
            );
        }
    }
    println!(
        "objdump decoded {} bytes of {} functions ({} instructions)",
        blob.len(),
        codes.len(),
        disassembly.len()
    );
    Some(problems)
}

/// objdump must start an instruction at the segment's start, decode every
/// instruction in it, and end the last one exactly at the segment's end.
fn check_segment(
    disassembly: &Disassembly,
    segment: &Segment,
    what: &str,
    problems: &mut Vec<String>,
) {
    let end = segment.in_blob + u64::from(segment.in_function.end - segment.in_function.start);
    let mut at = segment.in_blob;
    while at < end {
        let in_function = at - segment.in_blob + u64::from(segment.in_function.start);
        let Some((bytes, text)) = disassembly.get(&at) else {
            problems.push(format!(
                "{what}: offset {in_function:#x}: no instruction starts here"
            ));
            return;
        };
        if undecoded(text) {
            problems.push(format!(
                "{what}: offset {in_function:#x}: objdump cannot decode `{bytes}`"
            ));
        }
        let count = bytes.split_whitespace().count() as u64;
        if count == 0 {
            problems.push(format!(
                "{what}: offset {in_function:#x}: objdump shows no bytes"
            ));
            return;
        }
        at += count;
    }
    if at != end {
        problems.push(format!(
            "{what}: the last instruction runs {} bytes past offset {:#x}",
            at - end,
            segment.in_function.end
        ));
    }
}

/// Whether objdump's text for an instruction says it could not decode it:
/// `(bad)`, a `.byte` it gave up on, or a prefix standing alone (`rex.W`),
/// as at a cut-off instruction.
fn undecoded(text: &str) -> bool {
    let mnemonic = text.split_whitespace().next().unwrap_or("");
    text.contains("(bad)") || mnemonic == ".byte" || mnemonic.starts_with("rex")
}

/// Every entry of a jump table (target minus table start) must point at an
/// instruction start of the same function.
fn check_table_entries(
    disassembly: &Disassembly,
    segments: &[Segment],
    index: usize,
    code: &Code,
    table: &Range<u32>,
    problems: &mut Vec<String>,
) {
    for entry_at in table.clone().step_by(4) {
        let at = entry_at as usize;
        let entry = i32::from_le_bytes([
            code.bytes[at],
            code.bytes[at + 1],
            code.bytes[at + 2],
            code.bytes[at + 3],
        ]);
        let target = i64::from(table.start) + i64::from(entry);
        let in_blob = segments
            .iter()
            .filter(|s| s.code == index)
            .find(|s| {
                (i64::from(s.in_function.start)..i64::from(s.in_function.end)).contains(&target)
            })
            .map(|s| s.in_blob + (target - i64::from(s.in_function.start)) as u64);
        if !in_blob.is_some_and(|b| disassembly.contains_key(&b)) {
            problems.push(format!(
                "{}: jump table entry at {entry_at:#x} points at {target:#x}, not at an instruction",
                code.what
            ));
        }
    }
}
