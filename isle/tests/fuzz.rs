//! Fuzz-ish robustness test: mutated versions of the pass and run cases
//! (truncations, character replacements, token deletions and duplications,
//! swapped lines) must give either generated code or diagnostics with a
//! location, and never a panic. Mutations come from a fixed-seed generator,
//! so failures reproduce.

use std::path::Path;

/// A small deterministic xorshift generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// Characters worth injecting: delimiters and pieces of the syntax.
const INTERESTING: &[&str] = &[
    "(", ")", "@", ";", "(;", ";)", "$", "_", "|", ".", "-", "0x", "9", "é", " ", "\n", "x",
    "true", "and", "let", "if-let", "rule", "decl",
];

fn mutate(text: &str, rng: &mut Rng) -> String {
    let chars: Vec<char> = text.chars().collect();
    let words: Vec<&str> = text.split_inclusive(char::is_whitespace).collect();
    let lines: Vec<&str> = text.lines().collect();
    match rng.below(7) {
        // Truncate.
        0 => chars[..rng.below(chars.len())].iter().collect(),
        // Replace one character.
        1 => {
            let at = rng.below(chars.len());
            let mut out: String = chars[..at].iter().collect();
            out.push_str(INTERESTING[rng.below(INTERESTING.len())]);
            out.extend(chars.get(at + 1..).unwrap_or(&[]));
            out
        }
        // Delete one token.
        2 => {
            let at = rng.below(words.len());
            words
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != at)
                .map(|(_, w)| *w)
                .collect()
        }
        // Duplicate one token.
        3 => {
            let at = rng.below(words.len());
            let mut out = String::new();
            for (i, w) in words.iter().enumerate() {
                out.push_str(w);
                if i == at {
                    out.push(' ');
                    out.push_str(w);
                }
            }
            out
        }
        // Swap two lines.
        4 => {
            let mut lines = lines.clone();
            if !lines.is_empty() {
                let (a, b) = (rng.below(lines.len()), rng.below(lines.len()));
                lines.swap(a, b);
            }
            lines.join("\n")
        }
        // Empty a list but keep its head: `(if-let p e)` becomes `(if-let)`.
        5 => {
            let opens: Vec<usize> = chars
                .iter()
                .enumerate()
                .filter(|(_, c)| **c == '(')
                .map(|(i, _)| i)
                .collect();
            if opens.is_empty() {
                return text.to_string();
            }
            let start = opens[rng.below(opens.len())];
            let mut depth = 0;
            let mut end = chars.len();
            for (i, c) in chars.iter().enumerate().skip(start) {
                match c {
                    '(' => depth += 1,
                    ')' => {
                        depth -= 1;
                        if depth == 0 {
                            end = i;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let head_end = chars[start + 1..end.max(start + 1)]
                .iter()
                .position(|c| c.is_whitespace() || *c == '(' || *c == ')')
                .map_or(end, |p| start + 1 + p);
            let mut out: String = chars[..head_end].iter().collect();
            out.extend(chars.get(end..).unwrap_or(&[]));
            out
        }
        // Several mutations in a row.
        _ => {
            let once = mutate(text, rng);
            mutate(&once, rng)
        }
    }
}

#[test]
fn mutated_inputs_never_panic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut inputs = Vec::new();
    for dir in ["pass", "run"] {
        let mut paths: Vec<_> = std::fs::read_dir(root.join(dir))
            .expect("test directory")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "isle"))
            .collect();
        paths.sort();
        for p in paths {
            inputs.push(std::fs::read_to_string(p).expect("readable"));
        }
    }
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let (mut accepted, mut rejected) = (0, 0);
    for text in &inputs {
        for _ in 0..250 {
            let mutated = mutate(text, &mut rng);
            let sources = [("m.isle".to_string(), mutated.clone())];
            match lathe_isle::compile_sources(&sources, &Default::default()) {
                Ok(_) => accepted += 1,
                Err(diagnostics) => {
                    rejected += 1;
                    assert!(!diagnostics.is_empty());
                    for d in &diagnostics.list {
                        assert!(
                            d.primary.is_some() && !d.message.contains("internal error"),
                            "bad diagnostic `{}` for input:\n{mutated}",
                            d.message
                        );
                    }
                    let rendered = diagnostics.to_string();
                    assert!(rendered.starts_with("m.isle:"), "{rendered}");
                }
            }
        }
    }
    assert!(
        rejected > 0 && accepted > 0,
        "accepted {accepted}, rejected {rejected}"
    );
}

#[test]
fn pathological_nesting_is_reported_or_handled() {
    // Deep S-expressions, deep patterns and deep expressions.
    let depth = 50_000;
    let cases = [
        "(".repeat(depth),
        ")".repeat(depth),
        format!(
            "(decl f (u8) u8) (rule (f {}x{}) x)",
            "(and ".repeat(depth),
            ")".repeat(depth)
        ),
        format!(
            "(decl pure g (u8) u8) (extern constructor g g) (decl f (u8) u8) (rule (f x) {}x{})",
            "(g ".repeat(depth),
            ")".repeat(depth)
        ),
        format!(
            "(decl f (u8) u8) (rule (f x) {}x{})",
            "(let ((y u8 1)) ".repeat(depth),
            ")".repeat(depth)
        ),
        format!(
            "(type E (enum (W (e E)) (L u8))) (decl f (u8) E) (rule (f x) {}(E.L x){})",
            "(E.W ".repeat(depth),
            ")".repeat(depth)
        ),
    ];
    for text in cases {
        let sources = [("deep.isle".to_string(), text)];
        // Finishing without overflowing the stack is the point; when the
        // input is rejected, the diagnostics must locate the problem.
        match lathe_isle::compile_sources(&sources, &Default::default()) {
            Ok(rust) => assert!(!rust.is_empty()),
            // (Rendering is not checked here: snippets of 50,000-character
            // lines are slow to format and are covered by the fail cases.)
            Err(diagnostics) => assert!(
                diagnostics.list.iter().any(|d| d.primary.is_some()),
                "no located diagnostic: {:?}",
                diagnostics
                    .list
                    .iter()
                    .map(|d| &d.message)
                    .collect::<Vec<_>>()
            ),
        }
    }
}

#[test]
fn matchers_nesting_too_deep_are_a_clean_error() {
    // Rule i matches i nested `s` extractions then a literal; each level
    // branches, so the matcher nests one block per rule.
    let mut text = String::from("(decl s (u8) u8) (extern extractor s s) (decl f (u8) u8)\n");
    for i in 0..600 {
        text.push_str(&format!(
            "(rule {i} (f {}1{}) 0)\n",
            "(s ".repeat(i),
            ")".repeat(i)
        ));
    }
    let sources = [("deep.isle".to_string(), text)];
    let error = lathe_isle::compile_sources(&sources, &Default::default()).expect_err("too deep");
    let rendered = error.to_string();
    assert!(
        rendered.contains("unsupported: the matcher of term `f` would nest more than"),
        "{rendered}"
    );
}
