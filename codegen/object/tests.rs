//! Unit tests of [`ObjectModule`]: the objects it writes are read back
//! with the `object` crate's reader (symbols, sections, relocations), and
//! every misuse is an error value. Linking and running the objects is
//! `tests/object.rs`.

use ::object::read::{File, Object as _, ObjectSection as _, ObjectSymbol as _};
use ::object::{Endianness, RelocationFlags, RelocationTarget, SymbolSection, elf};

use super::*;
use crate::machinst::asm_sink::Reloc;

fn reloc(offset: u32, kind: RelocKind, symbol: u32, addend: i64) -> Reloc {
    Reloc {
        offset,
        kind,
        symbol: SymbolRef(symbol),
        addend,
    }
}

/// `(section name, offset, r_type, symbol name, addend)` of every relocation.
fn relocations(bytes: &[u8]) -> Vec<(String, u64, u32, String, i64)> {
    let file = File::parse(bytes).expect("parses");
    let mut out = Vec::new();
    for section in file.sections() {
        for (offset, r) in section.relocations() {
            let RelocationFlags::Elf { r_type } = r.flags() else {
                panic!("not an ELF relocation");
            };
            let RelocationTarget::Symbol(index) = r.target() else {
                panic!("not against a symbol");
            };
            let symbol = file.symbol_by_index(index).expect("symbol");
            out.push((
                section.name().expect("name").to_string(),
                offset,
                r_type,
                symbol.name().expect("name").to_string(),
                r.addend(),
            ));
        }
    }
    out
}

/// `(defined, global, section name)` of the symbol `name`.
fn symbol(bytes: &[u8], name: &str) -> (bool, bool, Option<String>) {
    let file = File::parse(bytes).expect("parses");
    let sym = file
        .symbols()
        .find(|s| s.name() == Ok(name))
        .unwrap_or_else(|| panic!("no symbol {name}"));
    let section = match sym.section() {
        SymbolSection::Section(index) => Some(
            file.section_by_index(index)
                .expect("section")
                .name()
                .expect("name")
                .to_string(),
        ),
        _ => None,
    };
    (!sym.is_undefined(), sym.is_global(), section)
}

/// Two x86-64 functions (the second calls the first and `puts` and loads
/// `msg`), read-only data pointing at a function, writable and zeroed data.
fn x86_module() -> ObjectModule {
    let mut m = ObjectModule::new(ObjectTarget::X86_64);
    let first = m
        .declare_function("first", Linkage::Local)
        .expect("declares");
    let second = m
        .declare_function("second", Linkage::Export)
        .expect("declares");
    let msg = m
        .declare_data("msg", Linkage::Export, DataDecl::read_only(1))
        .expect("declares");
    let table = m
        .declare_data("table", Linkage::Export, DataDecl::read_only(8))
        .expect("declares");
    let counter = m
        .declare_data("counter", Linkage::Local, DataDecl::writable(8))
        .expect("declares");
    let scratch = m
        .declare_data("scratch", Linkage::Export, DataDecl::writable(16))
        .expect("declares");
    m.define_function(first, &RelocatedBytes::plain(&[0xC3]), 1)
        .expect("defines");
    let code = [0u8; 12];
    let relocs = [
        reloc(1, RelocKind::X86CallPlt4, 0, -4),
        reloc(6, RelocKind::X86CallPlt4, 1, -4),
        reloc(8, RelocKind::X86PcRel4, 2, -8),
    ];
    let names = ["first", "puts", "msg"];
    let contents = RelocatedBytes {
        bytes: &code,
        relocs: &relocs,
        symbol_names: &names,
    };
    m.define_function(second, &contents, 1).expect("defines");
    m.define_data(msg, &RelocatedBytes::plain(b"hi\0"))
        .expect("defines");
    let names = ["second"];
    let relocs = [reloc(0, RelocKind::Abs8, 0, 3)];
    m.define_data(
        table,
        &RelocatedBytes {
            bytes: &[0; 8],
            relocs: &relocs,
            symbol_names: &names,
        },
    )
    .expect("defines");
    m.define_data(counter, &RelocatedBytes::plain(&7u64.to_le_bytes()))
        .expect("defines");
    m.define_zeroed_data(scratch, 64).expect("defines");
    m
}

