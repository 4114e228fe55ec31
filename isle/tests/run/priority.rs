// Harness of priority.isle: `is_even` and `small` are fallible extractors.
struct Ctx;

impl Context for Ctx {
    fn is_even(&mut self, x: u32) -> Option<u32> {
        (x % 2 == 0).then_some(x / 2)
    }
    fn small(&mut self, x: u32) -> Option<u32> {
        (x < 10).then_some(x)
    }
    fn add(&mut self, a: u32, b: u32) -> u32 {
        a + b
    }
}

pub fn run() {
    let mut ctx = Ctx;
    // The highest priority wins when several rules match.
    assert_eq!(constructor_classify(&mut ctx, 0), 100);
    assert_eq!(constructor_classify(&mut ctx, 4), 1002);
    // `small` fails: fall through to the next rule.
    assert_eq!(constructor_classify(&mut ctx, 12), 6);
    // Both extractors fail: the catch-all rule.
    assert_eq!(constructor_classify(&mut ctx, 7), 7);
    // Coverage counters count firings per rule.
    let coverage = rule_coverage();
    let count = |name: &str| {
        coverage
            .iter()
            .find(|(n, _)| n.starts_with(name))
            .map(|(_, c)| *c)
            .unwrap_or_else(|| panic!("no rule {name}"))
    };
    assert_eq!(count("zero"), 1);
    assert_eq!(count("even_small"), 1);
    assert_eq!(count("even "), 1);
    assert_eq!(count("other"), 1);
    assert!(RULE_NAMES[0].starts_with("zero @ "), "{}", RULE_NAMES[0]);
}
