//! Output to a closed pipe (`lathe compile f.clif | head -1`) ends the
//! command quietly: no panic, no error report.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};

#[test]
fn commands_stop_quietly_when_stdout_closes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    // Every run test: more output than a pipe buffers (64 KiB), so the
    // writes after the reader is gone fail.
    let mut runtests: Vec<String> = std::fs::read_dir(root.join("tests/filetests/runtests"))
        .expect("runtests")
        .flatten()
        .map(|e| e.path().display().to_string())
        .filter(|p| p.ends_with(".clif"))
        .collect();
    runtests.sort();
    let with = |head: &[&str]| -> Vec<String> {
        head.iter()
            .map(|s| s.to_string())
            .chain(runtests.iter().cloned())
            .collect()
    };
    for args in [with(&["compile"]), with(&["cat"]), with(&["test", "-v"])] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_lathe"))
            .args(&args)
            .current_dir(&root)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("runs lathe");
        // Read a little, then close the pipe.
        let mut first = [0u8; 16];
        let mut stdout = child.stdout.take().expect("stdout");
        let _ = stdout.read(&mut first);
        drop(stdout);
        let out = child.wait_with_output().expect("waits");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_ne!(out.status.code(), Some(101), "{args:?}: {stderr}");
    }
}