#[test]
fn writes_symbols_sections_and_relocations() {
    let bytes = x86_module().finish().expect("writes");
    let file = File::parse(&*bytes).expect("parses");
    assert_eq!(file.architecture(), ::object::Architecture::X86_64);
    assert_eq!(file.endianness(), Endianness::Little);
    assert_eq!(symbol(&bytes, "first"), (true, false, Some(".text".into())));
    assert_eq!(symbol(&bytes, "second"), (true, true, Some(".text".into())));
    assert_eq!(symbol(&bytes, "puts"), (false, true, None));
    assert_eq!(symbol(&bytes, "msg"), (true, true, Some(".rodata".into())));
    assert_eq!(
        symbol(&bytes, "table"),
        (true, true, Some(".data.rel.ro".into()))
    );
    assert_eq!(
        symbol(&bytes, "counter"),
        (true, false, Some(".data".into()))
    );
    assert_eq!(symbol(&bytes, "scratch"), (true, true, Some(".bss".into())));
    // `second` starts at 16: functions are 16-byte aligned on x86-64.
    assert_eq!(
        relocations(&bytes),
        [
            (".text".into(), 17, elf::R_X86_64_PLT32, "first".into(), -4),
            (".text".into(), 22, elf::R_X86_64_PLT32, "puts".into(), -4),
            (".text".into(), 24, elf::R_X86_64_PC32, "msg".into(), -8),
            (
                ".data.rel.ro".into(),
                0,
                elf::R_X86_64_64,
                "second".into(),
                3
            ),
        ]
    );
    assert!(
        file.section_by_name(".note.GNU-stack").is_some(),
        "the stack is declared non-executable"
    );
}

#[test]
fn output_is_deterministic() {
    let a = x86_module().finish().expect("writes");
    let b = x86_module().finish().expect("writes");
    assert_eq!(a, b);
}

#[test]
fn s390x_objects_are_big_endian_with_dbl_relocations() {
    let mut m = ObjectModule::new(ObjectTarget::S390x);
    let f = m.declare_function("f", Linkage::Export).expect("declares");
    let relocs = [
        reloc(2, RelocKind::S390xPlt32Dbl, 0, 2),
        reloc(8, RelocKind::S390xPcRel32Dbl, 1, 2),
    ];
    let names = ["g", "d"];
    m.define_function(
        f,
        &RelocatedBytes {
            bytes: &[0; 12],
            relocs: &relocs,
            symbol_names: &names,
        },
        2,
    )
    .expect("defines");
    let bytes = m.finish().expect("writes");
    let file = File::parse(&*bytes).expect("parses");
    assert_eq!(file.endianness(), Endianness::Big);
    assert_eq!(file.architecture(), ::object::Architecture::S390x);
    assert_eq!(
        relocations(&bytes),
        [
            (".text".into(), 2, elf::R_390_PLT32DBL, "g".into(), 2),
            (".text".into(), 8, elf::R_390_PC32DBL, "d".into(), 2),
        ]
    );
}

#[test]
fn aarch64_maps_every_kind() {
    let mut m = ObjectModule::new(ObjectTarget::Aarch64);
    let f = m.declare_function("f", Linkage::Export).expect("declares");
    let relocs = [
        reloc(0, RelocKind::Aarch64Call26, 0, 0),
        reloc(4, RelocKind::Aarch64Jump26, 0, 0),
        reloc(8, RelocKind::Aarch64AdrPrelLo21, 0, 8),
        reloc(12, RelocKind::Aarch64AdrPrelPgHi21, 0, 16),
        reloc(16, RelocKind::Abs8, 0, -1),
    ];
    m.define_function(
        f,
        &RelocatedBytes {
            bytes: &[0; 24],
            relocs: &relocs,
            symbol_names: &["g"],
        },
        4,
    )
    .expect("defines");
    let bytes = m.finish().expect("writes");
    let types: Vec<(u32, i64)> = relocations(&bytes)
        .into_iter()
        .map(|r| (r.2, r.4))
        .collect();
    assert_eq!(
        types,
        [
            (elf::R_AARCH64_CALL26, 0),
            (elf::R_AARCH64_JUMP26, 0),
            (elf::R_AARCH64_ADR_PREL_LO21, 8),
            (elf::R_AARCH64_ADR_PREL_PG_HI21, 16),
            (elf::R_AARCH64_ABS64, -1),
        ]
    );
}

