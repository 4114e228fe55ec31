//! `lathe compile --emit obj`: the object links with a C driver through
//! the system `cc` and runs. Without `cc` the test is skipped with a
//! notice, unless `LATHE_REQUIRE_CROSS=1` (CI), where it fails.

use std::path::{Path, PathBuf};
use std::process::Command;

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn cc_available() -> bool {
    if Command::new("cc").arg("--version").output().is_ok() {
        return true;
    }
    assert!(
        std::env::var("LATHE_REQUIRE_CROSS").as_deref() != Ok("1"),
        "`cc` is required (LATHE_REQUIRE_CROSS=1)"
    );
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "notice: skipping the object link test: no `cc`"
    );
    false
}

#[test]
fn compiled_object_links_with_a_c_driver_and_runs() {
    if !cfg!(target_arch = "x86_64") || !cc_available() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("lathe-obj-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let obj = dir.join("functions.o");
    let exe = dir.join("driver");
    let out = Command::new(env!("CARGO_BIN_EXE_lathe"))
        .args(["compile", "--target", "x86_64", "--emit", "obj", "-o"])
        .arg(&obj)
        .arg(data("object_functions.clif"))
        .output()
        .expect("runs lathe");
    assert!(
        out.status.success(),
        "lathe compile: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let link = Command::new("cc")
        .arg(data("object_driver.c"))
        .arg(&obj)
        .arg("-o")
        .arg(&exe)
        .output()
        .expect("runs cc");
    assert!(
        link.status.success(),
        "cc: {}",
        String::from_utf8_lossy(&link.stderr)
    );
    let run = Command::new(&exe).output().expect("runs the driver");
    assert!(run.status.success());
    assert_eq!(
        String::from_utf8_lossy(&run.stdout),
        "sum 42\nfib 12586269025\ngcd 21\nfib_plus_abs 100\nsum_bytes 307\nlabs_through_pointer 7\n"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn emit_obj_without_output_is_a_usage_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_lathe"))
        .args(["compile", "--emit", "obj"])
        .arg(data("object_functions.clif"))
        .output()
        .expect("runs lathe");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("needs `-o FILE`"));
}

#[test]
fn unsupported_opcodes_are_reported_with_a_location() {
    let dir = std::env::temp_dir().join(format!("lathe-unsup-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let clif = dir.join("f.clif");
    std::fs::write(
        &clif,
        "function %f(i64) -> i64 {\nblock0(v0: i64):\n    v1 = get_pinned_reg.i64\n    return v1\n}\n",
    )
    .expect("writes");
    let out = Command::new(env!("CARGO_BIN_EXE_lathe"))
        .args(["compile", "--target", "x86_64"])
        .arg(&clif)
        .output()
        .expect("runs lathe");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("f.clif:1:") && err.contains("unsupported: `get_pinned_reg`"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
