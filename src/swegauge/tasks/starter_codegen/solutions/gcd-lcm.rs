use std::io::Read;

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 { a } else { gcd(b, a % b) }
}

fn main() {
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input).unwrap();
    let v: Vec<u64> = input.split_whitespace().map(|x| x.parse().unwrap()).collect();
    let g = gcd(v[0], v[1]);
    println!("{} {}", g, v[0] / g * v[1]);
}
