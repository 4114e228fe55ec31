//! The benchmark's synthetic 2,000-rule set compiles, and its matcher
//! dispatches through `match` on the opcode rather than trying rules one by one.

#[path = "../benches/synthetic.rs"]
mod synthetic;

#[test]
fn synthetic_rule_set_compiles_to_a_switch() {
    let text = synthetic::rules(100);
    assert_eq!(
        text.lines().filter(|l| l.starts_with("(rule")).count(),
        2000
    );
    let sources = [("synthetic.isle".to_string(), text)];
    let rust = match lathe_isle::compile_sources(&sources, &Default::default()) {
        Ok(rust) => rust,
        Err(diagnostics) => panic!("{diagnostics}"),
    };
    // One `match` over the opcode holds an arm per opcode.
    let arms = rust
        .lines()
        .filter(|l| l.trim_start().starts_with("Opcode::Op"))
        .count();
    assert!(arms >= 100, "{arms} opcode arms");
    // Every rule appears in the matcher.
    assert!(rust.matches("// rule op").count() >= 2000);
}
