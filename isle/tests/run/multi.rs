// Harness of multi.isle.
struct Ctx;

impl Context for Ctx {
    fn double(&mut self, x: u32) -> u32 {
        x * 2
    }
    fn plus(&mut self, a: u32, b: u32) -> u32 {
        a + b
    }
    fn divisors(&mut self, x: u32, out: &mut Vec<u32>) {
        out.extend((1..=x).filter(|d| x % d == 0));
    }
    fn factor_pairs(&mut self, x: u32, out: &mut Vec<(u32, u32)>) {
        out.extend((1..=x).filter(|d| x % d == 0).map(|d| (d, x / d)));
    }
    fn is_even(&mut self, x: u32) -> Option<u32> {
        (x % 2 == 0).then_some(x / 2)
    }
}

fn all(f: impl FnOnce(&mut Vec<u32>)) -> Vec<u32> {
    let mut out = Vec::new();
    f(&mut out);
    out.sort();
    out
}

pub fn run() {
    let mut ctx = Ctx;
    assert_eq!(all(|o| constructor_rewrite(&mut ctx, 6, o)), vec![3, 6, 12]);
    assert_eq!(all(|o| constructor_rewrite(&mut ctx, 5, o)), vec![5, 10]);
    assert_eq!(all(|o| constructor_divisors_plus_one(&mut ctx, 6, o)), vec![2, 3, 4, 7]);
    assert_eq!(all(|o| constructor_factor_sums(&mut ctx, 6, o)), vec![5, 5, 7, 7]);
    assert_eq!(all(|o| constructor_even_divisors(&mut ctx, 12, o)), vec![1, 2, 3, 6]);
}