#[test]
fn redeclaration_returns_the_same_id_and_merges() {
    let mut m = ObjectModule::new(ObjectTarget::X86_64);
    let a = m.declare_function("f", Linkage::Import).expect("declares");
    let b = m.declare_function("f", Linkage::Export).expect("declares");
    assert_eq!(a, b);
    assert_eq!(m.function_id("f"), Some(a));
    assert_eq!(m.data_id("f"), None);
    let d1 = m
        .declare_data("d", Linkage::Local, DataDecl::read_only(2))
        .expect("declares");
    let d2 = m
        .declare_data("d", Linkage::Local, DataDecl::read_only(8))
        .expect("declares");
    assert_eq!(d1, d2);
    m.define_data(d1, &RelocatedBytes::plain(&[1]))
        .expect("defines");
    m.define_function(b, &RelocatedBytes::plain(&[0xC3]), 1)
        .expect("defines after the import was upgraded");
    let bytes = m.finish().expect("writes");
    let file = File::parse(&*bytes).expect("parses");
    let d = file.symbol_by_name("d").expect("symbol");
    assert_eq!(d.address() % 8, 0, "the larger alignment wins");
    assert_eq!(symbol(&bytes, "f"), (true, true, Some(".text".into())));
}

#[test]
fn a_name_first_seen_in_a_relocation_can_be_declared_later() {
    let mut m = ObjectModule::new(ObjectTarget::X86_64);
    let caller = m.declare_function("caller", Linkage::Export).expect("ok");
    let relocs = [reloc(1, RelocKind::X86CallPlt4, 0, -4)];
    m.define_function(
        caller,
        &RelocatedBytes {
            bytes: &[0xE8, 0, 0, 0, 0, 0xC3],
            relocs: &relocs,
            symbol_names: &["callee"],
        },
        1,
    )
    .expect("defines");
    let callee = m.declare_function("callee", Linkage::Local).expect("ok");
    m.define_function(callee, &RelocatedBytes::plain(&[0xC3]), 1)
        .expect("defines");
    let bytes = m.finish().expect("writes");
    assert_eq!(
        symbol(&bytes, "callee"),
        (true, false, Some(".text".into()))
    );
    assert_eq!(relocations(&bytes)[0].3, "callee");
}

fn error_text<T: fmt::Debug>(r: Result<T, ObjectError>) -> String {
    r.expect_err("must fail").to_string()
}

#[test]
fn declarations_that_disagree_are_errors() {
    let mut m = ObjectModule::new(ObjectTarget::X86_64);
    m.declare_function("f", Linkage::Local).expect("ok");
    m.declare_data("d", Linkage::Export, DataDecl::writable(8))
        .expect("ok");
    let e = error_text(m.declare_function("f", Linkage::Export));
    assert_eq!(
        e,
        "`f` is declared twice incompatibly: first with Local linkage, then with Export"
    );
    let e = error_text(m.declare_data("f", Linkage::Local, DataDecl::read_only(1)));
    assert!(
        e.contains("first as a function, then as read-only data"),
        "{e}"
    );
    let e = error_text(m.declare_data("d", Linkage::Export, DataDecl::read_only(8)));
    assert!(
        e.contains("first as writable data, then as read-only data"),
        "{e}"
    );
    let e = error_text(m.declare_data("e", Linkage::Export, DataDecl::writable(3)));
    assert_eq!(e, "`e`: alignment 3 is not a power of two");
    let e = error_text(m.declare_function("", Linkage::Export));
    assert!(e.contains("not a valid ELF symbol name"), "{e}");
    let e = error_text(m.declare_function("a\0b", Linkage::Export));
    assert!(e.contains("`a\\u{0}b`"), "{e}");
}

