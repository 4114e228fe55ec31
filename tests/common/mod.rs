//! What the three encoding tests (`tests/{x64,aarch64,s390x}_encoding.rs`)
//! share: running an objdump check that may lack its cross tool, and
//! encoding a printer snapshot's instructions.
//!
//! Without the ISA's objdump a check is skipped with a notice written past
//! the test harness's capture, unless `LATHE_REQUIRE_CROSS=1` (CI), where
//! it fails.

// Each test crate includes this module and uses the parts its ISA needs.
#![allow(dead_code)]

use lathe::machinst::asm_print::PrintContext;
use lathe::machinst::asm_sink::{Label, VecAsmSink};
use lathe::machinst::forms::AsmInst;
use lathe::machinst::isa_check::{IsaCheckError, IsaCheckReport};

/// The report of `run`, or `None` (with a visible notice naming `what`)
/// when objdump is missing and CI does not require it.
pub fn report_or_skip(
    what: &str,
    run: fn() -> Result<IsaCheckReport, IsaCheckError>,
) -> Option<IsaCheckReport> {
    match run() {
        Ok(report) => Some(report),
        Err(IsaCheckError::ObjdumpMissing { command, .. })
            if std::env::var("LATHE_REQUIRE_CROSS").as_deref() != Ok("1") =>
        {
            // Written past the test harness's capture so the skip is visible.
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "notice: skipping the {what}: `{command}` is not installed"
            );
            None
        }
        Err(e) => panic!("isa-check could not run: {e}"),
    }
}

/// Runs an ISA's check of every form (`what` names it in a skip notice);
/// fails on any mismatch or when fewer than 200 forms were checked.
pub fn every_form_matches_objdump(what: &str, run: fn() -> Result<IsaCheckReport, IsaCheckError>) {
    let Some(report) = report_or_skip(what, run) else {
        return;
    };
    println!("{}", report.to_string().lines().last().unwrap_or_default());
    assert!(report.mismatches.is_empty(), "{report}");
    assert!(report.forms >= 200, "{} forms", report.forms);
}

/// One encoded instruction of a listing.
pub struct Row {
    /// Offset of its first byte.
    pub start: u32,
    /// Its bytes.
    pub bytes: Vec<u8>,
    /// Its text, printed at its address.
    pub text: String,
}

/// Encodes `insts` into `sink` after binding `top`, then binds `pool` to
/// 8 bytes of `pool_bytes`, resolves every label and prints each
/// instruction at its address.
pub fn listing<I: AsmInst>(
    mut sink: VecAsmSink<I::LabelUse>,
    top: Label,
    pool: Label,
    pool_bytes: [u8; 8],
    insts: &[I],
) -> Vec<Row> {
    use lathe::machinst::asm_sink::AsmSink;

    sink.bind_label(top);
    let mut spans = Vec::new();
    for inst in insts {
        let start = sink.cur_offset();
        inst.encode(&mut sink).expect("encodes");
        spans.push((start, sink.cur_offset()));
    }
    sink.bind_label(pool);
    sink.put8(pool_bytes);
    let code = sink.finish().expect("labels resolve");
    let addresses: Vec<u64> = code.label_offsets.iter().map(|&o| u64::from(o)).collect();
    insts
        .iter()
        .zip(spans)
        .map(|(inst, (start, end))| Row {
            start,
            bytes: code.bytes[start as usize..end as usize].to_vec(),
            text: inst.print(&PrintContext::at(
                u64::from(start),
                u64::from(end),
                &addresses,
            )),
        })
        .collect()
}

/// A listing of byte-oriented rows as objdump lays them out:
/// `offset: bytes (padded to width) text`, one line each.
pub fn byte_listing(rows: &[Row], width: usize) -> String {
    let mut out = String::new();
    for row in rows {
        let bytes: Vec<String> = row.bytes.iter().map(|b| format!("{b:02x}")).collect();
        out.push_str(&format!(
            "{:4x}: {:<width$} {}\n",
            row.start,
            bytes.join(" "),
            row.text
        ));
    }
    out
}