#[test]
fn definitions_that_cannot_be_made_are_errors() {
    let mut m = ObjectModule::new(ObjectTarget::X86_64);
    let f = m.declare_function("f", Linkage::Export).expect("ok");
    let import = m.declare_function("puts", Linkage::Import).expect("ok");
    let ro = m
        .declare_data("ro", Linkage::Local, DataDecl::read_only(1))
        .expect("ok");
    let e = error_text(m.define_function(import, &RelocatedBytes::plain(&[0xC3]), 1));
    assert_eq!(e, "`puts` is declared as an import and cannot be defined");
    let e = error_text(m.define_function(f, &RelocatedBytes::plain(&[0xC3]), 3));
    assert!(e.contains("alignment 3"), "{e}");

    let wrong_isa = [reloc(0, RelocKind::Aarch64Call26, 0, 0)];
    let e = error_text(m.define_function(
        f,
        &RelocatedBytes {
            bytes: &[0; 4],
            relocs: &wrong_isa,
            symbol_names: &["g"],
        },
        1,
    ));
    assert_eq!(
        e,
        "`f`+0x0: relocation Aarch64Call26 does not exist on x86_64"
    );
    let past_end = [reloc(2, RelocKind::X86PcRel4, 0, -4)];
    let e = error_text(m.define_function(
        f,
        &RelocatedBytes {
            bytes: &[0; 5],
            relocs: &past_end,
            symbol_names: &["g"],
        },
        1,
    ));
    assert_eq!(
        e,
        "`f`+0x2: the 4-byte relocated field lies past the end of its 5 bytes"
    );
    let no_name = [reloc(0, RelocKind::Abs8, 1, 0)];
    let e = error_text(m.define_data(
        ro,
        &RelocatedBytes {
            bytes: &[0; 8],
            relocs: &no_name,
            symbol_names: &["g"],
        },
    ));
    assert!(
        e.contains("relocation against symbol 1 but the name table has 1 entries"),
        "{e}"
    );
    // The rejected definitions declared nothing: `g` is unknown.
    assert_eq!(m.function_id("g"), None);
    assert!(!m.by_name.contains_key("g"));

    m.define_function(f, &RelocatedBytes::plain(&[0xC3]), 1)
        .expect("defines");
    let e = error_text(m.define_function(f, &RelocatedBytes::plain(&[0xC3]), 1));
    assert_eq!(e, "`f` is defined twice");

    let mut other = ObjectModule::new(ObjectTarget::X86_64);
    let e = error_text(other.define_function(f, &RelocatedBytes::plain(&[]), 1));
    assert_eq!(e, "function id 0 was not declared in this module");
    let e = error_text(other.define_zeroed_data(ro, 4));
    assert_eq!(e, "data id 2 was not declared in this module");

    let e = error_text(m.finish());
    assert_eq!(
        e,
        "declared but never defined: `ro` (declare them as imports or define them)"
    );
}

#[test]
fn zeroed_data_goes_to_bss_or_rodata() {
    let mut m = ObjectModule::new(ObjectTarget::Aarch64);
    let w = m
        .declare_data("w", Linkage::Export, DataDecl::writable(32))
        .expect("ok");
    let r = m
        .declare_data("r", Linkage::Export, DataDecl::read_only(4))
        .expect("ok");
    m.define_zeroed_data(w, 100).expect("defines");
    m.define_zeroed_data(r, 12).expect("defines");
    let e = error_text(m.define_zeroed_data(r, 12));
    assert_eq!(e, "`r` is defined twice");
    let bytes = m.finish().expect("writes");
    assert_eq!(symbol(&bytes, "w").2.as_deref(), Some(".bss"));
    assert_eq!(symbol(&bytes, "r").2.as_deref(), Some(".rodata"));
    let file = File::parse(&*bytes).expect("parses");
    assert_eq!(file.symbol_by_name("w").expect("w").size(), 100);
}
